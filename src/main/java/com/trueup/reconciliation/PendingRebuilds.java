package com.trueup.reconciliation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Requests for rebuilds, stored as rows ({@link RebuildRequestStore}) in the transaction that caused them, plus one
 * debounced job per organisation ({@link RebuildSchedule}, with a short delay: everything requested before it runs
 * is handled by one run). Requests of one transaction are merged first; many series become one full rebuild.
 * <p>
 * The debounce trails: a run that finds requests younger than {@code debounce} waits until {@code debounce} after the
 * newest, but never beyond {@code max-wait} after the oldest. A single change is rebuilt {@code debounce} after it; a
 * vendor streaming counts for minutes gets one rebuild per {@code max-wait} instead of one every few seconds, and
 * storing a count costs no more than before (the waiting is decided by the run, not by each request).
 * <p>
 * A request for a full rebuild is merged into a row this node stored earlier that no run has taken yet (updated in
 * place, its {@code version} raised), so a stream of counts keeps a few rows per organisation instead of adding one
 * per stored batch. A run deletes only the rows it read unchanged; a row updated after the run read it stays for the
 * next run.
 */
@Component
class PendingRebuilds {

    /** More series than this in one run are cheaper as a full rebuild. */
    static final int MAX_SERIES = 200;

    private final RebuildRequestStore store;
    private final RebuildSchedule schedule;
    private final Clock clock;
    private final Duration debounce;
    private final Duration maxWait;
    /**
     * Per organisation: series requests this node stored since a run last read the requests. Beyond
     * {@link #MAX_SERIES} the next run rebuilds in full anyway, so a batch then stores one request for all its series
     * (a stream of counts: one row per batch instead of one per count). Only a hint: forgotten after a run, and after
     * {@code max-wait} in case a run elsewhere read them.
     */
    private final Map<UUID, SeriesStored> seriesStored = new java.util.concurrent.ConcurrentHashMap<>();

    private record SeriesStored(int series, Instant since) {}

    /**
     * Per organisation: ids of full-rebuild rows this node stored that no transaction is using right now. A transaction
     * takes one (no other transaction of this node waits on its row lock) and gives it back when it ends; if a run
     * took the row meanwhile, the update finds nothing and a new row is stored.
     */
    private final Map<UUID, java.util.Queue<UUID>> openAllRows = new java.util.concurrent.ConcurrentHashMap<>();
    /** Open rows kept per organisation: about the number of transactions storing requests at once. */
    private static final int MAX_OPEN_ROWS = 8;

    PendingRebuilds(RebuildRequestStore store, RebuildSchedule schedule, Clock clock, ReconciliationSettings settings) {
        this.store = store;
        this.schedule = schedule;
        this.clock = clock;
        this.debounce = settings.debounce();
        this.maxWait = settings.maxWait().compareTo(debounce) < 0 ? debounce : settings.maxWait();
    }

    void requestAll(UUID tenantId, LocalDate firstDay) {
        add(new RebuildRequest(null, tenantId, RebuildRequest.ALL, null, null, null, firstDay));
    }

    void requestSeries(UUID tenantId, UUID integrationId, UUID accountId, UUID serviceId, LocalDate firstDay) {
        add(new RebuildRequest(null, tenantId, RebuildRequest.SERIES, integrationId, accountId, serviceId, firstDay));
    }

