package com.trueup.notification;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Notification delivery ({@code trueup.notifications.*}): {@code maxAttempts} per delivery before it is {@code failed};
 * the wait doubles from {@code backoffBase} up to {@code backoffMax} (jittered, never below a webhook's Retry-After);
 * {@code webhookTimeout} bounds each webhook call; at most {@code maxConcurrentDeliveries} deliveries talk to mail
 * servers and webhooks at once per instance, so the job threads stay free for reconciliation; {@code unmappedGrace}
 * is how long new vendor items may stay unmapped (auto-mapping runs first) before anyone is told; {@code watchInterval}
 * is how often digests and silent vendors are checked; {@code publicUrl} (e.g. https://trueup.example.com) makes the
 * links in messages absolute.
 */
@ConfigurationProperties("trueup.notifications")
record NotificationSettings(@DefaultValue("8") int maxAttempts, @DefaultValue("30s") Duration backoffBase,
                            @DefaultValue("30m") Duration backoffMax, @DefaultValue("10s") Duration webhookTimeout,
                            @DefaultValue("2") int maxConcurrentDeliveries, @DefaultValue("5m") Duration unmappedGrace,
                            @DefaultValue("1m") Duration watchInterval, @DefaultValue("") String publicUrl) {

    /** An absolute link where a public URL is set, else the path. */
    String link(String path) {
        if (path == null) {
            return null;
        }
        return publicUrl == null || publicUrl.isBlank() ? path : publicUrl.replaceAll("/+$", "") + path;
    }
}
