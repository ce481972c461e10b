package com.trueup.reconciliation;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A reconciliation line as stored: computed columns plus its decision, effective date, note and series. */
record StoredLine(
        UUID id,
        UUID tenantId,
        String period,
        String key,
        boolean active,
        LineRow row,
        LineStatus status,
        BigDecimal decisionVendorQuantity,
        BigDecimal decisionPsaQuantity,
        Instant decidedAt,
        String decidedBy,
        LocalDate effectiveDate,
        String note,
        List<ComputedLine.Series> series) {

    boolean decided() {
        return status == LineStatus.APPROVED || status == LineStatus.DISMISSED;
    }

    StoredLine withSeries(List<ComputedLine.Series> s) {
        return new StoredLine(
                id,
                tenantId,
                period,
                key,
                active,
                row,
                status,
                decisionVendorQuantity,
                decisionPsaQuantity,
                decidedAt,
                decidedBy,
                effectiveDate,
                note,
                s);
    }
}
