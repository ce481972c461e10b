package com.trueup.writeback;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Delivery tuning ({@code trueup.writeback.*}): {@code maxAttempts} attempts per (re-)queue before a retryable
 * failure becomes {@code failed}; backoff doubles from {@code backoffBase} up to {@code backoffMax} (jittered, never
 * below the PSA's Retry-After); {@code waitInterval} is how often a delivery waiting for an older one on the same
 * line looks again.
 */
@ConfigurationProperties("trueup.writeback")
record WriteBackSettings(@DefaultValue("8") int maxAttempts, @DefaultValue("30s") Duration backoffBase,
                         @DefaultValue("30m") Duration backoffMax, @DefaultValue("5s") Duration waitInterval) {
}
