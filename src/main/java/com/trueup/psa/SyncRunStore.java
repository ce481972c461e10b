package com.trueup.psa;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Storage of sync runs ({@code psa_sync_run}) and of the sync state a connection row holds: the run claiming it
 * ({@code active_sync_run_id}) and when it last synced. Every statement filters by tenant.
 */
@Repository
class SyncRunStore {

    private final JdbcClient jdbc;
    private final Clock clock;

    SyncRunStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Claims the connection for {@code runId} unless a run holds it (compare-and-set); true when claimed. */
    boolean claim(UUID tenantId, UUID connectionId, UUID runId) {
        return jdbc.sql("""
                update psa_connection set active_sync_run_id = :run
                where tenant_id = :tenant and id = :id and active_sync_run_id is null""")
                        .param("run", runId)
                        .param("tenant", tenantId)
                        .param("id", connectionId)
                        .update()
                == 1;
    }

    /** The run holding the connection, if any. */
    Optional<UUID> claimedBy(UUID tenantId, UUID connectionId) {
        return jdbc.sql("select active_sync_run_id from psa_connection where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId)
                .param("id", connectionId)
                .query(UUID.class)
                .optional();
    }

    /** Lets go of the connection if {@code runId} still holds it. */
    void release(UUID tenantId, UUID connectionId, UUID runId) {
        jdbc.sql("update psa_connection set active_sync_run_id = null "
                        + "where tenant_id = :tenant and id = :id and active_sync_run_id = :run")
                .param("tenant", tenantId)
                .param("id", connectionId)
                .param("run", runId)
                .update();
    }

    void insertQueued(UUID tenantId, UUID connectionId, UUID runId, String actor) {
        jdbc.sql("""
                insert into psa_sync_run (id, tenant_id, connection_id, status, requested_by, requested_at)
                values (:id, :tenant, :connection, 'queued', :actor, :now)""")
                .param("id", runId)
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .param("actor", actor)
                .param("now", now())
                .update();
    }

    void markRunning(UUID tenantId, UUID runId) {
        jdbc.sql("update psa_sync_run set status = 'running', started_at = :now where tenant_id = :tenant and id = :id")
                .param("now", now())
                .param("tenant", tenantId)
                .param("id", runId)
                .update();
    }

    /** Ends the run with {@code status}, its counts (null for a failed run) and error. */
    void finish(UUID tenantId, UUID runId, String status, SnapshotStore.Counts counts, String error) {
        jdbc.sql("""
                update psa_sync_run set status = :status, finished_at = :now, companies = :companies, products = :products,
                    contracts = :contracts, lines = :lines, billable_lines = :billable, error = :error
                where tenant_id = :tenant and id = :id""")
                .param("status", status)
                .param("now", now())
                .param("companies", counts == null ? null : counts.companies())
                .param("products", counts == null ? null : counts.products())
                .param("contracts", counts == null ? null : counts.contracts())
                .param("lines", counts == null ? null : counts.lines())
                .param("billable", counts == null ? null : counts.billableLines())
                .param("error", error)
                .param("tenant", tenantId)
                .param("id", runId)
                .update();
    }

    void markSynced(UUID tenantId, UUID connectionId) {
        jdbc.sql("update psa_connection set last_synced_at = :now where tenant_id = :tenant and id = :id")
                .param("now", now())
                .param("tenant", tenantId)
                .param("id", connectionId)
                .update();
    }

    Optional<PsaSync.SyncRun> run(UUID tenantId, UUID runId) {
        return jdbc.sql("select * from psa_sync_run where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId)
                .param("id", runId)
                .query(SyncRunStore::map)
                .optional();
    }

    /** The connection's runs, newest first. */
    List<PsaSync.SyncRun> runs(UUID tenantId, UUID connectionId, int limit) {
        return jdbc.sql("select * from psa_sync_run where tenant_id = :tenant and connection_id = :connection "
                        + "order by requested_at desc, id limit :limit")
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .param("limit", limit)
                .query(SyncRunStore::map)
                .list();
    }

    /** Whether a run of the organisation is queued or running. */
    boolean anyActive(UUID tenantId) {
        return jdbc.sql(
                                "select count(*) from psa_sync_run where tenant_id = :tenant and status in ('queued', 'running')")
                        .param("tenant", tenantId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** Whether a connection of the organisation has synced at least once. */
    boolean anySynced(UUID tenantId) {
        return jdbc.sql("select count(*) from psa_connection where tenant_id = :tenant and last_synced_at is not null")
                        .param("tenant", tenantId)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** Connections of the organisation whose last sync or test failed. */
    long countInError(UUID tenantId) {
        return jdbc.sql("select count(*) from psa_connection where tenant_id = :tenant and status = 'error'")
                .param("tenant", tenantId)
                .query(Long.class)
                .single();
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    private static PsaSync.SyncRun map(ResultSet rs, int n) throws SQLException {
        Integer companies = rs.getObject("companies", Integer.class);
        SnapshotStore.Counts counts = companies == null
                ? null
                : new SnapshotStore.Counts(
                        companies,
                        rs.getInt("products"),
                        rs.getInt("contracts"),
                        rs.getInt("lines"),
                        rs.getInt("billable_lines"));
        return new PsaSync.SyncRun(
                rs.getObject("id", UUID.class),
                rs.getObject("connection_id", UUID.class),
                rs.getString("status"),
                rs.getString("requested_by"),
                instant(rs, "requested_at"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                counts,
                rs.getString("error"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
