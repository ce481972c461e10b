package com.trueup.insights;

import com.trueup.reconciliation.ReconciledLine;
import com.trueup.reconciliation.ReconciliationFigures;
import com.trueup.shared.BillingPeriod;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.TenantCalendar;
import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;

/**
 * Insights of an organisation: resolves and checks periods in the organisation's time zone, makes sure the months it
 * reads were built, and computes the figures from the reconciliation lines.
 */
@Service
@EnableConfigurationProperties(InsightsSettings.class)
class InsightsService {

    /** How far back a period or a trend may reach, in months before the current one. */
    static final int MAX_MONTHS = 24;

    static final int DEFAULT_TREND_MONTHS = 6;

    private final ReconciliationFigures figures;
    private final TenantCalendar calendar;
    private final BigDecimal lowMarginPercent;

    InsightsService(ReconciliationFigures figures, TenantCalendar calendar, InsightsSettings settings) {
        this.figures = figures;
        this.calendar = calendar;
        this.lowMarginPercent = settings.lowMarginPercent();
    }

    BigDecimal lowMarginPercent() {
        return lowMarginPercent;
    }

    YearMonth currentMonth(UUID tenantId) {
        return calendar.currentMonth(tenantId);
    }

    /** The months a period may name: the current one and the {@value #MAX_MONTHS} before it, newest first. */
    List<YearMonth> selectableMonths(UUID tenantId) {
        YearMonth current = currentMonth(tenantId);
        List<YearMonth> months = new ArrayList<>();
        for (int i = 0; i <= MAX_MONTHS; i++) {
            months.add(current.minusMonths(i));
        }
        return months;
    }

    /** {@code YYYY-MM} within the last {@value #MAX_MONTHS} months, the current month when blank; else a 400 naming {@code period}. */
    YearMonth parsePeriod(UUID tenantId, String value) {
        YearMonth current = currentMonth(tenantId);
        if (value == null || value.isBlank()) {
            return current;
        }
        YearMonth month = BillingPeriod.parseMonth(value, "period");
        YearMonth oldest = current.minusMonths(MAX_MONTHS);
        if (month.isAfter(current) || month.isBefore(oldest)) {
            throw new InvalidInputException(
                    "period",
                    "period must be between " + oldest + " and " + current + " (the current month, to date); got "
                            + month);
        }
        return month;
    }

    /** A number of months from 1 to {@value #MAX_MONTHS}, {@value #DEFAULT_TREND_MONTHS} when blank; else a 400 naming {@code months}. */
    static int parseMonths(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_TREND_MONTHS;
        }
        try {
            int months = Integer.parseInt(value.trim());
            if (months >= 1 && months <= MAX_MONTHS) {
                return months;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidInputException(
                "months", "months must be a whole number from 1 to " + MAX_MONTHS + " (got '" + value + "')");
    }

    /**
     * The insights of one month. The two months before it feed the usage trend of each service; they are built on demand
     * only when the month has mapped lines (see {@link #ensureHistory}).
     */
    PeriodInsights period(UUID tenantId, YearMonth month) {
        ensureHistory(tenantId, month.minusMonths(2), month);
        List<ReconciledLine> lines = figures.lines(tenantId, month.minusMonths(2), month);
        return InsightsCalculator.period(calendar.period(tenantId, month), lines, lowMarginPercent);
    }

    /** The last {@code months} months, ending with the current one. */
    Trend trend(UUID tenantId, int months) {
        YearMonth current = currentMonth(tenantId);
        YearMonth first = current.minusMonths(months - 1L);
        ensureHistory(tenantId, first, current);
        List<YearMonth> range = new ArrayList<>();
        for (YearMonth m = first; !m.isAfter(current); m = m.plusMonths(1)) {
            range.add(m);
        }
        return InsightsCalculator.trend(range, current, figures.lines(tenantId, first, current));
    }

    /**
     * Builds {@code last} if it was never built, and the months from {@code first} before it only once {@code last} has
     * mapped lines: a month built on demand keeps the mappings of that moment (mapping changes rebuild only the current
     * and the previous month), so history is not built for an organisation that is still setting up.
     */
    private void ensureHistory(UUID tenantId, YearMonth first, YearMonth last) {
        figures.ensureBuilt(tenantId, last);
        if (first.isBefore(last) && figures.lines(tenantId, last).stream().anyMatch(ReconciledLine::mapped)) {
            figures.ensureBuilt(tenantId, first, last.minusMonths(1));
        }
    }
}
