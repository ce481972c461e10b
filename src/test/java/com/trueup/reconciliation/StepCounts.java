package com.trueup.reconciliation;

import com.trueup.integration.UsageQuantity;
import com.trueup.shared.BillingPeriod;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Test double of the vendor module's usage math: a series of counts, each in force from its day until the next
 * count, turned into the quantities of a period [start, end) (days before the first count are 0).
 */
final class StepCounts {

    private final TreeMap<LocalDate, BigDecimal> counts = new TreeMap<>();

    static StepCounts of() {
        return new StepCounts();
    }

    StepCounts from(String day, int count) {
        counts.put(LocalDate.parse(day), BigDecimal.valueOf(count));
        return this;
    }

    UsageQuantity over(BillingPeriod period, UUID integrationId, UUID accountId, UUID serviceId) {
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal peak = BigDecimal.ZERO;
        BigDecimal latest = BigDecimal.ZERO;
        for (LocalDate day = period.start(); day.isBefore(period.end()); day = day.plusDays(1)) {
            Map.Entry<LocalDate, BigDecimal> inForce = counts.floorEntry(day);
            BigDecimal value = inForce == null ? BigDecimal.ZERO : inForce.getValue();
            sum = sum.add(value);
            peak = peak.max(value);
            latest = value;
        }
        BigDecimal average = sum.divide(BigDecimal.valueOf(period.days()), 4, RoundingMode.HALF_UP);
        return new UsageQuantity(integrationId, accountId, serviceId, average, latest.setScale(4), peak.setScale(4));
    }
}
