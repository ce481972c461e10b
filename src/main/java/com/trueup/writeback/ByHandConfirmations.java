package com.trueup.writeback;

import com.trueup.audit.AuditLog;
import com.trueup.psa.PsaContractLine;
import com.trueup.psa.PsaEvents;
import com.trueup.psa.PsaSnapshot;
import com.trueup.shared.TenantCalendar;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Settles changes applied by hand against each new PSA snapshot of their connection: a write-back that is to apply or
 * applied becomes confirmed when the snapshot shows its new quantity (compared with compareTo) on its line or, for new
 * revenue, on a line of that product for the company; an applied one whose line shows something else is flagged ("still
 * at 10 after the import of 2026-12-02"), and the flag goes when a later snapshot shows the new quantity.
 */
@Component
class ByHandConfirmations {

    private static final Logger log = LoggerFactory.getLogger(ByHandConfirmations.class);

    private final WriteBackRows rows;
    private final PsaSnapshot snapshot;
    private final AuditLog audit;
    private final WriteBackMetrics metrics;
    private final TenantCalendar calendar;
    private final Clock clock;
    private final TransactionTemplate ownTransaction;

    ByHandConfirmations(
            WriteBackRows rows,
            PsaSnapshot snapshot,
            AuditLog audit,
            WriteBackMetrics metrics,
            TenantCalendar calendar,
            Clock clock,
            PlatformTransactionManager transactions) {
        this.rows = rows;
        this.snapshot = snapshot;
        this.audit = audit;
        this.metrics = metrics;
        this.calendar = calendar;
        this.clock = clock;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * After the new snapshot committed; in a transaction of its own, so a failure here never holds up the other
     * listeners (the reconciliation rebuild): what is left open is settled by the next snapshot.
     */
    @EventListener
    void on(PsaEvents.SnapshotRefreshed event) {
        try {
            ownTransaction.execute(s -> settle(event.tenantId(), event.connectionId()));
        } catch (RuntimeException e) {
            log.warn(
                    "Could not settle the write-backs applied by hand of connection {} after sync run {}",
                    event.connectionId(),
                    event.syncRunId(),
                    e);
        }
    }

    /** Returns how many write-backs were confirmed. Runs in the caller's transaction. */
    int settle(UUID tenantId, UUID connectionId) {
        List<WriteBack> open =
                rows.withStatus(tenantId, Set.of(WriteBackStatus.TO_APPLY, WriteBackStatus.APPLIED), connectionId);
        if (open.isEmpty()) {
            return 0;
        }
        Map<UUID, PsaContractLine> byId = new HashMap<>();
        Map<String, List<PsaContractLine>> byTarget = new HashMap<>();
        for (PsaContractLine l : snapshot.billableLines(tenantId, connectionId)) {
            byId.put(l.id(), l);
            byTarget.computeIfAbsent(l.companyId() + ":" + l.productId(), k -> new java.util.ArrayList<>())
                    .add(l);
        }
        Instant now = clock.instant();
        LocalDate day = calendar.dayOf(tenantId, now);
        int confirmed = 0;
        for (WriteBack w : open) {
            Optional<PsaContractLine> match;
            BigDecimal shown;
            if (w.isNewRevenue()) {
                List<PsaContractLine> lines =
                        byTarget.getOrDefault(w.psaCompanyId() + ":" + w.psaProductId(), List.of());
                match = lines.stream()
                        .filter(l -> l.quantity().compareTo(w.quantity()) == 0)
                        .findFirst();
                shown = lines.isEmpty()
                        ? null
                        : lines.stream().map(PsaContractLine::quantity).reduce(BigDecimal.ZERO, BigDecimal::add);
            } else {
                PsaContractLine line = byId.get(w.psaLineId());
                match = Optional.ofNullable(line).filter(l -> l.quantity().compareTo(w.quantity()) == 0);
                shown = line == null ? null : line.quantity();
            }
            String subject = "write-back " + w.id();
            if (match.isPresent()) {
                if (rows.confirm(
                        tenantId, w.id(), match.get().quantity(), match.get().externalLineId(), now)) {
                    audit.record(
                            tenantId,
                            Delivery.SYSTEM,
                            "writeback.confirmed",
                            subject,
                            "The PSA snapshot of " + day
                                    + " shows " + Delivery.plain(w.quantity())
                                    + (w.isNewRevenue() ? " on a new line" : "")
                                    + (w.status() == WriteBackStatus.APPLIED
                                            ? " (applied by hand by " + w.appliedBy() + ")"
                                            : " (applied in the PSA before anyone marked it applied)")
                                    + ".");
                    metrics.countAfterCommit("confirmed");
                    confirmed++;
                }
            } else if (w.status() == WriteBackStatus.APPLIED) {
                String flag = flag(w, shown, day);
                if (rows.flag(tenantId, w.id(), flag, shown, now) && w.flag() == null) {
                    audit.record(
                            tenantId,
                            Delivery.SYSTEM,
                            "writeback.flagged",
                            subject,
                            "Applied by hand by " + w.appliedBy() + ", but " + flag + ".");
                    metrics.countAfterCommit("flagged");
                }
            }
        }
        return confirmed;
    }

    /** "still at 10 after the import of 2026-12-02", or what else the snapshot shows. */
    static String flag(WriteBack w, BigDecimal shown, LocalDate day) {
        String after = " after the import of " + day;
        if (shown == null) {
            return (w.isNewRevenue()
                            ? "no line of this product for the company"
                            : "the line is not in the PSA snapshot")
                    + after;
        }
        BigDecimal old = w.isNewRevenue() ? BigDecimal.ZERO : w.expectedPsaQuantity();
        if (old != null && shown.compareTo(old) == 0) {
            return "still at " + Delivery.plain(shown) + after;
        }
        return "at " + Delivery.plain(shown) + ", not " + Delivery.plain(w.quantity()) + "," + after;
    }
}
