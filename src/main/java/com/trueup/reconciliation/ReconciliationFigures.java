package com.trueup.reconciliation;

import java.time.YearMonth;
import java.util.List;
import java.util.UUID;

/**
 * Read access to the figures of reconciliation lines, for reports (insights). Every call is scoped to one organisation;
 * only active lines are returned (hidden lines of keys that disappeared are left out).
 */
public interface ReconciliationFigures {

    /**
     * Builds every month of {@code [from, to]} that was never built (first look at an old month, a new organisation) with
     * {@link Reconciliations#rebuild}; months already built are left as their last rebuild made them. Months after the
     * organisation's current month are refused (400 naming {@code period}).
     */
    void ensureBuilt(UUID tenantId, YearMonth from, YearMonth to);

    default void ensureBuilt(UUID tenantId, YearMonth period) {
        ensureBuilt(tenantId, period, period);
    }

    /** The active lines of the months {@code [from, to]}, ordered by period, company name and service name. */
    List<ReconciledLine> lines(UUID tenantId, YearMonth from, YearMonth to);

    default List<ReconciledLine> lines(UUID tenantId, YearMonth period) {
        return lines(tenantId, period, period);
    }
}
