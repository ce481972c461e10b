package com.trueup.reconciliation;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.trueup.shared.JobTime;
import com.trueup.shared.MultiRowStatements;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;
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
 * <p>
 * A request for a full rebuild is merged into a row this node stored earlier that no run has taken yet (updated in
 * place, its {@code version} raised), so a stream of counts keeps a few rows per organisation instead of adding one
 * per stored batch. A run deletes only the rows it read unchanged; a row updated after the run read it stays for the
 * next run.
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
    private final MultiRowStatements multiRow;
    private final SchedulerClient scheduler;
    private final Clock clock;
    /** Runs a statement that may fail under a savepoint of the current transaction (see {@link #schedule}). */
    private final org.springframework.transaction.support.TransactionTemplate savepoint;
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

    /**
     * Per organisation: ids of full-rebuild rows this node stored that no transaction is using right now. A transaction
     * takes one (no other transaction of this node waits on its row lock) and gives it back when it ends; if a run
     * took the row meanwhile, the update finds nothing and a new row is stored.
     */
    private final Map<UUID, java.util.Queue<UUID>> openAllRows = new java.util.concurrent.ConcurrentHashMap<>();
    /** Open rows kept per organisation: about the number of transactions storing requests at once. */
    private static final int MAX_OPEN_ROWS = 8;

    PendingRebuilds(JdbcTemplate jdbc, MultiRowStatements multiRow, SchedulerClient scheduler, Clock clock,
            org.springframework.transaction.PlatformTransactionManager transactions, ReconciliationSettings settings) {
        this.jdbc = jdbc;
        this.multiRow = multiRow;
        this.scheduler = scheduler;
        this.clock = clock;
        this.savepoint = new org.springframework.transaction.support.TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(org.springframework.transaction.TransactionDefinition.PROPAGATION_NESTED);
        this.debounce = settings.debounce();
        this.maxWait = settings.maxWait().compareTo(debounce) < 0 ? debounce : settings.maxWait();
    }

    /**
     * One request: {@code scope} ALL (integration etc. null) or SERIES; {@code firstDay} null means the recent months.
     * {@code id} is null until stored; {@code version} is the stored row's, as read.
     */
    record Request(UUID id, UUID tenantId, String scope, UUID integrationId, UUID accountId, UUID serviceId,
                   LocalDate firstDay, long version) {

        Request(UUID id, UUID tenantId, String scope, UUID integrationId, UUID accountId, UUID serviceId, LocalDate firstDay) {
            this(id, tenantId, scope, integrationId, accountId, serviceId, firstDay, 0);
        }

        String seriesKey() {
            return integrationId + ":" + accountId + ":" + serviceId;
        }
    }

    void requestAll(UUID tenantId, LocalDate firstDay) {
        add(new Request(null, tenantId, ALL, null, null, null, firstDay));
    }

    void requestSeries(UUID tenantId, UUID integrationId, UUID accountId, UUID serviceId, LocalDate firstDay) {
        add(new Request(null, tenantId, SERIES, integrationId, accountId, serviceId, firstDay));
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
        Map<UUID, LocalDate> allFrom = new LinkedHashMap<>();
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
                allFrom.put(entry.getKey(), first);
            } else {
                for (Request r : merged.values()) {
                    rows.add(new Object[] {r.id() != null ? r.id() : UUID.randomUUID(), r.tenantId(), r.scope(), r.integrationId(),
                            r.accountId(), r.serviceId(), r.firstDay(), now, now});
                }
            }
        }
        for (Map.Entry<UUID, UUID> insert : mergeIntoOpenRows(allFrom, now).entrySet()) {
            rows.add(new Object[] {insert.getValue(), insert.getKey(), ALL, null, null, null, allFrom.get(insert.getKey()), now, now});
        }
        jdbc.batchUpdate("insert into reconciliation_pending (id, tenant_id, scope, integration_id, account_id, service_id, "
                + "first_day, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows, rows.size(),
                (ps, row) -> Sql.bindAll(ps, row));
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
            // firstDay null means "the recent months"; a day reaches further back and includes them
            int merged = multiRow.update("merge into reconciliation_pending p using (values ",
                    "(cast(? as uuid), cast(? as uuid), cast(? as date), cast(? as timestamp with time zone))", """
                    ) as v (tenant_id, id, first_day, updated_at) on p.tenant_id = v.tenant_id and p.id = v.id
                    when matched then update set version = p.version + 1, updated_at = v.updated_at,
                      first_day = case when v.first_day is null then p.first_day
                                       when p.first_day is null or p.first_day > v.first_day then v.first_day
                                       else p.first_day end""",
                    List.copyOf(taken.entrySet()), (ps, p, row) -> {
                        Sql.bind(ps, p++, row.getValue());
                        Sql.bind(ps, p++, row.getKey());
                        Sql.bind(ps, p++, allFrom.get(row.getValue()));
                        Sql.bind(ps, p++, now);
                        return p;
                    });
            // rows a run took meanwhile are gone: those organisations store a new row
            java.util.Set<UUID> kept = merged == taken.size() ? taken.keySet() : stillStored(taken.keySet());
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

    private java.util.Set<UUID> stillStored(java.util.Set<UUID> ids) {
        return new java.util.HashSet<>(jdbc.query("select id from reconciliation_pending where id = any(?)",
                (rs, n) -> Sql.uuid(rs, "id"), new SqlArrayValue("uuid", ids.toArray())));
    }

    private void giveBackWhenDone(UUID tenantId, UUID id) {
        Runnable giveBack = () -> {
            java.util.Queue<UUID> open = openAllRows.computeIfAbsent(tenantId, k -> new java.util.concurrent.ConcurrentLinkedQueue<>());
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
        Instant[] range = jdbc.query("select min(created_at), max(updated_at) from reconciliation_pending where tenant_id = ?",
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
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            return scheduler.scheduleIfNotExists(REBUILD.instance(tenantId.toString()).scheduledTo(at));
        }
        // Two transactions may schedule the same run at once: the second insert then fails on the duplicate key, and
        // PostgreSQL aborts the whole transaction (the counts, the mapping change) unless it ran under a savepoint.
        try {
            return Boolean.TRUE.equals(savepoint.execute(status -> scheduler.scheduleIfNotExists(
                    REBUILD.instance(tenantId.toString()).scheduledTo(at))));
        } catch (RuntimeException e) {
            if (jobQueued(tenantId)) {
                return false; // the other transaction's run: it will see this transaction's requests
            }
            throw e;
        }
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
        return jdbc.query("select id, tenant_id, scope, integration_id, account_id, service_id, first_day, version "
                        + "from reconciliation_pending where tenant_id = ? order by created_at fetch first 10000 rows only",
                ps -> Sql.bindAll(ps, tenantId),
                (rs, n) -> new Request(Sql.uuid(rs, "id"), Sql.uuid(rs, "tenant_id"), rs.getString("scope"),
                        Sql.uuid(rs, "integration_id"), Sql.uuid(rs, "account_id"), Sql.uuid(rs, "service_id"),
                        Sql.date(rs, "first_day"), rs.getLong("version")));
    }

    /** Every request of the organisation, with only its id and first day (what a full rebuild needs of them). */
    List<Request> allRequests(UUID tenantId) {
        return jdbc.query("select id, first_day, version from reconciliation_pending where tenant_id = ?", ps -> Sql.bindAll(ps, tenantId),
                (rs, n) -> new Request(Sql.uuid(rs, "id"), tenantId, ALL, null, null, null, Sql.date(rs, "first_day"),
                        rs.getLong("version")));
    }

    /** Deletes the handled requests, except rows a request was merged into after the run read them. */
    void done(UUID tenantId, List<Request> handled) {
        // one array parameter: PostgreSQL probes the primary key for each id instead of comparing every row of the
        // organisation with a list of thousands of parameters
        Object[] ids = handled.stream().filter(r -> r.version() == 0).map(Request::id).toArray();
        if (ids.length > 0) {
            jdbc.update("delete from reconciliation_pending where tenant_id = ? and id = any(?) and version = 0", tenantId,
                    new SqlArrayValue("uuid", ids));
        }
        List<Object[]> merged = handled.stream().filter(r -> r.version() != 0)
                .map(r -> new Object[] {tenantId, r.id(), r.version()}).toList();
        if (!merged.isEmpty()) {
            jdbc.batchUpdate("delete from reconciliation_pending where tenant_id = ? and id = ? and version = ?", merged,
                    merged.size(), (ps, row) -> Sql.bindAll(ps, row));
        }
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
