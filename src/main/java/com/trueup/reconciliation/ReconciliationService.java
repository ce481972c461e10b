package com.trueup.reconciliation;

import com.trueup.shared.BillingPeriod;
import com.trueup.shared.Display;
import com.trueup.audit.AuditLog;
import com.trueup.psa.PsaConnectionInfo;
import com.trueup.psa.PsaContractLine;
import com.trueup.psa.PsaSnapshot;
import com.trueup.shared.ConflictException;
import com.trueup.shared.CurrentUser;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.NotFoundException;
import com.trueup.shared.PageResult;
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
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Listing, totals, export and the actions on reconciliation lines (approve, adjust, dismiss, notes, bulk). */
@Service
class ReconciliationService implements Reconciliations, AutomaticApprovals {

    static final int MAX_BULK = 1000;
    /** Unbilled revenue of lines {@code l}: the positive revenue changes of new-revenue and reconcile lines. */
    static final String UNBILLED_SUM = "coalesce(sum(case when l.status in ('new-revenue', 'reconcile') and l.revenue_change > 0 "
            + "then l.revenue_change else 0 end), 0)";
    /** Revenue at risk of lines {@code l}: the negative revenue changes of reconcile lines, as a positive amount. */
    static final String AT_RISK_SUM = "coalesce(sum(case when l.status = 'reconcile' and l.revenue_change < 0 "
            + "then 0 - l.revenue_change else 0 end), 0)";
    static final int MAX_NOTE = 2000;

