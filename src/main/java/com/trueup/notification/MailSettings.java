package com.trueup.notification;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The SMTP server notifications are sent through ({@code trueup.mail.*}); e-mail is off while {@code host} is empty.
 * {@code tls}: STARTTLS (upgrade a plain connection, required), SMTPS (TLS from the first byte, usually port 465) or
 * NONE (a relay on a trusted network). {@code password} is never logged or shown.
 */
@ConfigurationProperties("trueup.mail")
record MailSettings(@DefaultValue("") String host, @DefaultValue("587") int port, @DefaultValue("") String username,
                    @DefaultValue("") String password, @DefaultValue("STARTTLS") Tls tls,
                    @DefaultValue("trueup@localhost") String from, @DefaultValue("10s") Duration timeout) {

    enum Tls {
        STARTTLS, SMTPS, NONE
    }

    boolean configured() {
        return host != null && !host.isBlank();
    }

    @Override
    public String toString() {
        return "MailSettings[host=" + host + ", port=" + port + ", username=" + username + ", tls=" + tls + ", from=" + from + "]";
    }
}
