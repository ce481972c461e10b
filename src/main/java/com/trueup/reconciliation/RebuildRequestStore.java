package com.trueup.reconciliation;

import static com.trueup.reconciliation.ReconciliationStore.date;
import static com.trueup.reconciliation.ReconciliationStore.instant;
import static com.trueup.reconciliation.ReconciliationStore.uuid;

import com.trueup.shared.BulkSql;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The table of rebuild requests, {@code reconciliation_pending}. Every statement but the sweep's filters by tenant. */
@Repository
class RebuildRequestStore {

    /** A full-rebuild row to merge a request into: its first day moves earlier when {@code firstDay} reaches further. */
    record Merge(UUID tenantId, UUID id, LocalDate firstDay) {}

    /** When the organisation's oldest request was stored and its newest stored or merged. */
    record Span(Instant oldest, Instant newest) {}

    private final JdbcClient jdbc;
    private final BulkSql bulk;

    RebuildRequestStore(JdbcClient jdbc, BulkSql bulk) {
        this.jdbc = jdbc;
        this.bulk = bulk;
    }

    /** Stores requests whose ids are set, created and updated {@code now}. */
    void insert(List<RebuildRequest> requests, Instant now) {
        bulk.batch(
                "insert into reconciliation_pending (id, tenant_id, scope, integration_id, account_id, service_id, "
                        + "first_day, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                requests.stream()
                        .map(r -> new Object[] {
                            r.id(),
                            r.tenantId(),
                            r.scope(),
                            r.integrationId(),
                            r.accountId(),
                            r.serviceId(),
                            r.firstDay(),
                            now,
                            now
                        })
                        .toList());
    }

    /** Merges requests into stored rows (their version raised); returns how many rows were still there. */
    int merge(List<Merge> merges, Instant now) {
        // firstDay null means "the recent months"; a day reaches further back and includes them
        return bulk.batch(
                """
                update reconciliation_pending set version = version + 1, updated_at = ?,
                  first_day = case when cast(? as date) is null then first_day
                                   when first_day is null or first_day > ? then ? else first_day end
                where tenant_id = ? and id = ?""",
                merges.stream()
                        .map(m -> new Object[] {now, m.firstDay(), m.firstDay(), m.firstDay(), m.tenantId(), m.id()})
                        .toList());
    }

    /** The ids of {@code ids} that are still stored. */
    Set<UUID> stillStored(Set<UUID> ids) {
        return new HashSet<>(jdbc.sql("select id from reconciliation_pending where id = any(?)")
                .param(BulkSql.uuids(ids))
                .query((rs, n) -> uuid(rs, "id"))
                .list());
    }

    /** Empty when the organisation has no requests. */
    Optional<Span> span(UUID tenantId) {
        return jdbc.sql(
                        "select min(created_at) as oldest, max(updated_at) as newest from reconciliation_pending where tenant_id = ?")
                .param(tenantId)
                .query((rs, n) -> new Span(instant(rs, "oldest"), instant(rs, "newest")))
                .optional()
                .filter(span -> span.oldest() != null);
    }

    boolean anyPending(UUID tenantId) {
        return jdbc.sql("select 1 from reconciliation_pending where tenant_id = ? fetch first 1 rows only")
                .param(tenantId)
                .query(Integer.class)
                .optional()
                .isPresent();
    }

    /** The organisation's requests, oldest first (at most 10,000). */
    List<RebuildRequest> oldest(UUID tenantId) {
        return jdbc.sql(
                        "select id, tenant_id, scope, integration_id, account_id, service_id, first_day, version "
                                + "from reconciliation_pending where tenant_id = ? order by created_at fetch first 10000 rows only")
                .param(tenantId)
                .query((rs, n) -> new RebuildRequest(
                        uuid(rs, "id"),
                        uuid(rs, "tenant_id"),
                        rs.getString("scope"),
                        uuid(rs, "integration_id"),
                        uuid(rs, "account_id"),
                        uuid(rs, "service_id"),
                        date(rs, "first_day"),
                        rs.getLong("version")))
                .list();
    }

    /** Every request of the organisation, with only its id and first day (what a full rebuild needs of them). */
    List<RebuildRequest> all(UUID tenantId) {
        return jdbc.sql("select id, first_day, version from reconciliation_pending where tenant_id = ?")
                .param(tenantId)
                .query((rs, n) -> new RebuildRequest(
                        uuid(rs, "id"),
                        tenantId,
                        RebuildRequest.ALL,
                        null,
                        null,
                        null,
                        date(rs, "first_day"),
                        rs.getLong("version")))
                .list();
    }

    /** Deletes the handled requests, except rows a request was merged into after the run read them. */
    void done(UUID tenantId, List<RebuildRequest> handled) {
        // one array parameter: PostgreSQL probes the primary key for each id instead of comparing every row of the
        // organisation with a list of thousands of parameters
        List<UUID> ids = handled.stream()
                .filter(r -> r.version() == 0)
                .map(RebuildRequest::id)
                .toList();
        if (!ids.isEmpty()) {
            jdbc.sql("delete from reconciliation_pending where tenant_id = ? and id = any(?) and version = 0")
                    .params(tenantId, BulkSql.uuids(ids))
                    .update();
        }
        bulk.batch(
                "delete from reconciliation_pending where tenant_id = ? and id = ? and version = ?",
                handled.stream()
                        .filter(r -> r.version() != 0)
                        .map(r -> new Object[] {tenantId, r.id(), r.version()})
                        .toList());
    }

    /** Organisations with requests stored before {@code before} (their job may have given up or raced with its end). */
    List<UUID> tenantsWithRequestsBefore(Instant before) {
        return jdbc.sql("select distinct tenant_id from reconciliation_pending where created_at < ?")
                .param(Timestamp.from(before))
                .query((rs, n) -> uuid(rs, "tenant_id"))
                .list();
    }
}
