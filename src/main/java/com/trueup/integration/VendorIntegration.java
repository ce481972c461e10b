package com.trueup.integration;

import java.time.Instant;
import java.util.UUID;

/**
 * A vendor connected to an MSP organisation. {@code vendor} is {@code keeper} or {@code custom};
 * {@code status} is the Vendor API's wire value: pending, active, inactive, disabled, error (or
 * disconnected once the MSP removed it).
 */
public record VendorIntegration(
        UUID id, UUID tenantId, String vendor, String name, String status, Instant lastSyncedAt) {

    public boolean connected() {
        return !"disconnected".equals(status);
    }
}
