package com.trueup.reconciliation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Totals computed from a period's lines (a listing's totals, the navigation badge), remembered per version of those
 * lines, so that paging, sorting and every page's badge do not scan the period's lines again while they are unchanged.
 * <p>
 * Exact by construction: a period's lines change only through {@link ReconciliationStore}, which gives the period a
 * new random {@code lines_version} in the same transaction. Totals are remembered under the version read BEFORE they
 * were computed; if a change commits in between they may already include it (newer than their version, never older),
 * and every reader after the commit reads the new version and computes afresh. So a user always sees their own changes,
 * also when another instance of the application made them (the version lives in the database). Keys hold the
 * organisation, the period and the whole filter; a version is random and never reused. Periods stored before versions
 * existed (version null) are not remembered until their next change. At most {@link #MAX_ENTRIES} totals are kept,
 * the least recently used dropped first.
 */
@Component
class PeriodFigures {

    static final int MAX_ENTRIES = 2000;

    record Key(UUID tenantId, String period, UUID linesVersion, String where, List<Object> params) {}

    private final Map<Key, ReconciliationStore.Totals> entries =
            Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Key, ReconciliationStore.Totals> eldest) {
                    return size() > MAX_ENTRIES;
                }
            });

    /**
     * The totals of the lines matching {@code where}/{@code params} in the period whose lines had {@code linesVersion}
     * when the caller read it (before calling), computed by {@code compute} unless known for that version.
     */
    ReconciliationStore.Totals totals(
            UUID tenantId,
            String period,
            UUID linesVersion,
            String where,
            List<Object> params,
            Supplier<ReconciliationStore.Totals> compute) {
        if (linesVersion == null) {
            return compute.get();
        }
        Key key = new Key(tenantId, period, linesVersion, where, Collections.unmodifiableList(new ArrayList<>(params)));
        ReconciliationStore.Totals known = entries.get(key);
        if (known != null) {
            return known;
        }
        ReconciliationStore.Totals computed = compute.get();
        entries.put(key, computed);
        return computed;
    }

    int size() {
        return entries.size();
    }
}
