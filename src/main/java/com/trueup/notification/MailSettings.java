package com.trueup.notification;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The SMTP server notifications are sent through ({@code trueup.mail.*}, docs/automation.md); e-mail is off while
 * {@code host} is empty.
 *
 * @param host the SMTP server; empty: e-mail is off
 * @param port the SMTP port
 * @param username the SMTP login; empty: none
 * @param password the SMTP password; never logged or shown
 * @param tls STARTTLS (upgrade a plain connection, required; usually port 587), SMTPS (TLS from the first byte, usually
 *        port 465) or NONE (a relay on a trusted network)
 * @param from the sender address of notification e-mails
 * @param timeout the SMTP connect, read and write timeout
 */
@Validated
@ConfigurationProperties("trueup.mail")
record MailSettings(
        @DefaultValue("") String host,
        @DefaultValue("587") @Min(1) @Max(65535) int port,
        @DefaultValue("") String username,
        @DefaultValue("") String password,
        @DefaultValue("STARTTLS") Tls tls,
        @DefaultValue("trueup@localhost") String from,
        @DefaultValue("10s") @DurationMin(millis = 1) Duration timeout) {

    enum Tls {
        STARTTLS,
        SMTPS,
        NONE
    }

    boolean configured() {
        return host != null && !host.isBlank();
    }

    @Override
    public String toString() {
        return "MailSettings[host=" + host + ", port=" + port + ", username=" + username + ", tls=" + tls + ", from="
                + from + "]";
    }
}
