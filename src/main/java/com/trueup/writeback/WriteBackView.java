package com.trueup.writeback;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A write-back as users see it. {@code status}: queued, writing, written, failed, conflict, to_apply, applied, confirmed
 * (wire values of the API). {@code manualReason}: why it is applied by hand (to_apply and after); {@code flag}: set while
 * a PSA snapshot taken after it was applied by hand still shows another quantity.
 */
public record WriteBackView(
        UUID id,
        UUID lineId,
        String status,
        BigDecimal quantity,
        LocalDate effectiveDate,
        int attempts,
        String lastError,
        String psaReference,
        Instant createdAt,
        Instant updatedAt,
        String manualReason,
        String flag) {

    public WriteBackView(
            UUID id,
            UUID lineId,
            String status,
            BigDecimal quantity,
            LocalDate effectiveDate,
            int attempts,
            String lastError,
            String psaReference,
            Instant createdAt,
            Instant updatedAt) {
        this(
                id,
                lineId,
                status,
                quantity,
                effectiveDate,
                attempts,
                lastError,
                psaReference,
                createdAt,
                updatedAt,
                null,
                null);
    }

    /**
     * The change is still on its way into the PSA: being delivered (queued, writing), on the change sheet (to_apply), or
     * applied by hand and not yet seen in a snapshot without a flag (applied). A line with such a write-back is not
     * approved again.
     */
    public boolean waiting() {
        return switch (status) {
            case "queued", "writing", "to_apply" -> true;
            case "applied" -> flag == null;
            default -> false;
        };
    }
}
