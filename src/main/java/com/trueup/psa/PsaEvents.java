package com.trueup.psa;

import java.util.UUID;

/** Events the PSA module publishes. */
public final class PsaEvents {

    private PsaEvents() {}

    /** A sync run finished and replaced the snapshot of the connection. */
    public record SnapshotRefreshed(UUID tenantId, UUID connectionId, UUID syncRunId) {}
}
