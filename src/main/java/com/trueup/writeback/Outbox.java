package com.trueup.writeback;

import com.trueup.audit.AuditLog;
import com.trueup.shared.ConflictException;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.NotFoundException;
import com.trueup.shared.PageResult;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The outbox: queues approved changes with their delivery job, lists them, re-queues failed ones. */
@Service
class Outbox implements WriteBacks {

    private final WriteBackRows rows;
    private final DeliveryJobs jobs;
    private final AuditLog audit;
    private final WriteBackMetrics metrics;
    private final Clock clock;

    Outbox(WriteBackRows rows, DeliveryJobs jobs, AuditLog audit, WriteBackMetrics metrics, Clock clock) {
        this.rows = rows;
        this.jobs = jobs;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    @Transactional
    public UUID enqueue(WriteBackRequest r) {
        validate(r);
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        String job = DeliveryJobs.newKey(id);
        BigDecimal quantity = r.quantity().setScale(4, RoundingMode.UNNECESSARY);
        rows.insert(new WriteBack(id, r.tenantId(), r.reconciliationLineId(), r.connectionId(), r.psaLineId(),
                r.psaCompanyId(), r.psaProductId(), WriteBack.targetKeyOf(r.psaLineId(), r.psaCompanyId(), r.psaProductId()),
                scaled(r.expectedPsaQuantity()), quantity, scaled(r.exactQuantity()), r.effectiveDate(),
                WriteBackStatus.QUEUED, 0, 0, null, false, null, null, null, job, now, r.actor(), now, now, null));
        jobs.schedule(r.tenantId(), id, job, now);
        audit.record(r.tenantId(), r.actor(), "writeback.queued", "write-back " + id,
                (r.psaLineId() == null ? "New line of " + Delivery.plain(quantity) : "Quantity " + Delivery.plain(quantity)
                        + " (PSA had " + Delivery.plain(r.expectedPsaQuantity()) + ")")
                        + " from " + r.effectiveDate() + " for reconciliation line " + r.reconciliationLineId());
        metrics.countAfterCommit("queued");
        return id;
    }

    @Override
    @Transactional(readOnly = true)
    public Map<UUID, WriteBackView> latestForLines(UUID tenantId, Collection<UUID> lineIds) {
        Map<UUID, WriteBackView> latest = new LinkedHashMap<>();
        if (lineIds == null || lineIds.isEmpty()) {
            return latest;
        }
        for (WriteBack w : rows.ofLines(tenantId, lineIds)) {
            latest.putIfAbsent(w.lineId(), w.view());
        }
        return latest;
    }

    @Transactional(readOnly = true)
    PageResult<WriteBack> list(UUID tenantId, Collection<WriteBackStatus> statuses, int page, int size) {
        return rows.list(tenantId, statuses, page, size);
    }

    @Transactional(readOnly = true)
    WriteBack get(UUID tenantId, UUID id) {
        return rows.find(tenantId, id).orElseThrow(() -> new NotFoundException("No write-back " + id));
    }

    @Transactional(readOnly = true)
    List<DeliveryAttempt> history(UUID tenantId, UUID id) {
        get(tenantId, id);
        return rows.attempts(tenantId, id);
    }

    @Transactional(readOnly = true)
    long countActive(UUID tenantId) {
        return rows.countActive(tenantId);
    }

    /** Puts a failed write-back back in the queue with a fresh attempt budget. */
    @Transactional
    WriteBack retry(UUID tenantId, UUID id, String actor) {
        WriteBack w = rows.lock(tenantId, id).orElseThrow(() -> new NotFoundException("No write-back " + id));
        switch (w.status()) {
            case FAILED -> {
                Instant now = clock.instant();
                String job = DeliveryJobs.newKey(id);
                rows.requeueFailed(tenantId, id, job, now);
                jobs.schedule(tenantId, id, job, now);
                audit.record(tenantId, actor, "writeback.requeued", "write-back " + id,
                        "Re-queued after: " + w.lastError());
                metrics.countAfterCommit("requeued");
                return get(tenantId, id);
            }
            case CONFLICT -> throw new ConflictException(conflictReason(w));
            case WRITTEN -> throw new ConflictException("This write-back was already written to the PSA; there is "
                    + "nothing to retry.");
            default -> throw new ConflictException("This write-back is already " + w.status().wire() + "; it is "
                    + "delivered automatically.");
        }
    }

    static String conflictReason(WriteBack w) {
        return "A conflict is not retried: the PSA line changed after the approval"
                + (w.psaQuantity() != null ? " (the PSA had " + Delivery.plain(w.psaQuantity()) + ", the approval expected "
                + Delivery.plain(w.expectedPsaQuantity()) + ")" : "")
                + ", and TrueUp never overwrites such a change. Sync the PSA, review the line on the reconcile page and "
                + "approve it again.";
    }

    private static void validate(WriteBackRequest r) {
        require(r.tenantId(), "tenantId");
        require(r.reconciliationLineId(), "reconciliationLineId");
        require(r.connectionId(), "connectionId");
        require(r.quantity(), "quantity");
        require(r.effectiveDate(), "effectiveDate");
        if (r.actor() == null || r.actor().isBlank()) {
            throw new InvalidInputException("actor", "actor is required");
        }
        if (r.quantity().signum() < 0) {
            throw new InvalidInputException("quantity", "quantity must not be negative");
        }
        if (r.quantity().stripTrailingZeros().scale() > 4) {
            throw new InvalidInputException("quantity", "quantity has more than 4 decimal places");
        }
        if (r.psaLineId() == null) {
            require(r.psaCompanyId(), "psaCompanyId");
            require(r.psaProductId(), "psaProductId");
        } else {
            require(r.expectedPsaQuantity(), "expectedPsaQuantity");
        }
    }

    private static void require(Object value, String field) {
        if (value == null) {
            throw new InvalidInputException(field, field + " is required");
        }
    }

    private static BigDecimal scaled(BigDecimal value) {
        return value == null ? null : value.setScale(4, RoundingMode.HALF_UP);
    }
}
