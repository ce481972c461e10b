package com.trueup.psa.connector.http;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Timeouts, retry bounds, request budgets and caches of the PSA connectors ({@code trueup.psa.http.*},
 * docs/psa-connectors.md).
 *
 * @param connectTimeout how long connecting to a PSA may take
 * @param readTimeout how long to wait for the answer to a read
 * @param writeTimeout how long to wait for the answer to a write (after it, the write's outcome is unknown)
 * @param maxReadAttempts attempts of one read in all (1: no retry)
 * @param initialBackoff the wait before the second attempt when the PSA names none (Retry-After); doubles per attempt
 * @param maxBackoff the longest wait between attempts when the PSA names none
 * @param maxRetryAfter the longest Retry-After waited for inside one operation; a longer one fails it as retryable
 * @param maxWriteAttempts how often one write may be sent in all when re-reading shows it did not land
 * @param gateWait how long a request may wait for a free concurrency slot of a PSA that limits parallel requests
 * @param sharedBudgetShare the share of a request budget that the PSA shares with the MSP's other integrations which
 *        TrueUp may use (0 excluded to 1)
 * @param tokenCacheSize OAuth tokens kept (one per PSA login); the least used beyond it are fetched again
 * @param tokenCacheExpiry the longest an OAuth token is kept, whatever its own expiry
 * @param gateIdleExpiry how long an unused request gate (budget and concurrency slots of one login) is kept; a budget
 *        has refilled long before
 * @param discoveryCacheSize where-the-PSA-lives look-ups kept (ConnectWise codebases, Autotask zones), one per login
 * @param discoveryCacheExpiry how long such a look-up is reused: PSAs move sites between codebases and zones
 */
@Validated
@ConfigurationProperties("trueup.psa.http")
public record PsaHttpSettings(
        @DefaultValue("10s") @DurationMin(millis = 1) Duration connectTimeout,
        @DefaultValue("60s") @DurationMin(millis = 1) Duration readTimeout,
        @DefaultValue("60s") @DurationMin(millis = 1) Duration writeTimeout,
        @DefaultValue("5") @Min(1) int maxReadAttempts,
        @DefaultValue("1s") @DurationMin(millis = 0) Duration initialBackoff,
        @DefaultValue("30s") @DurationMin(millis = 0) Duration maxBackoff,
        @DefaultValue("2m") @DurationMin(millis = 0) Duration maxRetryAfter,
        @DefaultValue("3") @Min(1) int maxWriteAttempts,
        @DefaultValue("60s") @DurationMin(millis = 0) Duration gateWait,
        @DefaultValue("0.5") @Positive @DecimalMax("1") double sharedBudgetShare,
        @DefaultValue("10000") @Min(0) long tokenCacheSize,
        @DefaultValue("31d") @DurationMin(millis = 1) Duration tokenCacheExpiry,
        @DefaultValue("2h") @DurationMin(millis = 1) Duration gateIdleExpiry,
        @DefaultValue("10000") @Min(0) long discoveryCacheSize,
        @DefaultValue("1h") @DurationMin(millis = 1) Duration discoveryCacheExpiry) {

    /** The production defaults: what runs when no {@code trueup.psa.http.*} setting is given. */
    public static PsaHttpSettings defaults() {
        return new Binder().bindOrCreate("trueup.psa.http", PsaHttpSettings.class);
    }
}
