package com.trueup.reconciliation;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.trueup.shared.JobTime;
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
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Requests for rebuilds, stored as rows ({@code reconciliation_pending}) in the transaction that caused them, plus one
 * debounced job per organisation ({@code scheduleIfNotExists} with a short delay: everything requested before it runs
 * is handled by one run). Requests of one transaction are merged first; many series become one full rebuild.
 * <p>
 * The debounce trails: a run that finds requests younger than {@code debounce} waits until {@code debounce} after the
 * newest, but never beyond {@code max-wait} after the oldest. A single change is rebuilt {@code debounce} after it; a
 * vendor streaming counts for minutes gets one rebuild per {@code max-wait} instead of one every few seconds, and
 * storing a count costs no more than before (the waiting is decided by the run, not by each request).
 */
@Component
class PendingRebuilds {

    static final TaskDescriptor<Void> REBUILD = TaskDescriptor.of("reconciliation-rebuild");
    static final String ALL = "all";
    static final String SERIES = "series";
    /** More series than this in one run are cheaper as a full rebuild. */
    static final int MAX_SERIES = 200;
    private static final Duration SCHEDULE_MARGIN = Duration.ofSeconds(1);
    /** How long a run seen waiting (due, not yet picked) is trusted to still see new requests. */
    private static final Duration SEEN_WAITING = Duration.ofMillis(250);

    private final JdbcTemplate jdbc;
    private final SchedulerClient scheduler;
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

    private record SeriesStored(int series, Instant since) {
    }

    /** Per organisation: until when this node's requests need not look its job up (see {@link #flush}). */
    private final Map<UUID, KnownRun> knownRuns = new java.util.concurrent.ConcurrentHashMap<>();

    private record KnownRun(Instant lookUpAgainAt) {
    }

    PendingRebuilds(JdbcTemplate jdbc, SchedulerClient scheduler, Clock clock,
            @Value("${trueup.reconciliation.debounce:2s}") Duration debounce,
            @Value("${trueup.reconciliation.max-wait:30s}") Duration maxWait) {
        this.jdbc = jdbc;
        this.scheduler = scheduler;
        this.clock = clock;
        this.debounce = debounce;
        this.maxWait = maxWait.compareTo(debounce) < 0 ? debounce : maxWait;
    }

    /** One request: {@code scope} ALL (integration etc. null) or SERIES; {@code firstDay} null means the recent months. */
    record Request(UUID id, UUID tenantId, String scope, UUID integrationId, UUID accountId, UUID serviceId,
                   LocalDate firstDay) {

        String seriesKey() {
            return integrationId + ":" + accountId + ":" + serviceId;
        }
    }

    void requestAll(UUID tenantId, LocalDate firstDay) {
        add(new Request(UUID.randomUUID(), tenantId, ALL, null, null, null, firstDay));
    }

    void requestSeries(UUID tenantId, UUID integrationId, UUID accountId, UUID serviceId, LocalDate firstDay) {
        add(new Request(UUID.randomUUID(), tenantId, SERIES, integrationId, accountId, serviceId, firstDay));
    }

