package com.trueup.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Duration BASE = Duration.ofSeconds(30);
    private static final Duration MAX = Duration.ofMinutes(30);

    @Test
    void doublesPerAttemptWithTheUpperHalfRandom() {
        assertThat(Backoff.delay(1, null, BASE, MAX, 0.0)).isEqualTo(Duration.ofSeconds(15));
        assertThat(Backoff.delay(1, null, BASE, MAX, 0.999999))
                .isBetween(Duration.ofMillis(29_999), Duration.ofSeconds(30));
        assertThat(Backoff.delay(2, null, BASE, MAX, 0.0)).isEqualTo(Duration.ofSeconds(30));
        assertThat(Backoff.delay(3, null, BASE, MAX, 0.5)).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void isCappedAtTheMaximum() {
        assertThat(Backoff.delay(10, null, BASE, MAX, 0.0)).isEqualTo(Duration.ofMinutes(15));
        assertThat(Backoff.delay(60, null, BASE, MAX, 0.999999)).isLessThanOrEqualTo(MAX);
    }

    @Test
    void neverWaitsLessThanTheRemoteSideAskedButNoMoreThanADay() {
        assertThat(Backoff.delay(1, Duration.ofMinutes(2), BASE, MAX, 0.9)).isEqualTo(Duration.ofMinutes(2));
        assertThat(Backoff.delay(3, Duration.ofSeconds(5), BASE, MAX, 0.0)).isEqualTo(Duration.ofSeconds(60));
        assertThat(Backoff.delay(1, Duration.ofDays(3), BASE, MAX, 0.0)).isEqualTo(Duration.ofDays(1));
    }
}
