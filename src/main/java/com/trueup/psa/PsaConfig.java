package com.trueup.psa;

import java.nio.file.Path;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PsaConfig {

    /** The credential cipher with the master key from TRUEUP_MASTER_KEY or the generated key file. */
    @Bean
    CredentialCipher credentialCipher(@Value("${trueup.master-key:}") String masterKey,
            @Value("${trueup.data-dir:./data}") String dataDir) {
        return new CredentialCipher(MasterKey.load(masterKey, Path.of(dataDir)));
    }
}
