package com.trueup.psa.connector.http;

import java.time.Duration;

/**
 * Timeouts and retry bounds of PSA calls. {@code readTimeout}/{@code writeTimeout}: how long to wait for a response;
 * {@code maxReadAttempts}: attempts of one read in all (1 = no retry); {@code initialBackoff} doubles per attempt up
 * to {@code maxBackoff}; a Retry-After longer than {@code maxRetryAfter} is not waited for; {@code maxWriteAttempts}:
 * how often one write may be sent in all when re-reading shows it did not land; {@code gateWait}: how long a request
 * may wait for a free concurrency slot of a PSA that limits parallel requests.
 */
public record PsaHttpSettings(Duration connectTimeout, Duration readTimeout, Duration writeTimeout, int maxReadAttempts,
                              Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter, int maxWriteAttempts,
                              Duration gateWait) {

    public PsaHttpSettings {
        if (maxReadAttempts < 1 || maxWriteAttempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
    }

    /** The production defaults (the same as PsaHttpConfiguration's when no trueup.psa.http.* property is set). */
    public static PsaHttpSettings defaults() {
        return new PsaHttpSettings(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(60), 5,
                Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(2), 3, Duration.ofSeconds(60));
    }
}
