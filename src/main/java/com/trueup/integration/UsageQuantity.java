package com.trueup.integration;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * The vendor's quantities of one (account, service) series over a period [start, end), scale 4:
 * {@code dailyAverage} (sum over the days of the count in force, divided by the number of days, days before the
 * first count being 0), {@code latest} (the count in force on the last day) and {@code peak} (the highest count in
 * force on any day). {@link #quantity(CountingMode)} picks the one the service bills by.
 */
public record UsageQuantity(
        UUID integrationId,
        UUID accountId,
        UUID serviceId,
        BigDecimal dailyAverage,
        BigDecimal latest,
        BigDecimal peak) {

    public BigDecimal quantity(CountingMode mode) {
        return switch (mode) {
            case DAILY_AVERAGE -> dailyAverage;
            case LATEST -> latest;
            case PEAK -> peak;
        };
    }
}
