package com.trueup.reconciliation;

import com.trueup.shared.BillingPeriod;
import com.trueup.shared.NotFoundException;
import com.trueup.shared.PageResult;
import com.trueup.writeback.WriteBackView;
import com.trueup.writeback.WriteBacks;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;

/**
 * What the reconcile page, the API and the export read: the periods, a filtered page of lines with each line's latest
 * write-back, the filter's totals (remembered by {@link PeriodFigures}), one line and its history, and the navigation
 * badge. A period is built on first reading.
 */
@Service
class ReconciliationListing {

    /** A line with its latest write-back (null when it has none). */
    record LineView(StoredLine line, WriteBackView writeBack) {}

    record Listing(
            BillingPeriod period, LineQuery query, PageResult<LineView> page, ReconciliationStore.Totals totals) {}

    private final ReconciliationStore store;
    private final PeriodFigures figures;
    private final ReconciliationRebuilder rebuilder;
    private final WriteBacks writeBacks;

    ReconciliationListing(
            ReconciliationStore store,
            PeriodFigures figures,
            ReconciliationRebuilder rebuilder,
            WriteBacks writeBacks) {
        this.store = store;
        this.figures = figures;
        this.rebuilder = rebuilder;
        this.writeBacks = writeBacks;
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
        return months.stream()
                .filter(m -> !m.isAfter(YearMonth.from(today)))
                .sorted(java.util.Comparator.reverseOrder())
                .map(m -> BillingPeriod.of(m, today))
                .toList();
    }

    Listing list(UUID tenantId, LineQuery query, int page, int size) {
        BillingPeriod period = period(tenantId, query.period());
        UUID linesVersion = rebuilder.ensureBuilt(tenantId, period).linesVersion();
        List<Object> params = new ArrayList<>();
        String where = query.where(tenantId, period.key(), params);
        ReconciliationStore.Totals totals =
                figures.totals(tenantId, period.key(), linesVersion, where, params, () -> store.totals(where, params));
        List<StoredLine> lines = store.lines(where, params, query.orderBy(), size, (long) page * size);
        Map<UUID, WriteBackView> wb = lines.isEmpty()
                ? Map.of()
                : writeBacks.latestForLines(
                        tenantId, lines.stream().map(StoredLine::id).toList());
        List<LineView> views =
                lines.stream().map(l -> new LineView(l, wb.get(l.id()))).toList();
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
            List<StoredLine> lines = store.lines(where, params, query.orderBy(), pageSize, offset);
            Map<UUID, WriteBackView> wb = lines.isEmpty()
                    ? Map.of()
                    : writeBacks.latestForLines(
                            tenantId, lines.stream().map(StoredLine::id).toList());
            lines.forEach(l -> consumer.accept(new LineView(l, wb.get(l.id()))));
            if (lines.size() < pageSize) {
                return;
            }
        }
    }

    LineView get(UUID tenantId, UUID lineId) {
        StoredLine line =
                store.line(tenantId, lineId).orElseThrow(() -> NotFoundException.of("Reconciliation line", lineId));
        return new LineView(
                line, writeBacks.latestForLines(tenantId, List.of(lineId)).get(lineId));
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
        LineQuery actionable = new LineQuery(
                month,
                java.util.EnumSet.of(LineStatus.NEW_REVENUE, LineStatus.RECONCILE),
                null,
                null,
                null,
                null,
                null,
                "company",
                false,
                "none");
        List<Object> params = new ArrayList<>();
        String where = actionable.where(tenantId, period, params);
        return figures.totals(
                        tenantId, period, row.get().linesVersion(), where, params, () -> store.totals(where, params))
                .lines();
    }
}
