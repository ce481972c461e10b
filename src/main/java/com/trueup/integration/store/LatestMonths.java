package com.trueup.integration.store;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Per series id: its latest month row as this node last committed or read it, so a daily count usually needs no read
 * of its month (the writer's optimistic update checks it before it is relied on). A sequence number orders what
 * writers learned under the series lock, so a transaction that reports late cannot replace what a later one knows; a
 * row being written is unknown until its transaction commits.
 */
final class LatestMonths {

    private static final int MAX_KNOWN = 50_000;

    /** A stored month row: its month, opening and encoded days. */
    record Month(UUID seriesId, LocalDate month, BigDecimal opening, String days) {}

    /** {@code month} null: forgotten (to be read) as of {@code seq}. */
    private record Known(Month month, long seq) {

        static Known latest(Known a, Known b) {
            return b.seq() > a.seq() ? b : a;
        }
    }

    private final Map<UUID, Known> months = new ConcurrentHashMap<>();
    private final AtomicLong seq = new AtomicLong();

    /** The series' latest month row as last committed or read here; null when unknown. */
    Month get(UUID seriesId) {
        Known known = months.get(seriesId);
        return known == null ? null : known.month();
    }

    /** Until a later commit: the series' latest month must be read. */
    void forget(UUID seriesId) {
        months.merge(seriesId, new Known(null, seq.incrementAndGet()), Known::latest);
    }

    /** Remembers {@code latest} once the current transaction committed (nothing outside a transaction). */
    void rememberAfterCommit(List<Month> latest) {
        if (latest.isEmpty() || !TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        // numbered now, under the series locks of the transaction
        List<Known> known =
                latest.stream().map(m -> new Known(m, seq.incrementAndGet())).toList();
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                if (months.size() + known.size() > MAX_KNOWN) {
                    months.clear();
                }
                known.forEach(k -> months.merge(k.month().seriesId(), k, Known::latest));
            }
        });
    }
}
