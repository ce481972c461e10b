package com.trueup.writeback;

import com.trueup.shared.PageResult;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code write_back} and {@code write_back_attempt} tables. Every statement is scoped by tenant. */
@Repository
class WriteBackRows {

    private static final int MAX_TEXT = 2000;
    private static final String COLUMNS = """
            id, tenant_id, reconciliation_line_id, connection_id, psa_line_id, psa_company_id, psa_product_id, target_key,
            expected_psa_quantity, quantity, exact_quantity, effective_date, status, attempts, attempt_base, last_error,
            outcome_unknown, psa_reference, psa_quantity, psa_response, job_key, next_attempt_at, created_by, created_at,
            updated_at, finished_at, manual_reason, applied_by, applied_at, flag, flagged_at""";

    private final JdbcClient jdbc;

    WriteBackRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(WriteBack w) {
        jdbc.sql(
                        "insert into write_back (" + COLUMNS
                                + ") values (:id, :tenant, :line, :connection, :psaLine, :company,"
                                + " :product, :target, :expected, :quantity, :exact, :effective, :status, :attempts, :attemptBase,"
                                + " :lastError, :unknown, :reference, :psaQuantity, :response, :jobKey, :nextAt, :createdBy,"
                                + " :createdAt, :updatedAt, :finishedAt, :manualReason, :appliedBy, :appliedAt, :flag, :flaggedAt)")
                .param("id", w.id())
                .param("tenant", w.tenantId())
                .param("line", w.lineId())
                .param("connection", w.connectionId())
                .param("psaLine", w.psaLineId())
                .param("company", w.psaCompanyId())
                .param("product", w.psaProductId())
                .param("target", w.targetKey())
                .param("expected", w.expectedPsaQuantity())
                .param("quantity", w.quantity())
                .param("exact", w.exactQuantity())
                .param("effective", w.effectiveDate())
                .param("status", w.status().wire())
                .param("attempts", w.attempts())
                .param("attemptBase", w.attemptBase())
                .param("lastError", text(w.lastError()))
                .param("unknown", w.outcomeUnknown())
                .param("reference", w.psaReference())
                .param("psaQuantity", w.psaQuantity())
                .param("response", text(w.psaResponse()))
                .param("jobKey", w.jobKey())
                .param("nextAt", ts(w.nextAttemptAt()))
                .param("createdBy", w.createdBy())
                .param("createdAt", ts(w.createdAt()))
                .param("updatedAt", ts(w.updatedAt()))
                .param("finishedAt", ts(w.finishedAt()))
                .param("manualReason", reason(w.manualReason()))
                .param("appliedBy", w.appliedBy())
                .param("appliedAt", ts(w.appliedAt()))
                .param("flag", reason(w.flag()))
                .param("flaggedAt", ts(w.flaggedAt()))
                .update();
    }

