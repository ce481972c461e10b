package com.trueup.reconciliation;

import com.trueup.shared.MultiRowStatements;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;

/** The table of rebuild requests, {@code reconciliation_pending}. Every statement but the sweep's filters by tenant. */
@Repository
class RebuildRequestStore {

    /** A full-rebuild row to merge a request into: its first day moves earlier when {@code firstDay} reaches further. */
    record Merge(UUID tenantId, UUID id, LocalDate firstDay) {
    }

    /** When the organisation's oldest request was stored and its newest stored or merged. */
    record Span(Instant oldest, Instant newest) {
    }

    private final JdbcTemplate jdbc;
    private final MultiRowStatements multiRow;

    RebuildRequestStore(JdbcTemplate jdbc, MultiRowStatements multiRow) {
        this.jdbc = jdbc;
        this.multiRow = multiRow;
    }

    /** Stores requests whose ids are set, created and updated {@code now}. */
    void insert(List<RebuildRequest> requests, Instant now) {
        jdbc.batchUpdate("insert into reconciliation_pending (id, tenant_id, scope, integration_id, account_id, service_id, "
                + "first_day, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)", requests, requests.size(),
                (ps, r) -> Sql.bindAll(ps, r.id(), r.tenantId(), r.scope(), r.integrationId(), r.accountId(), r.serviceId(),
                        r.firstDay(), now, now));
    }

    /** Merges requests into stored rows (their version raised); returns how many rows were still there. */
    int merge(List<Merge> merges, Instant now) {
        // firstDay null means "the recent months"; a day reaches further back and includes them
        return multiRow.update("merge into reconciliation_pending p using (values ",
                "(cast(? as uuid), cast(? as uuid), cast(? as date), cast(? as timestamp with time zone))", """
                ) as v (tenant_id, id, first_day, updated_at) on p.tenant_id = v.tenant_id and p.id = v.id
                when matched then update set version = p.version + 1, updated_at = v.updated_at,
                  first_day = case when v.first_day is null then p.first_day
                                   when p.first_day is null or p.first_day > v.first_day then v.first_day
                                   else p.first_day end""",
                merges, (ps, p, row) -> {
                    Sql.bind(ps, p++, row.tenantId());
                    Sql.bind(ps, p++, row.id());
                    Sql.bind(ps, p++, row.firstDay());
                    Sql.bind(ps, p++, now);
                    return p;
                });
    }

    /** The ids of {@code ids} that are still stored. */
    Set<UUID> stillStored(Set<UUID> ids) {
        return new HashSet<>(jdbc.query("select id from reconciliation_pending where id = any(?)",
                (rs, n) -> Sql.uuid(rs, "id"), new SqlArrayValue("uuid", ids.toArray())));
    }

    /** Empty when the organisation has no requests. */
    Optional<Span> span(UUID tenantId) {
        Instant[] range = jdbc.query("select min(created_at), max(updated_at) from reconciliation_pending where tenant_id = ?",
                ps -> Sql.bindAll(ps, tenantId), rs -> rs.next() ? new Instant[] {Sql.instant(rs, 1), Sql.instant(rs, 2)} : null);
        if (range == null || range[0] == null) {
            return Optional.empty();
        }
        return Optional.of(new Span(range[0], range[1]));
    }

    boolean anyPending(UUID tenantId) {
        return Boolean.TRUE.equals(jdbc.query("select 1 from reconciliation_pending where tenant_id = ? fetch first 1 rows only",
                ps -> Sql.bindAll(ps, tenantId), java.sql.ResultSet::next));
    }

    /** The organisation's requests, oldest first (at most 10,000). */
    List<RebuildRequest> oldest(UUID tenantId) {
        return jdbc.query("select id, tenant_id, scope, integration_id, account_id, service_id, first_day, version "
                        + "from reconciliation_pending where tenant_id = ? order by created_at fetch first 10000 rows only",
                ps -> Sql.bindAll(ps, tenantId),
                (rs, n) -> new RebuildRequest(Sql.uuid(rs, "id"), Sql.uuid(rs, "tenant_id"), rs.getString("scope"),
                        Sql.uuid(rs, "integration_id"), Sql.uuid(rs, "account_id"), Sql.uuid(rs, "service_id"),
                        Sql.date(rs, "first_day"), rs.getLong("version")));
    }

    /** Every request of the organisation, with only its id and first day (what a full rebuild needs of them). */
    List<RebuildRequest> all(UUID tenantId) {
        return jdbc.query("select id, first_day, version from reconciliation_pending where tenant_id = ?", ps -> Sql.bindAll(ps, tenantId),
                (rs, n) -> new RebuildRequest(Sql.uuid(rs, "id"), tenantId, RebuildRequest.ALL, null, null, null,
                        Sql.date(rs, "first_day"), rs.getLong("version")));
    }

    /** Deletes the handled requests, except rows a request was merged into after the run read them. */
    void done(UUID tenantId, List<RebuildRequest> handled) {
        // one array parameter: PostgreSQL probes the primary key for each id instead of comparing every row of the
        // organisation with a list of thousands of parameters
        Object[] ids = handled.stream().filter(r -> r.version() == 0).map(RebuildRequest::id).toArray();
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

    /** Organisations with requests stored before {@code before} (their job may have given up or raced with its end). */
    List<UUID> tenantsWithRequestsBefore(Instant before) {
        return jdbc.query("select distinct tenant_id from reconciliation_pending where created_at < ?",
                ps -> Sql.bindAll(ps, before), (rs, n) -> Sql.uuid(rs, "tenant_id"));
    }
}
