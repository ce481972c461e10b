package com.trueup.notification;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Sends one notice by e-mail (the configured SMTP server) or to one webhook, and says how it went: sent, to be tried
 * again (with the webhook's Retry-After, if any), or failed for good. Never follows a redirect (it could carry a
 * webhook's token elsewhere) and never puts a webhook's URL in a message.
 */
@Component
class Channels {

    /** How an attempt went; {@code retryAfter} only for retryable failures that named one. */
    record Outcome(boolean sent, boolean retryable, String error, Duration retryAfter) {

        static final Outcome SENT = new Outcome(true, false, null, null);

        static Outcome retry(String error, Duration retryAfter) {
            return new Outcome(false, true, error, retryAfter);
        }

        static Outcome failed(String error) {
            return new Outcome(false, false, error, null);
        }
    }

    private final ObjectProvider<JavaMailSender> mail;
    private final MailSettings mailSettings;
    private final NotificationSettings settings;
    private final Clock clock;
    private final HttpClient http;

    Channels(
            ObjectProvider<JavaMailSender> mail,
            MailSettings mailSettings,
            NotificationSettings settings,
            Clock clock) {
        this.mail = mail;
        this.mailSettings = mailSettings;
        this.settings = settings;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.webhookTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    boolean mailConfigured() {
        return mailSettings.configured() && mail.getIfAvailable() != null;
    }

    Outcome email(String to, Notice notice) {
        JavaMailSender sender = mail.getIfAvailable();
        if (!mailSettings.configured() || sender == null) {
            return Outcome.failed(
                    "E-mail is not set up: set TRUEUP_MAIL_HOST (and port, user, password, TLS) to an SMTP server.");
        }
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(mailSettings.from());
        message.setTo(to);
        message.setSubject(Renderings.mailSubject(notice));
        message.setText(Renderings.mailText(notice, settings.link(notice.link())));
        try {
            sender.send(message);
            return Outcome.SENT;
        } catch (MailParseException | MailPreparationException e) {
            return Outcome.failed("The message could not be addressed: " + e.getMessage());
        } catch (MailAuthenticationException e) {
            return Outcome.retry("The SMTP server refused the user name or password.", null);
        } catch (MailException e) {
            return Outcome.retry("The SMTP server did not take the message: " + rootMessage(e), null);
        }
    }

    Outcome webhook(NotificationStore.Webhook webhook, Notice notice, UUID eventId, UUID deliveryId) {
        String link = settings.link(notice.link());
        String body = switch (webhook.format()) {
            case "slack" -> Renderings.slack(notice, link);
            case "teams" -> Renderings.teams(notice, link);
            default -> Renderings.generic(notice, eventId, webhook.tenantId(), link);
        };
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(webhook.url()))
                .timeout(settings.webhookTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "TrueUp-Notifications")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if ("generic".equals(webhook.format())) {
            long timestamp = clock.instant().getEpochSecond();
            request.header(Renderings.EVENT_HEADER, notice.type())
                    .header(Renderings.DELIVERY_HEADER, deliveryId.toString())
                    .header(Renderings.TIMESTAMP_HEADER, Long.toString(timestamp))
                    .header(Renderings.SIGNATURE_HEADER, Renderings.signature(webhook.secret(), timestamp, body));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return Outcome.retry("Could not reach the webhook (" + e.getClass().getSimpleName() + ")", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.retry("Interrupted while calling the webhook", null);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return Outcome.SENT;
        }
        String answer = "The webhook answered HTTP " + status + snippet(response.body());
        if (status == 408 || status == 429 || status >= 500) {
            return Outcome.retry(answer, retryAfter(response));
        }
        return Outcome.failed(answer);
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers()
                .firstValue("Retry-After")
                .map(v -> {
                    try {
                        return Duration.ofSeconds(Long.parseLong(v.trim()));
                    } catch (NumberFormatException e) {
                        return null;
                    }
                })
                .orElse(null);
    }

    /** The first characters of an error answer: what Slack or Teams say is useful ("invalid_payload", "no_service"). */
    private static String snippet(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String oneLine = body.strip().replaceAll("\\s+", " ");
        return ": " + (oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
