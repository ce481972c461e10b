package com.trueup.integration;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void aFloodOfOtherKeysDoesNotResetAThrottledVendor() {
        VendorApiSecurity.RateLimiter limiter = new VendorApiSecurity.RateLimiter(1, java.time.Duration.ofMinutes(1));
        assertThat(limiter.tryConsume("busy-vendor")).isZero();
        assertThat(limiter.tryConsume("busy-vendor"))
                .as("the second request of the minute waits")
                .isPositive();

        for (int i = 0; i < 60_000; i++) {
            limiter.tryConsume("key-" + i);
        }

        assertThat(limiter.tryConsume("busy-vendor"))
                .as("still throttled after the flood")
                .isPositive();
    }
}
