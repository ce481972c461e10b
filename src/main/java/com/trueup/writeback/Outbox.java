package com.trueup.writeback;

import com.trueup.audit.AuditLog;
import com.trueup.psa.PsaContractLine;
import com.trueup.psa.PsaSnapshot;
import com.trueup.shared.ConflictException;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.NotFoundException;
import com.trueup.shared.PageResult;
import com.trueup.shared.Quantities;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The outbox: queues approved changes with their delivery job (or, where the connector cannot write them, puts them on
 * the change sheet), lists them, re-queues failed ones, records what people applied by hand.
 */
@Service
class Outbox implements WriteBacks {

    static final int MAX_BULK = 1000;

    private final WriteBackRows rows;
    private final DeliveryJobs jobs;
    private final AuditLog audit;
    private final WriteBackMetrics metrics;
    private final PsaSnapshot snapshot;
    private final Clock clock;

    Outbox(
            WriteBackRows rows,
            DeliveryJobs jobs,
            AuditLog audit,
            WriteBackMetrics metrics,
            PsaSnapshot snapshot,
            Clock clock) {
        this.rows = rows;
        this.jobs = jobs;
        this.audit = audit;
        this.metrics = metrics;
        this.snapshot = snapshot;
        this.clock = clock;
    }

    @Override
    @Transactional
    public UUID enqueue(WriteBackRequest r) {
        validate(r);
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        BigDecimal quantity = r.quantity().setScale(Quantities.SCALE, RoundingMode.UNNECESSARY);
        Optional<String> byHand =
                snapshot.connection(r.tenantId(), r.connectionId()).flatMap(c -> c.byHand(r.psaLineId() == null));
        if (byHand.isPresent() && r.psaLineId() != null) {
            snapshot.line(r.tenantId(), r.psaLineId())
                    .filter(PsaContractLine::readOnly)
                    .ifPresent(computed -> {
                        throw new ConflictException(
                                computed.readOnlyReason() + ", so TrueUp neither writes it nor puts it on "
                                        + "the change sheet: change the quantity in the PSA (or what it counts).");
                    });
        }
        String job = byHand.isPresent() ? null : DeliveryJobs.newKey(id);
        rows.insert(new WriteBack(
                id,
                r.tenantId(),
                r.reconciliationLineId(),
                r.connectionId(),
                r.psaLineId(),
                r.psaCompanyId(),
                r.psaProductId(),
                WriteBack.targetKeyOf(r.psaLineId(), r.psaCompanyId(), r.psaProductId()),
                Quantities.normalize(r.expectedPsaQuantity()),
                quantity,
                Quantities.normalize(r.exactQuantity()),
                r.effectiveDate(),
                byHand.isPresent() ? WriteBackStatus.TO_APPLY : WriteBackStatus.QUEUED,
                0,
                0,
                null,
                false,
                null,
                null,
                null,
                job,
                byHand.isPresent() ? null : now,
                r.actor(),
                now,
                now,
                null,
                byHand.orElse(null),
                null,
                null,
                null,
                null));
        String change = (r.psaLineId() == null
                        ? "New line of " + Delivery.plain(quantity)
                        : "Quantity " + Delivery.plain(quantity) + " (PSA had "
                                + Delivery.plain(r.expectedPsaQuantity()) + ")")
                + " from " + r.effectiveDate() + " for reconciliation line " + r.reconciliationLineId();
        if (byHand.isPresent()) {
            audit.record(
                    r.tenantId(),
                    r.actor(),
                    "writeback.to_apply",
                    "write-back " + id,
                    change + ". To apply by hand (change sheet): " + byHand.get() + ".");
            metrics.countAfterCommit("to_apply");
            return id;
        }
        jobs.schedule(r.tenantId(), id, job, now);
        audit.record(r.tenantId(), r.actor(), "writeback.queued", "write-back " + id, change);
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
    PageResult<WriteBack> list(
            UUID tenantId, Collection<WriteBackStatus> statuses, UUID connectionId, int page, int size) {
        return rows.list(tenantId, statuses, connectionId, page, size);
    }

    /** The change sheet: write-backs to apply by hand ({@code connectionId} null: every connection), oldest first. */
    @Transactional(readOnly = true)
    List<WriteBack> toApply(UUID tenantId, UUID connectionId) {
        return rows.withStatus(tenantId, Set.of(WriteBackStatus.TO_APPLY), connectionId);
    }

    /** A person applied the change in the PSA: applied by hand, with who and when in the audit log. */
    @Transactional
    WriteBack markApplied(UUID tenantId, UUID id, String actor) {
        WriteBack w = rows.lock(tenantId, id).orElseThrow(() -> new NotFoundException("No write-back " + id));
        if (w.status() != WriteBackStatus.TO_APPLY) {
            throw new ConflictException(notToApply(w));
        }
        applied(w, actor);
        return get(tenantId, id);
    }

    /**
     * Marks several write-backs applied: the ones named ({@code ids}), or, when {@code ids} is null, the whole change
     * sheet of {@code connectionId} (null: every connection) as approved up to {@code through} (null: all), so a change
     * approved after the sheet was printed is not swept in. Write-backs that are not to apply are skipped with the reason.
     */
    @Transactional
    Applied markAllApplied(UUID tenantId, List<UUID> ids, UUID connectionId, Instant through, String actor) {
        List<Skipped> skipped = new ArrayList<>();
        int done = 0;
        if (ids == null) {
            for (WriteBack w : toApply(tenantId, connectionId)) {
                if (through != null && w.createdAt().isAfter(through)) {
                    continue;
                }
                WriteBack locked = rows.lock(tenantId, w.id()).orElse(null);
                if (locked != null && locked.status() == WriteBackStatus.TO_APPLY) {
                    applied(locked, actor);
                    done++;
                }
            }
            return new Applied(done, skipped);
        }
        if (ids.isEmpty()) {
            throw new InvalidInputException("writeBackIds", "writeBackIds must name at least one write-back");
        }
        if (ids.size() > MAX_BULK) {
            throw new InvalidInputException("writeBackIds", "at most " + MAX_BULK + " write-backs per request");
        }
        for (UUID id : new LinkedHashSet<>(ids)) {
            if (id == null) {
                throw new InvalidInputException("writeBackIds", "writeBackIds must not contain null");
            }
            Optional<WriteBack> w = rows.lock(tenantId, id);
            if (w.isEmpty()) {
                skipped.add(new Skipped(id, "No write-back " + id));
            } else if (w.get().status() != WriteBackStatus.TO_APPLY) {
                skipped.add(new Skipped(id, notToApply(w.get())));
            } else {
                applied(w.get(), actor);
                done++;
            }
        }
        return new Applied(done, skipped);
    }

    private void applied(WriteBack w, String actor) {
        Instant now = clock.instant();
        rows.markApplied(w.tenantId(), w.id(), actor, now);
        audit.record(
                w.tenantId(),
                actor,
                "writeback.applied",
                "write-back " + w.id(),
                "Applied by hand by " + actor
                        + " at " + now + ": "
                        + (w.isNewRevenue()
                                ? "new line of " + Delivery.plain(w.quantity())
                                : "quantity " + Delivery.plain(w.expectedPsaQuantity()) + " → "
                                        + Delivery.plain(w.quantity()))
                        + " from " + w.effectiveDate() + ". The next PSA snapshot that shows it confirms it.");
        metrics.countAfterCommit("applied");
    }

    private static String notToApply(WriteBack w) {
        return switch (w.status()) {
            case APPLIED -> "This write-back was already marked applied by " + w.appliedBy() + ".";
            case CONFIRMED -> "This write-back is already confirmed: the PSA shows its quantity.";
            default ->
                "This write-back is " + w.status().wire() + ", not to apply by hand: TrueUp delivers it through "
                        + "the PSA's API.";
        };
    }

    /** How many write-backs were marked applied, and which were not and why. */
    record Applied(int applied, List<Skipped> skipped) {}

    record Skipped(UUID writeBackId, String reason) {}

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
    List<UUID> connectionIds(UUID tenantId) {
        return rows.connectionIds(tenantId);
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
                audit.record(
                        tenantId, actor, "writeback.requeued", "write-back " + id, "Re-queued after: " + w.lastError());
                metrics.countAfterCommit("requeued");
                return get(tenantId, id);
            }
            case CONFLICT -> throw new ConflictException(conflictReason(w));
            case WRITTEN ->
                throw new ConflictException(
                        "This write-back was already written to the PSA; there is " + "nothing to retry.");
            case TO_APPLY, APPLIED, CONFIRMED ->
                throw new ConflictException("This write-back is applied by hand (" + w.manualReason()
                        + "); there is nothing to retry: apply it in the PSA and mark it applied.");
            default ->
                throw new ConflictException(
                        "This write-back is already " + w.status().wire() + "; it is " + "delivered automatically.");
        }
    }

    static String conflictReason(WriteBack w) {
        return "A conflict is not retried: the PSA line changed after the approval"
                + (w.psaQuantity() != null
                        ? " (the PSA had " + Delivery.plain(w.psaQuantity()) + ", the approval expected "
                                + Delivery.plain(w.expectedPsaQuantity()) + ")"
                        : "")
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
}
