package com.trueup.reconciliation;

import com.trueup.audit.AuditLog;
import com.trueup.psa.PsaConnectionInfo;
import com.trueup.psa.PsaContractLine;
import com.trueup.psa.PsaSnapshot;
import com.trueup.shared.BillingPeriod;
import com.trueup.shared.ConflictException;
import com.trueup.shared.CurrentUser;
import com.trueup.shared.Display;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.NotFoundException;
import com.trueup.shared.Quantities;
import com.trueup.shared.Role;
import com.trueup.writeback.WriteBackRequest;
import com.trueup.writeback.WriteBackView;
import com.trueup.writeback.WriteBacks;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The actions on reconciliation lines: approve, adjust, dismiss, note, set the effective date, one at a time or in bulk,
 * and approvals by approval rules ({@link AutomaticApprovals}). Each locks the line's period, records the line's history
 * and the audit log, and an approval queues its write-back, in one transaction.
 */
@Service
class LineActions implements AutomaticApprovals {

    static final int MAX_BULK = 1000;
    static final int MAX_NOTE = 2000;

    private final ReconciliationStore store;
    private final ReconciliationRebuilder rebuilder;
    private final PsaSnapshot psa;
    private final WriteBacks writeBacks;
    private final AuditLog audit;
    private final Clock clock;

    LineActions(
            ReconciliationStore store,
            ReconciliationRebuilder rebuilder,
            PsaSnapshot psa,
            WriteBacks writeBacks,
            AuditLog audit,
            Clock clock) {
        this.store = store;
        this.rebuilder = rebuilder;
        this.psa = psa;
        this.writeBacks = writeBacks;
        this.audit = audit;
        this.clock = clock;
    }

    record Approval(
            UUID lineId,
            UUID writeBackId,
            BigDecimal quantity,
            BigDecimal targetLineQuantity,
            LocalDate effectiveDate,
            String status) {}

    record BulkResult(String action, int done, List<Skipped> skipped) {}

    record Skipped(UUID lineId, String reason) {}

    /** Approve (quantity null: the vendor quantity as it will be written) or adjust (another total quantity). */
    @Transactional
    Approval approve(CurrentUser user, UUID lineId, BigDecimal quantity, LocalDate effectiveDate) {
        requireApprover(user);
        validateQuantity(quantity);
        return approveLine(user.tenantId(), user.email(), lockedLine(user.tenantId(), lineId), quantity, effectiveDate);
    }

    @Override
    public List<PendingLine> pendingLines(UUID tenantId, YearMonth month) {
        BillingPeriod period = rebuilder.period(tenantId, month);
        rebuilder.ensureBuilt(tenantId, period);
        return store.pendingLines(tenantId, period.key()).stream()
                .map(LineActions::pending)
                .toList();
    }

    private static PendingLine pending(StoredLine line) {
        LineRow r = line.row();
        Set<UUID> integrations = new LinkedHashSet<>();
        Set<UUID> services = new LinkedHashSet<>();
        line.series().forEach(s -> {
            integrations.add(s.integrationId());
            services.add(s.serviceId());
        });
        return new PendingLine(
                line.id(),
                YearMonth.parse(line.period()),
                line.status().wire(),
                r.integrationId(),
                Set.copyOf(integrations),
                Set.copyOf(services),
                r.psaCompanyId(),
                r.companyName(),
                r.psaProductId(),
                r.serviceName(),
                r.contractLineCount() > 0,
                r.vendorQuantity(),
                r.psaQuantity(),
                r.quantityToWrite(),
                r.revenueChange());
    }

    @Override
    @Transactional
    public AutomaticApproval approve(
            UUID tenantId, UUID lineId, String actor, BigDecimal vendorQuantitySeen, BigDecimal psaQuantitySeen) {
        StoredLine line = lockedLine(tenantId, lineId);
        if (!line.status().actionable()
                || !Quantities.same(line.row().vendorQuantity(), vendorQuantitySeen)
                || !Quantities.same(line.row().psaQuantity(), psaQuantitySeen)) {
            throw new ConflictException(
                    "The line changed after it was read (now " + line.status().wire() + ", vendor "
                            + plain(line.row().vendorQuantity()) + ", PSA "
                            + plain(line.row().psaQuantity()) + "); it is left "
                            + "for the next run.");
        }
        Approval a = approveLine(tenantId, actor, line, null, null);
        return new AutomaticApproval(a.lineId(), a.writeBackId(), a.quantity(), a.effectiveDate());
    }

    @Transactional
    void dismiss(CurrentUser user, UUID lineId) {
        requireApprover(user);
        dismissLine(user, lockedLine(user.tenantId(), lineId));
    }

