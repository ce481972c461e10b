package com.trueup.psa;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Writes quantities into the PSA through the connection's connector. Writes set an ABSOLUTE target quantity:
 * for a PSA that takes deltas (Autotask) TrueUp reads the current units first and sends target − current, so
 * asking twice for the same target never doubles a change. Failures are {@link PsaException}s. Implemented in this module.
 */
public interface PsaWriter {

    /** The line as the PSA has it right now (read from the PSA, not the snapshot). */
    LineState readLine(UUID tenantId, UUID lineId);

    /**
     * Sets the line's quantity to {@code quantity} (already whole for whole-number PSAs) from {@code effectiveDate}.
     * {@code idempotencyKey} is stable across retries of the same approval; {@code readJustNow} is the quantity the
     * caller read from the PSA just before (see {@link #readLine}), or null.
     */
    WriteResult setQuantity(
            UUID tenantId,
            UUID lineId,
            BigDecimal quantity,
            LocalDate effectiveDate,
            String idempotencyKey,
            BigDecimal readJustNow);

    /** Creates a recurring line of {@code productId} for {@code companyId} (new revenue), where the connector can. */
    WriteResult createLine(
            UUID tenantId,
            UUID connectionId,
            UUID companyId,
            UUID productId,
            BigDecimal quantity,
            LocalDate effectiveDate,
            String idempotencyKey);

    /** Current state of a line in the PSA; {@code exists} is false when the PSA no longer has it. */
    record LineState(boolean exists, BigDecimal quantity) {}

    /** What the PSA answered: its reference of the written line/adjustment and the quantity now on the line. */
    record WriteResult(String psaReference, BigDecimal quantity, String message) {}
}