    Optional<WriteBack> find(UUID tenantId, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from write_back where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId)
                .param("id", id)
                .query(WriteBackRows::map)
                .optional();
    }

    /** The row, locked until the end of the transaction. */
    Optional<WriteBack> lock(UUID tenantId, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from write_back where tenant_id = :tenant and id = :id for update")
                .param("tenant", tenantId)
                .param("id", id)
                .query(WriteBackRows::map)
                .optional();
    }

    /** Locks every write-back of a delivery target, so two deliveries of one target cannot start at once. */
    void lockTarget(UUID tenantId, String targetKey) {
        jdbc.sql("select id from write_back where tenant_id = :tenant and target_key = :target order by id for update")
                .param("tenant", tenantId)
                .param("target", targetKey)
                .query(UUID.class)
                .list();
    }

    /** True when an older write-back of the same target is still queued or being written. */
    boolean olderActiveExists(WriteBack w) {
        return jdbc.sql("""
                select count(*) from write_back
                where tenant_id = :tenant and target_key = :target and id <> :id and status in ('queued', 'writing')
                  and (created_at < :createdAt or (created_at = :createdAt and id < :id))""")
                        .param("tenant", w.tenantId())
                        .param("target", w.targetKey())
                        .param("id", w.id())
                        .param("createdAt", ts(w.createdAt()))
                        .query(Long.class)
                        .single()
                > 0;
    }

    void markWriting(UUID tenantId, UUID id, int attempts, Instant now) {
        jdbc.sql("""
                update write_back set status = 'writing', attempts = :attempts, next_attempt_at = null, updated_at = :now
                where tenant_id = :tenant and id = :id""")
                .param("attempts", attempts)
                .param("now", ts(now))
                .param("tenant", tenantId)
                .param("id", id)
                .update();
    }

    /** Hands the row to another job instance (a later attempt), still or again queued. Fenced by the current job. */
    boolean requeue(
            UUID tenantId,
            UUID id,
            String currentJob,
            String nextJob,
            Instant nextAt,
            String lastError,
            boolean outcomeUnknown,
            Instant now) {
        return jdbc.sql("""
                update write_back set status = 'queued', job_key = :nextJob, next_attempt_at = :nextAt,
                  last_error = :lastError, outcome_unknown = :unknown, updated_at = :now
                where tenant_id = :tenant and id = :id and job_key = :currentJob""")
                        .param("nextJob", nextJob)
                        .param("nextAt", ts(nextAt))
                        .param("lastError", text(lastError))
                        .param("unknown", outcomeUnknown)
                        .param("now", ts(now))
                        .param("tenant", tenantId)
                        .param("id", id)
                        .param("currentJob", currentJob)
                        .update()
                == 1;
    }

    /** Postpones a delivery waiting for an older one of the same target; status and attempts stay. */
    void postpone(UUID tenantId, UUID id, String nextJob, Instant nextAt, Instant now) {
        jdbc.sql("""
                update write_back set job_key = :nextJob, next_attempt_at = :nextAt, updated_at = :now
                where tenant_id = :tenant and id = :id""")
                .param("nextJob", nextJob)
                .param("nextAt", ts(nextAt))
                .param("now", ts(now))
                .param("tenant", tenantId)
                .param("id", id)
                .update();
    }

    /** Ends the delivery in a final status. Fenced by the job that ran the attempt. */
    boolean finish(
            UUID tenantId,
            UUID id,
            String job,
            WriteBackStatus status,
            String lastError,
            String psaReference,
            BigDecimal psaQuantity,
            String psaResponse,
            Instant now) {
        return jdbc.sql("""
                update write_back set status = :status, last_error = :lastError, psa_reference = :reference,
                  psa_quantity = :psaQuantity, psa_response = :response, outcome_unknown = false, job_key = null,
                  next_attempt_at = null, updated_at = :now, finished_at = :now
                where tenant_id = :tenant and id = :id and job_key = :job""")
                        .param("status", status.wire())
                        .param("lastError", text(lastError))
                        .param("reference", psaReference)
                        .param("psaQuantity", psaQuantity)
                        .param("response", text(psaResponse))
                        .param("now", ts(now))
                        .param("tenant", tenantId)
                        .param("id", id)
                        .param("job", job)
                        .update()
                == 1;
    }

    /** A person re-queues a failed write-back: a fresh attempt budget and a new job. */
    boolean requeueFailed(UUID tenantId, UUID id, String job, Instant now) {
        return jdbc.sql("""
                update write_back set status = 'queued', attempt_base = attempts, last_error = null,
                  outcome_unknown = false, job_key = :job, next_attempt_at = :now, updated_at = :now, finished_at = null
                where tenant_id = :tenant and id = :id and status = 'failed'""")
                        .param("job", job)
                        .param("now", ts(now))
                        .param("tenant", tenantId)
                        .param("id", id)
                        .update()
                == 1;
    }

    void insertAttempt(UUID tenantId, UUID writeBackId, DeliveryAttempt a) {
        jdbc.sql("""
                insert into write_back_attempt (id, tenant_id, write_back_id, attempt, started_at, finished_at, outcome,
                  psa_quantity_before, message)
                values (:id, :tenant, :writeBack, :attempt, :started, :finished, :outcome, :before, :message)""")
                .param("id", UUID.randomUUID())
                .param("tenant", tenantId)
                .param("writeBack", writeBackId)
                .param("attempt", a.attempt())
                .param("started", ts(a.startedAt()))
                .param("finished", ts(a.finishedAt()))
                .param("outcome", a.outcome())
                .param("before", a.psaQuantityBefore())
                .param("message", text(a.message()))
                .update();
    }

    List<DeliveryAttempt> attempts(UUID tenantId, UUID writeBackId) {
        return jdbc.sql("""
                select attempt, started_at, finished_at, outcome, psa_quantity_before, message from write_back_attempt
                where tenant_id = :tenant and write_back_id = :writeBack order by attempt, started_at""")
                .param("tenant", tenantId)
                .param("writeBack", writeBackId)
                .query((rs, n) -> new DeliveryAttempt(
                        rs.getInt("attempt"),
                        instant(rs, "started_at"),
                        instant(rs, "finished_at"),
                        rs.getString("outcome"),
                        rs.getBigDecimal("psa_quantity_before"),
                        rs.getString("message")))
                .list();
    }

    /** Newest first; {@code statuses} empty means all, {@code connectionId} null every connection. */
    PageResult<WriteBack> list(
            UUID tenantId, Collection<WriteBackStatus> statuses, UUID connectionId, int page, int size) {
        String where = " where tenant_id = :tenant" + (statuses.isEmpty() ? "" : " and status in (:statuses)")
                + (connectionId == null ? "" : " and connection_id = :connection");
        List<String> wire = statuses.stream().map(WriteBackStatus::wire).toList();
        var count = jdbc.sql("select count(*) from write_back" + where).param("tenant", tenantId);
        var select = jdbc.sql("select " + COLUMNS + " from write_back" + where
                        + " order by created_at desc, id desc limit :limit offset :offset")
                .param("tenant", tenantId)
                .param("limit", size)
                .param("offset", (long) page * size);
        if (!statuses.isEmpty()) {
            count = count.param("statuses", wire);
            select = select.param("statuses", wire);
        }
        if (connectionId != null) {
            count = count.param("connection", connectionId);
            select = select.param("connection", connectionId);
        }
        long total = count.query(Long.class).single();
        return new PageResult<>(select.query(WriteBackRows::map).list(), page, size, total);
    }

    /** Write-backs in one of {@code statuses} ({@code connectionId} null: every connection), oldest first. */
    List<WriteBack> withStatus(UUID tenantId, Collection<WriteBackStatus> statuses, UUID connectionId) {
        var select = jdbc.sql("select " + COLUMNS
                        + " from write_back where tenant_id = :tenant and status in (:statuses)"
                        + (connectionId == null ? "" : " and connection_id = :connection") + " order by created_at, id")
                .param("tenant", tenantId)
                .param("statuses", statuses.stream().map(WriteBackStatus::wire).toList());
        if (connectionId != null) {
            select = select.param("connection", connectionId);
        }
        return select.query(WriteBackRows::map).list();
    }

    /**
     * A queued or writing write-back goes to the change sheet (the connector cannot write it). Fenced by the job that
     * found out; no job is responsible for it any more.
     */
    boolean toApply(UUID tenantId, UUID id, String job, String reason, Instant now) {
        return jdbc.sql("""
                update write_back set status = 'to_apply', manual_reason = :reason, outcome_unknown = false,
                  job_key = null, next_attempt_at = null, updated_at = :now
                where tenant_id = :tenant and id = :id and job_key = :job and status in ('queued', 'writing')""")
                        .param("reason", reason(reason))
                        .param("now", ts(now))
                        .param("tenant", tenantId)
                        .param("id", id)
                        .param("job", job)
                        .update()
                == 1;
    }

    /** A person applied it in the PSA. Only from to_apply. */
    boolean markApplied(UUID tenantId, UUID id, String actor, Instant now) {
        return jdbc.sql("""
                update write_back set status = 'applied', applied_by = :actor, applied_at = :now, updated_at = :now
                where tenant_id = :tenant and id = :id and status = 'to_apply'""")
                        .param("actor", actor)
                        .param("now", ts(now))
                        .param("tenant", tenantId)
                        .param("id", id)
                        .update()
                == 1;
    }

    /** A PSA snapshot shows the new quantity: the change is in the PSA. Only from to_apply or applied. */
    boolean confirm(UUID tenantId, UUID id, BigDecimal psaQuantity, String psaReference, Instant now) {
        return jdbc.sql("""
                update write_back set status = 'confirmed', psa_quantity = :psaQuantity,
                  psa_reference = coalesce(psa_reference, :reference), flag = null, flagged_at = null,
                  updated_at = :now, finished_at = :now
                where tenant_id = :tenant and id = :id and status in ('to_apply', 'applied')""")
                        .param("psaQuantity", psaQuantity)
                        .param("reference", psaReference)
                        .param("now", ts(now))
                        .param("tenant", tenantId)
                        .param("id", id)
                        .update()
                == 1;
    }

    /** A snapshot after "applied" still shows another quantity. Only while applied. */
    boolean flag(UUID tenantId, UUID id, String flag, BigDecimal psaQuantity, Instant now) {
        return jdbc.sql("""
                update write_back set flag = :flag, flagged_at = :now, psa_quantity = :psaQuantity, updated_at = :now
                where tenant_id = :tenant and id = :id and status = 'applied'""")
                        .param("flag", reason(flag))
                        .param("psaQuantity", psaQuantity)
                        .param("now", ts(now))
                        .param("tenant", tenantId)
                        .param("id", id)
                        .update()
                == 1;
    }

    /** The connections the organisation has write-backs for. */
    List<UUID> connectionIds(UUID tenantId) {
        return jdbc.sql("select distinct connection_id from write_back where tenant_id = :tenant")
                .param("tenant", tenantId)
                .query(UUID.class)
                .list();
    }

    long countActive(UUID tenantId) {
        return jdbc.sql("select count(*) from write_back where tenant_id = :tenant and status in ('queued', 'writing')")
                .param("tenant", tenantId)
                .query(Long.class)
                .single();
    }

    /** Every write-back of the given lines, newest first per line. */
    List<WriteBack> ofLines(UUID tenantId, Collection<UUID> lineIds) {
        List<WriteBack> result = new ArrayList<>();
        List<UUID> ids = List.copyOf(lineIds);
        for (int from = 0; from < ids.size(); from += 500) {
            result.addAll(jdbc.sql("select " + COLUMNS + " from write_back where tenant_id = :tenant"
                            + " and reconciliation_line_id in (:lines) order by created_at desc, id desc")
                    .param("tenant", tenantId)
                    .param("lines", ids.subList(from, Math.min(ids.size(), from + 500)))
                    .query(WriteBackRows::map)
                    .list());
        }
        return result;
    }

    private static WriteBack map(ResultSet rs, int n) throws SQLException {
        return new WriteBack(
                rs.getObject("id", UUID.class),
                rs.getObject("tenant_id", UUID.class),
                rs.getObject("reconciliation_line_id", UUID.class),
                rs.getObject("connection_id", UUID.class),
                rs.getObject("psa_line_id", UUID.class),
                rs.getObject("psa_company_id", UUID.class),
                rs.getObject("psa_product_id", UUID.class),
                rs.getString("target_key"),
                rs.getBigDecimal("expected_psa_quantity"),
                rs.getBigDecimal("quantity"),
                rs.getBigDecimal("exact_quantity"),
                rs.getObject("effective_date", LocalDate.class),
                WriteBackStatus.fromWire(rs.getString("status")),
                rs.getInt("attempts"),
                rs.getInt("attempt_base"),
                rs.getString("last_error"),
                rs.getBoolean("outcome_unknown"),
                rs.getString("psa_reference"),
                rs.getBigDecimal("psa_quantity"),
                rs.getString("psa_response"),
                rs.getString("job_key"),
                instant(rs, "next_attempt_at"),
                rs.getString("created_by"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                instant(rs, "finished_at"),
                rs.getString("manual_reason"),
                rs.getString("applied_by"),
                instant(rs, "applied_at"),
                rs.getString("flag"),
                instant(rs, "flagged_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static String reason(String value) {
        return value == null || value.length() <= 500 ? value : value.substring(0, 499) + "…";
    }

    private static String text(String value) {
        return value == null || value.length() <= MAX_TEXT ? value : value.substring(0, MAX_TEXT - 1) + "…";
    }
}
