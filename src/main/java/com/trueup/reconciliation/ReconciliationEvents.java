package com.trueup.reconciliation;

import java.time.YearMonth;
import java.util.UUID;

/** Events the reconciliation module publishes (Spring application events, within the rebuild's transaction). */
public final class ReconciliationEvents {

    private ReconciliationEvents() {}

    /**
     * Lines of a period were rebuilt ({@code full}) or refreshed after one series changed. For a full rebuild,
     * {@code lines} is the number of active lines and {@code linesWithUsage} how many of them have a vendor quantity
     * above 0; an incremental refresh reports the lines it recomputed and -1.
     */
    public record LinesRebuilt(UUID tenantId, YearMonth period, boolean full, int lines, int linesWithUsage) {}
}
