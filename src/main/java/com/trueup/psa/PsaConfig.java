package com.trueup.psa;

import com.trueup.shared.InstanceSettings;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({PsaSettings.class, MasterKeySettings.class})
class PsaConfig {

    /** The credential cipher with the master key from TRUEUP_MASTER_KEY or the generated key file. */
    @Bean
    CredentialCipher credentialCipher(MasterKeySettings key, InstanceSettings instance) {
        return new CredentialCipher(MasterKey.load(key.masterKey(), instance.dataDir()));
    }
}
