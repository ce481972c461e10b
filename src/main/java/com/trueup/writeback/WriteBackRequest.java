package com.trueup.writeback;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/**
 * An approved change to deliver to the PSA. {@code psaLineId} is the snapshot line to update, or null for new revenue
 * (a line of {@code psaProductId} is created for {@code psaCompanyId}). {@code expectedPsaQuantity} is the PSA quantity
 * the approver saw: if the PSA now holds something else (and not already {@code quantity}), delivery stops with a
 * conflict instead of overwriting. {@code quantity} is what will be written (already whole for integer-only PSAs);
 * {@code exactQuantity} is the vendor quantity it came from.
 */
public record WriteBackRequest(
        UUID tenantId,
        UUID reconciliationLineId,
        UUID connectionId,
        UUID psaLineId,
        UUID psaCompanyId,
        UUID psaProductId,
        BigDecimal expectedPsaQuantity,
        BigDecimal quantity,
        BigDecimal exactQuantity,
        LocalDate effectiveDate,
        String actor) {}
