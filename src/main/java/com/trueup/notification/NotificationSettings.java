package com.trueup.notification;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Notification delivery ({@code trueup.notifications.*}, docs/automation.md). Backoff is jittered and never shorter
 * than a webhook's Retry-After.
 *
 * @param maxAttempts attempts per delivery before it is failed
 * @param backoffBase the wait after the first failed attempt; doubles each attempt
 * @param backoffMax the longest wait between attempts
 * @param webhookTimeout the connect and answer timeout of a webhook call
 * @param maxConcurrentDeliveries deliveries talking to mail servers and webhooks at once, per instance (so the job
 *        threads stay free for reconciliation)
 * @param unmappedGrace how long new vendor items may stay unmapped (auto-mapping runs first) before anyone is told
 * @param watchInterval how often digests and silent vendors are checked
 * @param publicUrl TrueUp's address (e.g. https://trueup.example.com), which makes the links in messages absolute;
 *        empty: relative links (Slack and Teams get none)
 */
@Validated
@ConfigurationProperties("trueup.notifications")
record NotificationSettings(
        @DefaultValue("8") @Min(1) int maxAttempts,
        @DefaultValue("30s") @DurationMin(millis = 1) Duration backoffBase,
        @DefaultValue("30m") @DurationMin(millis = 1) Duration backoffMax,
        @DefaultValue("10s") @DurationMin(millis = 1) Duration webhookTimeout,
        @DefaultValue("2") @Min(1) int maxConcurrentDeliveries,
        @DefaultValue("5m") @DurationMin(millis = 0) Duration unmappedGrace,
        @DefaultValue("1m") @DurationMin(seconds = 1) Duration watchInterval,
        @DefaultValue("") String publicUrl) {

    /** An absolute link where a public URL is set, else the path. */
    String link(String path) {
        if (path == null) {
            return null;
        }
        return publicUrl == null || publicUrl.isBlank() ? path : publicUrl.replaceAll("/+$", "") + path;
    }
}
