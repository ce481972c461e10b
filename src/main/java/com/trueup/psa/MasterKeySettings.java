package com.trueup.psa;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The key that encrypts stored PSA credentials ({@code trueup.master-key}); checked by {@link MasterKey#load}.
 *
 * @param masterKey base64 of 32 bytes: the AES-GCM key of PSA credentials; empty: the key generated into
 *        data-dir/master.key on the first start. Back it up: without it stored credentials cannot be read
 */
@ConfigurationProperties("trueup")
record MasterKeySettings(@DefaultValue("") String masterKey) {

    /** Never shows the key. */
    @Override
    public String toString() {
        return "MasterKeySettings[masterKey=" + (masterKey.isBlank() ? "(from the key file)" : "(set)") + "]";
    }
}
