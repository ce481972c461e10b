package com.trueup.psa.connector.http;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Parses an HTTP Retry-After value: delay in seconds, or an HTTP date (RFC 1123). */
final class RetryAfter {

    private RetryAfter() {}

    /** The wait the value asks for, or null when absent or unreadable; a date in the past means no wait. */
    static Duration parse(String value, Clock clock) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            BigDecimal seconds = new BigDecimal(v);
            if (seconds.signum() < 0) {
                return Duration.ZERO;
            }
            return Duration.ofMillis(seconds.movePointRight(3)
                    .setScale(0, java.math.RoundingMode.CEILING)
                    .longValueExact());
        } catch (NumberFormatException | ArithmeticException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                Duration wait = Duration.between(clock.instant(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }
}
