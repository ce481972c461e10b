package com.trueup.writeback;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * One row of the outbox, as stored. {@code manualReason}: why the change is applied by hand (the connector cannot write
 * it); {@code appliedBy}/{@code appliedAt}: who marked it applied; {@code flag}: a snapshot after that still showed
 * another quantity ("still at 10 after the import of 2026-12-02").
 */
record WriteBack(
        UUID id,
        UUID tenantId,
        UUID lineId,
        UUID connectionId,
        UUID psaLineId,
        UUID psaCompanyId,
        UUID psaProductId,
        String targetKey,
        BigDecimal expectedPsaQuantity,
        BigDecimal quantity,
        BigDecimal exactQuantity,
        LocalDate effectiveDate,
        WriteBackStatus status,
        int attempts,
        int attemptBase,
        String lastError,
        boolean outcomeUnknown,
        String psaReference,
        BigDecimal psaQuantity,
        String psaResponse,
        String jobKey,
        Instant nextAttemptAt,
        String createdBy,
        Instant createdAt,
        Instant updatedAt,
        Instant finishedAt,
        String manualReason,
        String appliedBy,
        Instant appliedAt,
        String flag,
        Instant flaggedAt) {

    public boolean isNewRevenue() {
        return psaLineId == null;
    }

    /** Attempts made since the row was (re-)queued by a person: what the attempt budget counts. */
    int attemptsInBudget() {
        return attempts - attemptBase;
    }

    WriteBackView view() {
        return new WriteBackView(
                id,
                lineId,
                status.wire(),
                quantity,
                effectiveDate,
                attempts,
                lastError,
                psaReference,
                createdAt,
                updatedAt,
                manualReason,
                flag);
    }

    /** What deliveries are serialised on: the PSA line, or company and product for new revenue. */
    static String targetKeyOf(UUID psaLineId, UUID companyId, UUID productId) {
        return psaLineId != null ? "line:" + psaLineId : "new:" + companyId + ":" + productId;
    }
}
