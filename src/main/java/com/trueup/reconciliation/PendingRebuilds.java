package com.trueup.reconciliation;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 */
@Component
class PendingRebuilds {

    static final TaskDescriptor<Void> REBUILD = TaskDescriptor.of("reconciliation-rebuild");
    static final String ALL = "all";
    static final String SERIES = "series";
    /** More series than this in one run are cheaper as a full rebuild. */
    static final int MAX_SERIES = 200;

    private final JdbcTemplate jdbc;
    private final SchedulerClient scheduler;
    private final Clock clock;
    private final Duration debounce;

    PendingRebuilds(JdbcTemplate jdbc, SchedulerClient scheduler, Clock clock,
            @Value("${trueup.reconciliation.debounce:2s}") Duration debounce) {
        this.jdbc = jdbc;
        this.scheduler = scheduler;
        this.clock = clock;
        this.debounce = debounce;
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
            if (merged.size() > MAX_SERIES || merged.containsKey(ALL)) {
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
            schedule(tenantId, now.plus(debounce));
        }
    }

    void schedule(UUID tenantId, Instant at) {
        scheduler.scheduleIfNotExists(REBUILD.instance(tenantId.toString()).scheduledTo(at));
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

    List<Request> pending(UUID tenantId) {
        return jdbc.query("select id, tenant_id, scope, integration_id, account_id, service_id, first_day from reconciliation_pending "
                        + "where tenant_id = ? order by created_at fetch first 10000 rows only",
                ps -> Sql.bindAll(ps, tenantId),
                (rs, n) -> new Request(Sql.uuid(rs, "id"), Sql.uuid(rs, "tenant_id"), rs.getString("scope"),
                        Sql.uuid(rs, "integration_id"), Sql.uuid(rs, "account_id"), Sql.uuid(rs, "service_id"),
                        Sql.date(rs, "first_day")));
    }

    void done(UUID tenantId, List<Request> handled) {
        jdbc.batchUpdate("delete from reconciliation_pending where id = ? and tenant_id = ?",
                handled.stream().map(r -> new Object[] {r.id(), tenantId}).toList());
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