    @Transactional
    void note(CurrentUser user, UUID lineId, String text) {
        requireApprover(user);
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("text", "text must not be blank");
        }
        if (text.length() > MAX_NOTE) {
            throw new InvalidInputException("text", "text must be at most " + MAX_NOTE + " characters");
        }
        StoredLine line = lockedLine(user.tenantId(), lineId);
        String note = text.strip();
        store.setNote(user.tenantId(), line.id(), note, clock.instant());
        store.addEvent(user.tenantId(), line.id(), clock.instant(), user.email(), "note", null, null, note);
        audit.record(user.tenantId(), user.email(), "reconciliation.noted", subject(line), note);
    }

    @Transactional
    BulkResult bulk(CurrentUser user, String action, List<UUID> lineIds, LocalDate effectiveDate) {
        requireApprover(user);
        String a = action == null ? "" : action.trim().toLowerCase(Locale.ROOT);
        if (!List.of("approve", "dismiss", "set-effective-date").contains(a)) {
            throw new InvalidInputException(
                    "action", "action must be approve, dismiss or set-effective-date (got '" + action + "')");
        }
        if (lineIds == null || lineIds.isEmpty()) {
            throw new InvalidInputException("lineIds", "lineIds must name at least one line");
        }
        if (lineIds.size() > MAX_BULK) {
            throw new InvalidInputException("lineIds", "at most " + MAX_BULK + " lines per request");
        }
        if (a.equals("set-effective-date") && effectiveDate == null) {
            throw new InvalidInputException("effectiveDate", "effectiveDate is required for set-effective-date");
        }
        int done = 0;
        List<Skipped> skipped = new ArrayList<>();
        for (UUID id : new LinkedHashSet<>(lineIds)) {
            if (id == null) {
                continue;
            }
            try {
                StoredLine line = lockedLine(user.tenantId(), id);
                switch (a) {
                    case "approve" -> approveLine(user.tenantId(), user.email(), line, null, effectiveDate);
                    case "dismiss" -> dismissLine(user, line);
                    default -> setEffectiveDate(user, line, effectiveDate);
                }
                done++;
            } catch (ConflictException | NotFoundException e) {
                skipped.add(new Skipped(id, e.getMessage()));
            }
        }
        return new BulkResult(a, done, skipped);
    }

    private StoredLine lockedLine(UUID tenantId, UUID lineId) {
        StoredLine line =
                store.line(tenantId, lineId).orElseThrow(() -> NotFoundException.of("Reconciliation line", lineId));
        store.lockPeriod(tenantId, line.period()); // no rebuild of this period changes the line while we decide
        line = store.line(tenantId, lineId).orElseThrow(() -> NotFoundException.of("Reconciliation line", lineId));
        if (!line.active()) {
            throw new ConflictException(
                    "This line no longer exists in the reconciliation (its mapping changed); reload the page.");
        }
        return line;
    }

    private Approval approveLine(
            UUID tenantId, String actor, StoredLine line, BigDecimal quantity, LocalDate effectiveDate) {
        LineRow row = line.row();
        PsaSide side = row.psaSide();
        if (side == null || row.status() == LineStatus.UNMAPPED) {
            throw new ConflictException("Unmapped usage cannot be approved: map vendor account "
                    + row.vendorAccountRef() + " and service '" + row.vendorServiceName()
                    + "' to a PSA company and product under Mapping (/mapping) first.");
        }
        PsaConnectionInfo connection = psa.primaryConnection(tenantId)
                .orElseThrow(
                        () -> new ConflictException("Connect a PSA first (PSA page) so approvals can be written."));
        WriteBackView latest =
                writeBacks.latestForLines(tenantId, List.of(line.id())).get(line.id());
        if (latest != null && latest.waiting()) {
            throw new ConflictException(
                    switch (latest.status()) {
                        case "to_apply" ->
                            "A change of this line waits on the change sheet to be applied by hand in the PSA "
                                    + "(Write-backs page); mark it applied there once it is in the PSA.";
                        case "applied" ->
                            "A change of this line was applied by hand and waits for the next PSA import or sync "
                                    + "to confirm it.";
                        default ->
                            "A write-back of this line is already " + latest.status() + "; wait for it to finish.";
                    });
        }
        boolean adjusted = quantity != null;
        BigDecimal total;
        if (adjusted) {
            total = Quantities.normalize(quantity);
            connection.refusal(total).ifPresent(why -> {
                throw new InvalidInputException("quantity", why);
            });
        } else {
            if (row.status() == LineStatus.NO_CHANGE) {
                throw new ConflictException("The PSA already bills " + plain(row.psaQuantity())
                        + "; nothing to write. Use Adjust to write another quantity.");
            }
            total = row.quantityToWrite();
        }
        BigDecimal target = LineFigures.targetLineQuantity(total, side);
        if (target.signum() < 0) {
            throw new ConflictException("The other " + (side.contractLineCount() - 1)
                    + " contract line(s) of this product already bill " + plain(side.otherLinesQuantity())
                    + ", more than " + plain(total) + "; reduce them in the PSA.");
        }
        if (!side.hasLine() && target.signum() == 0) {
            throw new ConflictException("There is no contract line and nothing to bill; nothing to write.");
        }
        if (!adjusted && side.hasLine() && target.compareTo(Quantities.orZero(side.targetLineQuantity())) == 0) {
            throw new ConflictException("The PSA already bills this quantity; nothing to write.");
        }
        if (side.hasLine()) {
            psa.line(tenantId, side.contractLineId())
                    .filter(PsaContractLine::readOnly)
                    .ifPresent(computed -> {
                        throw new ConflictException(
                                computed.readOnlyReason() + ", so TrueUp does not write it: change the "
                                        + "quantity in the PSA (or what it counts).");
                    });
        }
        BigDecimal exact = adjusted ? target : LineFigures.targetLineQuantity(row.vendorQuantity(), side);
        LocalDate byDefault = line.effectiveDate() != null
                ? line.effectiveDate()
                : connection.effectiveDateFor(rebuilder.today(tenantId));
        if (effectiveDate != null
                && !effectiveDate.equals(byDefault)
                && !connection.writes().honoursEffectiveDate()) {
            throw new InvalidInputException(
                    "effectiveDate",
                    connection.name() + " takes no effective date: a change " + "applies from "
                            + connection.writes().effectiveDateNote() + ".");
        }
        LocalDate effective = effectiveDate != null ? effectiveDate : byDefault;
        UUID writeBackId = writeBacks.enqueue(new WriteBackRequest(
                tenantId,
                line.id(),
                connection.id(),
                side.contractLineId(),
                row.psaCompanyId(),
                row.psaProductId(),
                side.hasLine() ? Quantities.orZero(side.targetLineQuantity()) : Quantities.ZERO,
                target,
                exact.max(Quantities.ZERO),
                effective,
                actor));
        var now = clock.instant();
        store.decide(
                tenantId,
                line.id(),
                LineStatus.APPROVED,
                row.vendorQuantity(),
                row.psaQuantity(),
                effective,
                actor,
                now);
        String detail = (adjusted ? "adjusted to " : "approved ") + plain(total)
                + (adjusted ? "" : " (vendor " + plain(row.vendorQuantity()) + ")")
                + (side.hasLine()
                        ? ", contract line " + plain(side.targetLineQuantity()) + " → " + plain(target)
                        : ", new contract line of " + plain(target))
                + ", effective " + effective + ", write-back " + writeBackId;
        store.addEvent(tenantId, line.id(), now, actor, adjusted ? "adjusted" : "approved", total, effective, detail);
        audit.record(
                tenantId,
                actor,
                adjusted ? "reconciliation.adjusted" : "reconciliation.approved",
                subject(line),
                detail);
        return new Approval(line.id(), writeBackId, total, target, effective, LineStatus.APPROVED.wire());
    }

    private void dismissLine(CurrentUser user, StoredLine line) {
        var now = clock.instant();
        LineRow row = line.row();
        store.decide(
                user.tenantId(),
                line.id(),
                LineStatus.DISMISSED,
                row.vendorQuantity(),
                row.psaQuantity(),
                null,
                user.email(),
                now);
        String detail = "dismissed for " + line.period() + " (vendor " + plain(row.vendorQuantity()) + ", PSA "
                + plain(row.psaQuantity()) + ")";
        store.addEvent(user.tenantId(), line.id(), now, user.email(), "dismissed", null, null, detail);
        audit.record(user.tenantId(), user.email(), "reconciliation.dismissed", subject(line), detail);
    }

    private void setEffectiveDate(CurrentUser user, StoredLine line, LocalDate date) {
        var now = clock.instant();
        store.setEffectiveDate(user.tenantId(), line.id(), date, now);
        store.addEvent(
                user.tenantId(),
                line.id(),
                now,
                user.email(),
                "effective-date",
                null,
                date,
                "effective date set to " + date);
        audit.record(
                user.tenantId(),
                user.email(),
                "reconciliation.effective-date-set",
                subject(line),
                "effective date " + date);
    }

    static void validateQuantity(BigDecimal quantity) {
        if (quantity == null) {
            return;
        }
        if (quantity.signum() < 0) {
            throw new InvalidInputException("quantity", "quantity must be 0 or more");
        }
        if (quantity.stripTrailingZeros().scale() > Quantities.SCALE) {
            throw new InvalidInputException("quantity", "quantity may have at most 4 decimals");
        }
        if (quantity.compareTo(new BigDecimal("1000000000")) >= 0) {
            throw new InvalidInputException("quantity", "quantity is too large");
        }
    }

    private static void requireApprover(CurrentUser user) {
        if (!user.can(Role.APPROVER)) {
            throw new AccessDeniedException("approver role required");
        }
    }

    static String subject(StoredLine line) {
        return (line.row().companyName() == null ? "?" : line.row().companyName()) + " / "
                + (line.row().serviceName() == null ? "?" : line.row().serviceName()) + " (" + line.period() + ")";
    }

    static String plain(BigDecimal value) {
        return Display.quantity(value);
    }
}
