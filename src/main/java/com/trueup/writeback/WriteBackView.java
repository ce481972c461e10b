package com.trueup.writeback;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A write-back as users see it. {@code status}: queued, writing, written, failed, conflict (wire values of the API).
 */
public record WriteBackView(UUID id, UUID lineId, String status, BigDecimal quantity, LocalDate effectiveDate,
                            int attempts, String lastError, String psaReference, Instant createdAt, Instant updatedAt) {
}