    private void add(Request request) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()
                || !TransactionSynchronizationManager.isSynchronizationActive()) {
            flush(List.of(request));
            return;
        }
        @SuppressWarnings("unchecked")
        List<Request> buffer = (List<Request>) TransactionSynchronizationManager.getResource(this);
        if (buffer == null) {
            List<Request> created = new ArrayList<>();
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
    void flush(List<Request> requests) {
        Map<UUID, Map<String, Request>> byTenant = new LinkedHashMap<>();
        for (Request r : requests) {
            Map<String, Request> merged = byTenant.computeIfAbsent(r.tenantId(), k -> new LinkedHashMap<>());
            String key = ALL.equals(r.scope()) ? ALL : r.seriesKey();
            merged.merge(key, r, (a, b) -> new Request(a.id(), a.tenantId(), a.scope(), a.integrationId(), a.accountId(),
                    a.serviceId(), earlier(a.firstDay(), b.firstDay())));
        }
        Instant now = clock.instant();
        List<Object[]> rows = new ArrayList<>();
        for (Map.Entry<UUID, Map<String, Request>> entry : byTenant.entrySet()) {
            Map<String, Request> merged = entry.getValue();
            SeriesStored stored = seriesStored.merge(entry.getKey(), new SeriesStored(merged.size(), now),
                    (before, added) -> before.since().isBefore(now.minus(maxWait.plus(debounce)))
                            ? added : new SeriesStored(before.series() + added.series(), before.since()));
            if (merged.size() > MAX_SERIES || merged.containsKey(ALL) || stored.series() > MAX_SERIES) {
                LocalDate first = null;
                for (Request r : merged.values()) {
                    if (r.firstDay() != null && (first == null || r.firstDay().isBefore(first))) {
                        first = r.firstDay();
                    }
                }
                // firstDay null means "the recent months"; a day reaches further back and includes them
                rows.add(new Object[] {UUID.randomUUID(), entry.getKey(), ALL, null, null, null, first, now});
            } else {
                for (Request r : merged.values()) {
                    rows.add(new Object[] {r.id(), r.tenantId(), r.scope(), r.integrationId(), r.accountId(), r.serviceId(),
                            r.firstDay(), now});
                }
            }
        }
        jdbc.batchUpdate("insert into reconciliation_pending (id, tenant_id, scope, integration_id, account_id, service_id, "
                + "first_day, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)", rows.stream().map(row -> (Object[]) row).toList(),
                rows.size(), (ps, row) -> Sql.bindAll(ps, row));
        for (UUID tenantId : byTenant.keySet()) {
            KnownRun known = knownRuns.get(tenantId);
            Instant jobNow = JobTime.now();
            if (known != null && jobNow.isBefore(known.lookUpAgainAt())) {
                continue; // a run this node knows of has not taken its last look at the requests yet: it will see these
            }
            Instant at = now.plus(debounce);
            if (schedule(tenantId, at)) {
                rememberAfterCommit(tenantId, known, at.minus(SCHEDULE_MARGIN));
            } else {
                scheduler.getScheduledExecution(REBUILD.instanceId(tenantId.toString()))
                        .filter(waiting -> !waiting.isPicked())
                        .ifPresent(waiting -> {
                            Instant dueSoon = waiting.getExecutionTime().minus(SCHEDULE_MARGIN);
                            Instant seen = jobNow.plus(SEEN_WAITING);
                            rememberAfterCommit(tenantId, known, dueSoon.isAfter(seen) ? dueSoon : seen);
                        });
            }
        }
    }

    /**
     * A waiting run stays scheduled until a scheduler picks it (at or after its due time; only running it removes or
     * moves it), and a picked run still looks at the requests once more before it ends. So until shortly before its
     * due time, this node's requests need not look it up again: one scheduler look-up per organisation and debounce
     * instead of one per stored batch of counts. A run already due is trusted for a moment only ({@link #SEEN_WAITING}).
     * Remembered once the transaction that scheduled or saw it committed, unless this node's knowledge changed
     * meanwhile (a run of its own started or ended).
     */
    private void rememberAfterCommit(UUID tenantId, KnownRun before, Instant lookUpAgainAt) {
        KnownRun known = new KnownRun(lookUpAgainAt);
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            knownRuns.compute(tenantId, (k, current) -> current == before ? known : current);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                knownRuns.compute(tenantId, (k, current) -> current == before ? known : current);
            }
        });
    }

    /**
     * A run of the organisation's job started on this node. Until it takes its last look at the requests
     * ({@link #runEnding}), requests stored on this node need not look the job up: the run will see them.
     */
    void runStarted(UUID tenantId) {
        knownRuns.put(tenantId, new KnownRun(Instant.MAX));
    }

    /** The run is about to take its last look at the requests; later requests look the job up again. */
    void runEnding(UUID tenantId) {
        knownRuns.put(tenantId, new KnownRun(Instant.MIN));
    }

    /** The run put itself back in the queue, due at {@code at}. */
    void runWaiting(UUID tenantId, Instant at) {
        knownRuns.put(tenantId, new KnownRun(at.minus(SCHEDULE_MARGIN)));
    }

    /**
     * Whether the organisation's run, due at {@code dueAt}, should wait: until {@code debounce} after the newest request,
     * but not beyond {@code max-wait} after the oldest. Empty when that moment is not after {@code dueAt} (run now).
     */
    Optional<Instant> deferredUntil(UUID tenantId, Instant dueAt) {
        Instant[] range = jdbc.query("select min(created_at), max(created_at) from reconciliation_pending where tenant_id = ?",
                ps -> Sql.bindAll(ps, tenantId), rs -> rs.next() ? new Instant[] {Sql.instant(rs, 1), Sql.instant(rs, 2)} : null);
        if (range == null || range[0] == null) {
            return Optional.empty();
        }
        Instant quiet = range[1].plus(debounce);
        Instant longest = range[0].plus(maxWait);
        Instant at = quiet.isBefore(longest) ? quiet : longest;
        return at.isAfter(dueAt) ? Optional.of(at) : Optional.empty();
    }

    /** Schedules the organisation's run at {@code at} unless one is scheduled; true when this call scheduled it. */
    boolean schedule(UUID tenantId, Instant at) {
        return scheduler.scheduleIfNotExists(REBUILD.instance(tenantId.toString()).scheduledTo(at));
    }

    void scheduleNow(UUID tenantId) {
        schedule(tenantId, clock.instant());
    }

    boolean jobQueued(UUID tenantId) {
        return scheduler.getScheduledExecution(REBUILD.instanceId(tenantId.toString())).isPresent();
    }

    boolean anyPending(UUID tenantId) {
        return Boolean.TRUE.equals(jdbc.query("select 1 from reconciliation_pending where tenant_id = ? fetch first 1 rows only",
                ps -> Sql.bindAll(ps, tenantId), java.sql.ResultSet::next));
    }

    /** The organisation's requests, oldest first (at most 10,000): a run's first look at them. */
    List<Request> pending(UUID tenantId) {
        seriesStored.remove(tenantId);
        return jdbc.query("select id, tenant_id, scope, integration_id, account_id, service_id, first_day from reconciliation_pending "
                        + "where tenant_id = ? order by created_at fetch first 10000 rows only",
                ps -> Sql.bindAll(ps, tenantId),
                (rs, n) -> new Request(Sql.uuid(rs, "id"), Sql.uuid(rs, "tenant_id"), rs.getString("scope"),
                        Sql.uuid(rs, "integration_id"), Sql.uuid(rs, "account_id"), Sql.uuid(rs, "service_id"),
                        Sql.date(rs, "first_day")));
    }

    /** Every request of the organisation, with only its id and first day (what a full rebuild needs of them). */
    List<Request> allRequests(UUID tenantId) {
        return jdbc.query("select id, first_day from reconciliation_pending where tenant_id = ?", ps -> Sql.bindAll(ps, tenantId),
                (rs, n) -> new Request(Sql.uuid(rs, "id"), tenantId, ALL, null, null, null, Sql.date(rs, "first_day")));
    }

    void done(UUID tenantId, List<Request> handled) {
        if (handled.isEmpty()) {
            return;
        }
        // one array parameter: PostgreSQL probes the primary key for each id instead of comparing every row of the
        // organisation with a list of thousands of parameters
        Object[] ids = handled.stream().map(Request::id).toArray();
        jdbc.update(connection -> {
            var ps = connection.prepareStatement("delete from reconciliation_pending where tenant_id = ? and id = any(?)");
            ps.setObject(1, tenantId);
            ps.setArray(2, connection.createArrayOf("uuid", ids));
            return ps;
        });
    }

    /** Organisations with requests older than {@code age} (their job may have given up or raced with its end). */
    List<UUID> tenantsWithStaleRequests(Duration age) {
        return jdbc.query("select distinct tenant_id from reconciliation_pending where created_at < ?",
                ps -> Sql.bindAll(ps, clock.instant().minus(age)), (rs, n) -> Sql.uuid(rs, "tenant_id"));
    }

    private static LocalDate earlier(LocalDate a, LocalDate b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return a.isBefore(b) ? a : b;
    }
}