    private final ReconciliationStore store;
    private final PeriodFigures figures;
    private final ReconciliationRebuilder rebuilder;
    private final PendingRebuilds pending;
    private final PsaSnapshot psa;
    private final WriteBacks writeBacks;
    private final AuditLog audit;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    ReconciliationService(ReconciliationStore store, PeriodFigures figures, ReconciliationRebuilder rebuilder,
            PendingRebuilds pending, PsaSnapshot psa, WriteBacks writeBacks, AuditLog audit, JdbcTemplate jdbc, Clock clock) {
        this.store = store;
        this.figures = figures;
        this.rebuilder = rebuilder;
        this.pending = pending;
        this.psa = psa;
        this.writeBacks = writeBacks;
        this.audit = audit;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    // ---- public API --------------------------------------------------------------------------------------------

    @Override
    public RebuildSummary rebuild(UUID tenantId, YearMonth period) {
        return rebuilder.rebuild(tenantId, rebuilder.period(tenantId, period));
    }

    @Override
    public RebuildSummary refreshSeries(UUID tenantId, UUID integrationId, UUID accountId, UUID serviceId, YearMonth period) {
        return rebuilder.refreshSeries(tenantId, integrationId, accountId, serviceId, rebuilder.period(tenantId, period));
    }

    @Override
    public SyncStatus syncStatus(UUID tenantId) {
        boolean running = psa.syncRunning(tenantId) || pending.anyPending(tenantId) || pending.jobQueued(tenantId);
        return new SyncStatus(running, store.lastBuilt(tenantId).orElse(null));
    }

    // ---- reading -----------------------------------------------------------------------------------------------

    /** A line with its latest write-back (null when it has none). */
    record LineView(StoredLine line, WriteBackView writeBack) {
    }

    record Totals(long lines, Map<String, Long> byStatus, BigDecimal unbilledRevenue, BigDecimal revenueAtRisk,
                  BigDecimal revenueChange, BigDecimal profitChange) {
    }

    record Listing(BillingPeriod period, LineQuery query, PageResult<LineView> page, Totals totals) {
    }

    LocalDate today(UUID tenantId) {
        return rebuilder.today(tenantId);
    }

    YearMonth currentMonth(UUID tenantId) {
        return YearMonth.from(today(tenantId));
    }

    BillingPeriod period(UUID tenantId, YearMonth month) {
        return rebuilder.period(tenantId, month);
    }

    /** The months a user can pick: the current month to date, the previous month, and every other month built. */
    List<BillingPeriod> periods(UUID tenantId) {
        LocalDate today = today(tenantId);
        Set<YearMonth> months = new LinkedHashSet<>();
        months.add(YearMonth.from(today));
        months.add(YearMonth.from(today).minusMonths(1));
        store.periods(tenantId).forEach(p -> months.add(YearMonth.parse(p.period())));
        return months.stream().filter(m -> !m.isAfter(YearMonth.from(today))).sorted(java.util.Comparator.reverseOrder())
                .map(m -> BillingPeriod.of(m, today)).toList();
    }

    Listing list(UUID tenantId, LineQuery query, int page, int size) {
        BillingPeriod period = period(tenantId, query.period());
        UUID linesVersion = rebuilder.ensureBuilt(tenantId, period).linesVersion();
        List<Object> params = new ArrayList<>();
        String where = query.where(tenantId, period.key(), params);
        Totals totals = figures.totals(tenantId, period.key(), linesVersion, where, params, () -> totals(where, params));
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(size);
        pageParams.add((long) page * size);
        List<StoredLine> lines = jdbc.query("select " + prefixed() + " from reconciliation_line l" + where + query.orderBy()
                        + " limit ? offset ?", ps -> Sql.bindAll(ps, pageParams.toArray()), (rs, n) -> ReconciliationStore.line(rs));
        Map<UUID, WriteBackView> wb = lines.isEmpty() ? Map.of()
                : writeBacks.latestForLines(tenantId, lines.stream().map(StoredLine::id).toList());
        List<LineView> views = lines.stream().map(l -> new LineView(l, wb.get(l.id()))).toList();
        return new Listing(period, query, new PageResult<>(views, page, size, totals.lines()), totals);
    }

    /** Every line of the filtered view, in order, for the CSV export (streamed in pages). */
    void forEach(UUID tenantId, LineQuery query, Consumer<LineView> consumer) {
        BillingPeriod period = period(tenantId, query.period());
        rebuilder.ensureBuilt(tenantId, period);
        List<Object> params = new ArrayList<>();
        String where = query.where(tenantId, period.key(), params);
        int pageSize = 2000;
        for (long offset = 0; ; offset += pageSize) {
            List<Object> pageParams = new ArrayList<>(params);
            pageParams.add(pageSize);
            pageParams.add(offset);
            List<StoredLine> lines = jdbc.query("select " + prefixed() + " from reconciliation_line l" + where + query.orderBy()
                    + " limit ? offset ?", ps -> Sql.bindAll(ps, pageParams.toArray()), (rs, n) -> ReconciliationStore.line(rs));
            Map<UUID, WriteBackView> wb = lines.isEmpty() ? Map.of()
                    : writeBacks.latestForLines(tenantId, lines.stream().map(StoredLine::id).toList());
            lines.forEach(l -> consumer.accept(new LineView(l, wb.get(l.id()))));
            if (lines.size() < pageSize) {
                return;
            }
        }
    }

    private Totals totals(String where, List<Object> params) {
        StringBuilder sql = new StringBuilder("select count(*) as total");
        for (LineStatus s : LineStatus.values()) {
            sql.append(", sum(case when l.status = '").append(s.wire()).append("' then 1 else 0 end) as n_").append(s.name().toLowerCase(Locale.ROOT));
        }
        sql.append(", ").append(UNBILLED_SUM).append(" as unbilled")
                .append(", ").append(AT_RISK_SUM).append(" as at_risk")
                .append(", coalesce(sum(case when l.status in ('new-revenue', 'reconcile') then l.revenue_change else 0 end), 0) as revenue")
                .append(", coalesce(sum(case when l.status in ('new-revenue', 'reconcile') then l.profit_change else 0 end), 0) as profit")
                .append(" from reconciliation_line l").append(where);
        return jdbc.query(sql.toString(), ps -> Sql.bindAll(ps, params.toArray()), rs -> {
            rs.next();
            Map<String, Long> byStatus = new java.util.LinkedHashMap<>();
            for (LineStatus s : LineStatus.values()) {
                byStatus.put(s.wire(), rs.getLong("n_" + s.name().toLowerCase(Locale.ROOT)));
            }
            return new Totals(rs.getLong("total"), byStatus, Sql.decimal(rs, "unbilled"), Sql.decimal(rs, "at_risk"),
                    Sql.decimal(rs, "revenue"), Sql.decimal(rs, "profit"));
        });
    }

    private static String prefixed() {
        return "l." + ReconciliationStore.LINE_COLUMNS.replace(", ", ", l.");
    }

    LineView get(UUID tenantId, UUID lineId) {
        StoredLine line = store.line(tenantId, lineId).orElseThrow(() -> NotFoundException.of("Reconciliation line", lineId));
        return new LineView(line, writeBacks.latestForLines(tenantId, List.of(lineId)).get(lineId));
    }

    List<ReconciliationStore.LineEvent> history(UUID tenantId, UUID lineId) {
        store.line(tenantId, lineId).orElseThrow(() -> NotFoundException.of("Reconciliation line", lineId));
        return store.history(tenantId, lineId);
    }

    boolean anyDecision(UUID tenantId) {
        return store.anyDecision(tenantId);
    }

    /** Lines waiting for a decision (new revenue, reconcile) in the current period: the navigation badge. */
    long actionableInCurrentPeriod(UUID tenantId) {
        YearMonth month = currentMonth(tenantId);
        String period = month.toString();
        var row = store.period(tenantId, period);
        if (row.isEmpty()) {
            return 0; // lines are only written into a period row that exists
        }
        LineQuery actionable = new LineQuery(month, java.util.EnumSet.of(LineStatus.NEW_REVENUE, LineStatus.RECONCILE),
                null, null, null, null, null, "company", false, "none");
        List<Object> params = new ArrayList<>();
        String where = actionable.where(tenantId, period, params);
        return figures.totals(tenantId, period, row.get().linesVersion(), where, params, () -> totals(where, params)).lines();
    }

    // ---- actions -----------------------------------------------------------------------------------------------

    record Approval(UUID lineId, UUID writeBackId, BigDecimal quantity, BigDecimal targetLineQuantity,
                    LocalDate effectiveDate, String status) {
    }

    record BulkResult(String action, int done, List<Skipped> skipped) {
    }

    record Skipped(UUID lineId, String reason) {
    }

    /** Approve (quantity null: the vendor quantity as it will be written) or adjust (another total quantity). */
    @Transactional
    Approval approve(CurrentUser user, UUID lineId, BigDecimal quantity, LocalDate effectiveDate) {
        requireApprover(user);
        validateQuantity(quantity);
        return approveLine(user.tenantId(), user.email(), lockedLine(user.tenantId(), lineId), quantity, effectiveDate);
    }

    @Override
    public List<PendingLine> pendingLines(UUID tenantId, YearMonth month) {
        BillingPeriod period = period(tenantId, month);
        rebuilder.ensureBuilt(tenantId, period);
        return store.pendingLines(tenantId, period.key()).stream().map(ReconciliationService::pending).toList();
    }

    private static PendingLine pending(StoredLine line) {
        LineRow r = line.row();
        Set<UUID> integrations = new LinkedHashSet<>();
        Set<UUID> services = new LinkedHashSet<>();
        line.series().forEach(s -> {
            integrations.add(s.integrationId());
            services.add(s.serviceId());
        });
        return new PendingLine(line.id(), YearMonth.parse(line.period()), line.status().wire(), r.integrationId(),
                Set.copyOf(integrations), Set.copyOf(services), r.psaCompanyId(), r.companyName(), r.psaProductId(),
                r.serviceName(), r.contractLineCount() > 0, r.vendorQuantity(), r.psaQuantity(), r.quantityToWrite(),
                r.revenueChange());
    }

    @Override
    @Transactional
    public AutomaticApproval approve(UUID tenantId, UUID lineId, String actor, BigDecimal vendorQuantitySeen,
            BigDecimal psaQuantitySeen) {
        StoredLine line = lockedLine(tenantId, lineId);
        if (!line.status().actionable() || !Quantities.same(line.row().vendorQuantity(), vendorQuantitySeen)
                || !Quantities.same(line.row().psaQuantity(), psaQuantitySeen)) {
            throw new ConflictException("The line changed after it was read (now " + line.status().wire() + ", vendor "
                    + plain(line.row().vendorQuantity()) + ", PSA " + plain(line.row().psaQuantity()) + "); it is left "
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
            throw new InvalidInputException("action", "action must be approve, dismiss or set-effective-date (got '" + action + "')");
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
        StoredLine line = store.line(tenantId, lineId).orElseThrow(() -> NotFoundException.of("Reconciliation line", lineId));
        store.lockPeriod(tenantId, line.period()); // no rebuild of this period changes the line while we decide
        line = store.line(tenantId, lineId).orElseThrow(() -> NotFoundException.of("Reconciliation line", lineId));
        if (!line.active()) {
            throw new ConflictException("This line no longer exists in the reconciliation (its mapping changed); reload the page.");
        }
        return line;
    }

    private Approval approveLine(UUID tenantId, String actor, StoredLine line, BigDecimal quantity, LocalDate effectiveDate) {
        LineRow row = line.row();
        PsaSide side = row.psaSide();
        if (side == null || row.status() == LineStatus.UNMAPPED) {
            throw new ConflictException("Unmapped usage cannot be approved: map vendor account " + row.vendorAccountRef()
                    + " and service '" + row.vendorServiceName() + "' to a PSA company and product under Mapping (/mapping) first.");
        }
        PsaConnectionInfo connection = psa.primaryConnection(tenantId)
                .orElseThrow(() -> new ConflictException("Connect a PSA first (PSA page) so approvals can be written."));
        WriteBackView latest = writeBacks.latestForLines(tenantId, List.of(line.id())).get(line.id());
        if (latest != null && latest.waiting()) {
            throw new ConflictException(switch (latest.status()) {
                case "to_apply" -> "A change of this line waits on the change sheet to be applied by hand in the PSA "
                        + "(Write-backs page); mark it applied there once it is in the PSA.";
                case "applied" -> "A change of this line was applied by hand and waits for the next PSA import or sync "
                        + "to confirm it.";
                default -> "A write-back of this line is already " + latest.status() + "; wait for it to finish.";
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
            throw new ConflictException("The other " + (side.contractLineCount() - 1) + " contract line(s) of this product already bill "
                    + plain(side.otherLinesQuantity()) + ", more than " + plain(total) + "; reduce them in the PSA.");
        }
        if (!side.hasLine() && target.signum() == 0) {
            throw new ConflictException("There is no contract line and nothing to bill; nothing to write.");
        }
        if (!adjusted && side.hasLine() && target.compareTo(Quantities.orZero(side.targetLineQuantity())) == 0) {
            throw new ConflictException("The PSA already bills this quantity; nothing to write.");
        }
        if (side.hasLine()) {
            psa.line(tenantId, side.contractLineId()).filter(PsaContractLine::readOnly).ifPresent(computed -> {
                throw new ConflictException(computed.readOnlyReason() + ", so TrueUp does not write it: change the "
                        + "quantity in the PSA (or what it counts).");
            });
        }
        BigDecimal exact = adjusted ? target : LineFigures.targetLineQuantity(row.vendorQuantity(), side);
        LocalDate byDefault = line.effectiveDate() != null ? line.effectiveDate() : connection.effectiveDateFor(today(tenantId));
        if (effectiveDate != null && !effectiveDate.equals(byDefault) && !connection.writes().honoursEffectiveDate()) {
            throw new InvalidInputException("effectiveDate", connection.name() + " takes no effective date: a change "
                    + "applies from " + connection.writes().effectiveDateNote() + ".");
        }
        LocalDate effective = effectiveDate != null ? effectiveDate : byDefault;
        UUID writeBackId = writeBacks.enqueue(new WriteBackRequest(tenantId, line.id(), connection.id(),
                side.contractLineId(), row.psaCompanyId(), row.psaProductId(),
                side.hasLine() ? Quantities.orZero(side.targetLineQuantity()) : Quantities.ZERO, target, exact.max(Quantities.ZERO),
                effective, actor));
        var now = clock.instant();
        store.decide(tenantId, line.id(), LineStatus.APPROVED, row.vendorQuantity(), row.psaQuantity(), effective, actor, now);
        String detail = (adjusted ? "adjusted to " : "approved ") + plain(total)
                + (adjusted ? "" : " (vendor " + plain(row.vendorQuantity()) + ")")
                + (side.hasLine() ? ", contract line " + plain(side.targetLineQuantity()) + " → " + plain(target)
                : ", new contract line of " + plain(target))
                + ", effective " + effective + ", write-back " + writeBackId;
        store.addEvent(tenantId, line.id(), now, actor, adjusted ? "adjusted" : "approved", total, effective, detail);
        audit.record(tenantId, actor, adjusted ? "reconciliation.adjusted" : "reconciliation.approved", subject(line), detail);
        return new Approval(line.id(), writeBackId, total, target, effective, LineStatus.APPROVED.wire());
    }

    private void dismissLine(CurrentUser user, StoredLine line) {
        var now = clock.instant();
        LineRow row = line.row();
        store.decide(user.tenantId(), line.id(), LineStatus.DISMISSED, row.vendorQuantity(), row.psaQuantity(), null, user.email(), now);
        String detail = "dismissed for " + line.period() + " (vendor " + plain(row.vendorQuantity()) + ", PSA " + plain(row.psaQuantity()) + ")";
        store.addEvent(user.tenantId(), line.id(), now, user.email(), "dismissed", null, null, detail);
        audit.record(user.tenantId(), user.email(), "reconciliation.dismissed", subject(line), detail);
    }

    private void setEffectiveDate(CurrentUser user, StoredLine line, LocalDate date) {
        var now = clock.instant();
        store.setEffectiveDate(user.tenantId(), line.id(), date, now);
        store.addEvent(user.tenantId(), line.id(), now, user.email(), "effective-date", null, date, "effective date set to " + date);
        audit.record(user.tenantId(), user.email(), "reconciliation.effective-date-set", subject(line), "effective date " + date);
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
