package com.trueup.notification;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.trueup.support.IntegrationTest;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Notifications against real servers on this machine: GreenMail as the SMTP server, WireMock as the webhooks' HTTP
 * server; short backoff and timeouts so retries happen within seconds. Subclasses share one application context.
 */
@TestPropertySource(
        properties = {
            "trueup.mail.host=127.0.0.1",
            "trueup.mail.tls=NONE",
            "trueup.mail.from=trueup@msp.test",
            "trueup.notifications.max-attempts=3",
            "trueup.notifications.backoff-base=1s",
            "trueup.notifications.backoff-max=2s",
            "trueup.notifications.webhook-timeout=2s",
            "trueup.notifications.unmapped-grace=1s",
            "trueup.notifications.public-url=https://trueup.example.com"
        })
abstract class NotificationItBase extends IntegrationTest {

    static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    static final WireMockServer WEBHOOKS = new WireMockServer(options().dynamicPort());

    static {
        SMTP.start();
        WEBHOOKS.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            SMTP.stop();
            WEBHOOKS.stop();
        }));
    }

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("trueup.mail.port", () -> SMTP.getSmtp().getPort());
    }

    /** Messages the SMTP server received for {@code address}, oldest first. */
    static List<MimeMessage> mailTo(String address) {
        return Arrays.stream(SMTP.getReceivedMessages())
                .filter(m -> {
                    try {
                        return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                                .anyMatch(a -> a.toString().equals(address));
                    } catch (MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    static String webhookUrl(String path) {
        return "http://localhost:" + WEBHOOKS.port() + path;
    }
}
