package com.trueup.notification;

import java.util.Properties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/** The SMTP sender, from {@link MailSettings}; there is none while no host is set (e-mail is off). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({MailSettings.class, NotificationSettings.class})
class MailConfig {

    @Bean
    @ConditionalOnExpression("!'${trueup.mail.host:}'.isBlank()")
    JavaMailSender notificationMailSender(MailSettings settings) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost(settings.host());
        sender.setPort(settings.port());
        sender.setProtocol(settings.tls() == MailSettings.Tls.SMTPS ? "smtps" : "smtp");
        if (!settings.username().isBlank()) {
            sender.setUsername(settings.username());
            sender.setPassword(settings.password());
        }
        String prefix = "mail." + sender.getProtocol() + ".";
        Properties p = new Properties();
        p.put(prefix + "auth", Boolean.toString(!settings.username().isBlank()));
        p.put(prefix + "starttls.enable", Boolean.toString(settings.tls() == MailSettings.Tls.STARTTLS));
        p.put(prefix + "starttls.required", Boolean.toString(settings.tls() == MailSettings.Tls.STARTTLS));
        p.put(prefix + "ssl.checkserveridentity", "true");
        p.put(prefix + "connectiontimeout", Long.toString(settings.timeout().toMillis()));
        p.put(prefix + "timeout", Long.toString(settings.timeout().toMillis()));
        p.put(prefix + "writetimeout", Long.toString(settings.timeout().toMillis()));
        sender.setJavaMailProperties(p);
        return sender;
    }
}
