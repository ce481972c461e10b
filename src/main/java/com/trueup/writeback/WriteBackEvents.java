package com.trueup.writeback;

import java.util.UUID;

/** Events the writeback module publishes. */
public final class WriteBackEvents {

    private WriteBackEvents() {}

    /** A delivery ended (written, failed for good, or conflict); the PSA snapshot should be re-read. */
    public record DeliveryFinished(UUID tenantId, UUID writeBackId, UUID lineId, UUID connectionId, String status) {}
}