    private void add(RebuildRequest request) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()
                || !TransactionSynchronizationManager.isSynchronizationActive()) {
            flush(List.of(request));
            return;
        }
        @SuppressWarnings("unchecked")
        List<RebuildRequest> buffer = (List<RebuildRequest>) TransactionSynchronizationManager.getResource(this);
        if (buffer == null) {
            List<RebuildRequest> created = new ArrayList<>();
            TransactionSynchronizationManager.bindResource(this, created);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    PendingRebuilds.this.flush(created);
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(PendingRebuilds.this);
                }
            });
            buffer = created;
        }
        buffer.add(request);
    }

    /** Stores merged requests and schedules the organisations' jobs (in the current transaction, if any). */
    void flush(List<RebuildRequest> requests) {
        Map<UUID, Map<String, RebuildRequest>> byTenant = new LinkedHashMap<>();
        for (RebuildRequest r : requests) {
            Map<String, RebuildRequest> merged = byTenant.computeIfAbsent(r.tenantId(), k -> new LinkedHashMap<>());
            String key = RebuildRequest.ALL.equals(r.scope()) ? RebuildRequest.ALL : r.seriesKey();
            merged.merge(
                    key,
                    r,
                    (a, b) -> new RebuildRequest(
                            a.id(),
                            a.tenantId(),
                            a.scope(),
                            a.integrationId(),
                            a.accountId(),
                            a.serviceId(),
                            earlier(a.firstDay(), b.firstDay())));
        }
        Instant now = clock.instant();
        List<RebuildRequest> rows = new ArrayList<>();
        Map<UUID, LocalDate> allFrom = new LinkedHashMap<>();
        for (Map.Entry<UUID, Map<String, RebuildRequest>> entry : byTenant.entrySet()) {
            Map<String, RebuildRequest> merged = entry.getValue();
            SeriesStored stored = seriesStored.merge(
                    entry.getKey(),
                    new SeriesStored(merged.size(), now),
                    (before, added) -> before.since().isBefore(now.minus(maxWait.plus(debounce)))
                            ? added
                            : new SeriesStored(before.series() + added.series(), before.since()));
            if (merged.size() > MAX_SERIES || merged.containsKey(RebuildRequest.ALL) || stored.series() > MAX_SERIES) {
                LocalDate first = null;
                for (RebuildRequest r : merged.values()) {
                    if (r.firstDay() != null && (first == null || r.firstDay().isBefore(first))) {
                        first = r.firstDay();
                    }
                }
                allFrom.put(entry.getKey(), first);
            } else {
                for (RebuildRequest r : merged.values()) {
                    rows.add(new RebuildRequest(
                            r.id() != null ? r.id() : UUID.randomUUID(),
                            r.tenantId(),
                            r.scope(),
                            r.integrationId(),
                            r.accountId(),
                            r.serviceId(),
                            r.firstDay()));
                }
            }
        }
        for (Map.Entry<UUID, UUID> insert : mergeIntoOpenRows(allFrom, now).entrySet()) {
            rows.add(new RebuildRequest(
                    insert.getValue(),
                    insert.getKey(),
                    RebuildRequest.ALL,
                    null,
                    null,
                    null,
                    allFrom.get(insert.getKey())));
        }
        store.insert(rows, now);
        schedule.ensureRuns(byTenant.keySet(), now.plus(debounce));
    }

    /**
     * Merges full-rebuild requests into open rows of this node (see {@link #openAllRows}); returns, per organisation
     * whose request found no open row, the id of the row to insert. Each id used goes back to the open rows when the
     * transaction ends.
     */
    private Map<UUID, UUID> mergeIntoOpenRows(Map<UUID, LocalDate> allFrom, Instant now) {
        Map<UUID, UUID> toInsert = new LinkedHashMap<>();
        Map<UUID, UUID> taken = new LinkedHashMap<>(); // id -> organisation
        for (Map.Entry<UUID, LocalDate> all : allFrom.entrySet()) {
            java.util.Queue<UUID> open = openAllRows.get(all.getKey());
            UUID id = open == null ? null : open.poll();
            if (id == null) {
                toInsert.put(all.getKey(), UUID.randomUUID());
            } else {
                taken.put(id, all.getKey());
            }
        }
        if (!taken.isEmpty()) {
            int merged = store.merge(
                    taken.entrySet().stream()
                            .map(row -> new RebuildRequestStore.Merge(
                                    row.getValue(), row.getKey(), allFrom.get(row.getValue())))
                            .toList(),
                    now);
            // rows a run took meanwhile are gone: those organisations store a new row
            java.util.Set<UUID> kept = merged == taken.size() ? taken.keySet() : store.stillStored(taken.keySet());
            taken.forEach((id, tenantId) -> {
                if (kept.contains(id)) {
                    giveBackWhenDone(tenantId, id);
                } else {
                    toInsert.put(tenantId, UUID.randomUUID());
                }
            });
        }
        toInsert.forEach(this::giveBackWhenDone);
        return toInsert;
    }

    private void giveBackWhenDone(UUID tenantId, UUID id) {
        Runnable giveBack = () -> {
            java.util.Queue<UUID> open =
                    openAllRows.computeIfAbsent(tenantId, k -> new java.util.concurrent.ConcurrentLinkedQueue<>());
            if (open.size() < MAX_OPEN_ROWS) {
                open.add(id);
            }
        };
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            giveBack.run();
            return;
        }
        // after a rollback the row may not exist: the next update finds nothing and stores a new one
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                giveBack.run();
            }
        });
    }

    /**
     * Whether the organisation's run, due at {@code dueAt}, should wait: until {@code debounce} after the newest request,
     * but not beyond {@code max-wait} after the oldest. Empty when that moment is not after {@code dueAt} (run now).
     */
    Optional<Instant> deferredUntil(UUID tenantId, Instant dueAt) {
        return store.span(tenantId).flatMap(span -> {
            Instant quiet = span.newest().plus(debounce);
            Instant longest = span.oldest().plus(maxWait);
            Instant at = quiet.isBefore(longest) ? quiet : longest;
            return at.isAfter(dueAt) ? Optional.of(at) : Optional.empty();
        });
    }

    /** The organisation's requests, oldest first (at most 10,000): a run's first look at them. */
    List<RebuildRequest> pending(UUID tenantId) {
        seriesStored.remove(tenantId);
        return store.oldest(tenantId);
    }

    private static LocalDate earlier(LocalDate a, LocalDate b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return a.isBefore(b) ? a : b;
    }
}
