package com.trueup.reconciliation;

import java.time.Instant;
import java.time.YearMonth;
import java.util.UUID;

/**
 * What other modules (and operations tooling) may ask of reconciliation. Normally rebuilds run as debounced jobs
 * triggered by vendor, mapping and PSA events; these methods run them in the caller's thread.
 */
public interface Reconciliations {

    /** Rebuilds every line of one billing period of the organisation from the current usage, mappings and PSA snapshot. */
    RebuildSummary rebuild(UUID tenantId, YearMonth period);

    /**
     * Recomputes only the lines one vendor series feeds (after a new count); falls back to a full rebuild of the period
     * when the series feeds a line that does not exist yet.
     */
    RebuildSummary refreshSeries(UUID tenantId, UUID integrationId, UUID accountId, UUID serviceId, YearMonth period);

    /** Whether a PSA sync or a reconciliation rebuild of the organisation is queued or running, and when one last finished. */
    SyncStatus syncStatus(UUID tenantId);

    /** What a rebuild did. {@code incremental} is false for a full rebuild. */
    record RebuildSummary(
            String period, boolean incremental, int lines, int inserted, int updated, int deactivated, int reopened) {}

    record SyncStatus(boolean running, Instant lastCompletedAt) {}
}
