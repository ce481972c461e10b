package com.trueup.writeback;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Write-back delivery ({@code trueup.writeback.*}, docs/writeback.md). Backoff is jittered and never shorter than the
 * PSA's Retry-After.
 *
 * @param maxAttempts attempts per (re-)queue before a retryable failure becomes failed
 * @param backoffBase the wait after the first failed attempt; doubles each attempt
 * @param backoffMax the longest wait between attempts
 * @param waitInterval how often a delivery waiting for an older one on the same line looks again
 */
@Validated
@ConfigurationProperties("trueup.writeback")
record WriteBackSettings(
        @DefaultValue("8") @Min(1) int maxAttempts,
        @DefaultValue("30s") @DurationMin(millis = 1) Duration backoffBase,
        @DefaultValue("30m") @DurationMin(millis = 1) Duration backoffMax,
        @DefaultValue("5s") @DurationMin(millis = 1) Duration waitInterval) {}
