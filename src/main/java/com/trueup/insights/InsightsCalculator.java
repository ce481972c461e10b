package com.trueup.insights;

import com.trueup.reconciliation.ReconciledLine;
import com.trueup.shared.BillingPeriod;
import com.trueup.shared.Display;
import com.trueup.shared.Quantities;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The calculations of insights from reconciliation lines; pure functions (no clock, no storage). */
final class InsightsCalculator {

    /** Default order of services and clients: largest revenue leak first, then by name. */
    static final Comparator<Ranked> DEFAULT_ORDER = Comparator.comparing(Ranked::revenueLeak)
            .reversed()
            .thenComparing(Ranked::name, String.CASE_INSENSITIVE_ORDER);

    private InsightsCalculator() {}

    /**
     * The insights of {@code period}'s month from the lines of that month and of the two months before (the earlier months
     * only feed the usage trend of each service).
     */
    static PeriodInsights period(BillingPeriod period, List<ReconciledLine> lines, BigDecimal lowMarginPercent) {
        YearMonth month = period.month();
        Map<UUID, BigDecimal> previous = usageByService(lines, month.minusMonths(1));
        Map<UUID, BigDecimal> twoBefore = usageByService(lines, month.minusMonths(2));
        Map<UUID, Sum> services = new LinkedHashMap<>();
        Map<UUID, Sum> clients = new LinkedHashMap<>();
        Figures totals = Figures.NONE;
        int unmapped = 0;
        boolean usageRecorded = false;
        for (ReconciledLine line : lines) {
            if (!line.period().equals(month)) {
                continue;
            }
            if (!line.mapped()) {
                unmapped++;
                continue;
            }
            Figures figures = Figures.ofLine(line);
            totals = totals.plus(figures);
            usageRecorded |= line.vendorQuantity().signum() > 0;
            services.computeIfAbsent(line.psaProductId(), id -> new Sum()).add(line.serviceName(), line, figures);
            clients.computeIfAbsent(line.psaCompanyId(), id -> new Sum()).add(line.companyName(), line, figures);
        }
        List<PeriodInsights.Service> serviceRows = new ArrayList<>();
        services.forEach((productId, sum) -> {
            BigDecimal before = previous.get(productId);
            BigDecimal change = before == null ? null : sum.vendorQuantity.subtract(before);
            serviceRows.add(new PeriodInsights.Service(
                    productId,
                    sum.name,
                    sum.lines,
                    sum.newRevenue,
                    sum.vendorQuantity,
                    sum.psaQuantity,
                    sum.figures.billedRevenue(),
                    sum.figures.vendorCost(),
                    sum.figures.margin(),
                    sum.figures.marginPercent(),
                    sum.figures.revenueLeak(),
                    sum.figures.overBilling(),
                    before,
                    change,
                    reasons(sum.figures, twoBefore.get(productId), before, sum.vendorQuantity, lowMarginPercent)));
        });
        List<PeriodInsights.Client> clientRows = new ArrayList<>();
        clients.forEach((companyId, sum) -> clientRows.add(new PeriodInsights.Client(
                companyId,
                sum.name,
                sum.lines,
                sum.newRevenue,
                sum.figures.billedRevenue(),
                sum.figures.vendorCost(),
                sum.figures.margin(),
                sum.figures.marginPercent(),
                sum.figures.revenueLeak(),
                sum.figures.overBilling())));
        serviceRows.sort(DEFAULT_ORDER);
        clientRows.sort(DEFAULT_ORDER);
        return new PeriodInsights(
                period, usageRecorded, totals, unmapped, List.copyOf(serviceRows), List.copyOf(clientRows));
    }

    /**
     * Why a service under-performs, if it does: a negative margin (it costs more than it bills), else a margin below
     * {@code lowMarginPercent} of billed revenue; and shrinking usage (the vendor quantity fell in each of the last two
     * months).
     */
    static List<PeriodInsights.Reason> reasons(
            Figures figures,
            BigDecimal twoMonthsBefore,
            BigDecimal monthBefore,
            BigDecimal month,
            BigDecimal lowMarginPercent) {
        List<PeriodInsights.Reason> reasons = new ArrayList<>();
        if (figures.margin().signum() < 0) {
            reasons.add(new PeriodInsights.Reason(
                    "negative-margin",
                    "Negative margin: vendor cost "
                            + Display.money(figures.vendorCost()) + " is above billed revenue "
                            + Display.money(figures.billedRevenue())
                            + " (loss " + Display.money(figures.margin().negate()) + ")"));
        } else if (figures.marginPercent() != null && figures.marginPercent().compareTo(lowMarginPercent) < 0) {
            reasons.add(new PeriodInsights.Reason(
                    "low-margin",
                    "Low margin: " + Display.percent(figures.marginPercent()) + " of billed revenue (below "
                            + Display.percent(lowMarginPercent) + ")"));
        }
        if (shrinking(twoMonthsBefore, monthBefore, month)) {
            reasons.add(new PeriodInsights.Reason(
                    "shrinking-usage",
                    "Usage shrinking: " + Display.quantity(twoMonthsBefore)
                            + " → " + Display.quantity(monthBefore) + " → " + Display.quantity(month)
                            + " units over three months ("
                            + Display.percent(month.subtract(twoMonthsBefore)
                                    .multiply(BigDecimal.valueOf(100))
                                    .divide(twoMonthsBefore, 1, RoundingMode.HALF_UP))
                            + ")"));
        }
        return List.copyOf(reasons);
    }

    /** Strictly falling over three consecutive months; false when a month is unknown. */
    static boolean shrinking(BigDecimal twoMonthsBefore, BigDecimal monthBefore, BigDecimal month) {
        return twoMonthsBefore != null
                && monthBefore != null
                && month != null
                && twoMonthsBefore.compareTo(monthBefore) > 0
                && monthBefore.compareTo(month) > 0;
    }

    /** Vendor quantity per PSA product of the mapped lines of one month. */
    static Map<UUID, BigDecimal> usageByService(List<ReconciledLine> lines, YearMonth month) {
        Map<UUID, BigDecimal> usage = new LinkedHashMap<>();
        for (ReconciledLine line : lines) {
            if (line.mapped() && line.period().equals(month)) {
                usage.merge(line.psaProductId(), Quantities.orZero(line.vendorQuantity()), BigDecimal::add);
            }
        }
        return usage;
    }

    /** Totals of each month of {@code months} (oldest first) and each service's usage per month. */
    static Trend trend(List<YearMonth> months, YearMonth currentMonth, List<ReconciledLine> lines) {
        Map<YearMonth, Figures> figures = new LinkedHashMap<>();
        Set<YearMonth> withUsage = new HashSet<>();
        Map<UUID, String> serviceNames = new LinkedHashMap<>();
        Map<UUID, Map<YearMonth, BigDecimal[]>> quantities = new LinkedHashMap<>();
        for (ReconciledLine line : lines) {
            if (!line.mapped()) {
                continue;
            }
            figures.merge(line.period(), Figures.ofLine(line), Figures::plus);
            if (line.vendorQuantity().signum() > 0) {
                withUsage.add(line.period());
            }
            serviceNames.put(line.psaProductId(), line.serviceName()); // lines come oldest first: the latest name wins
            BigDecimal[] q = quantities
                    .computeIfAbsent(line.psaProductId(), id -> new LinkedHashMap<>())
                    .computeIfAbsent(line.period(), m -> new BigDecimal[] {Quantities.ZERO, Quantities.ZERO});
            q[0] = q[0].add(Quantities.orZero(line.vendorQuantity()));
            q[1] = q[1].add(Quantities.orZero(line.psaQuantity()));
        }
        List<Trend.Point> points = new ArrayList<>();
        for (YearMonth month : months) {
            boolean usage = withUsage.contains(month);
            Figures f = figures.getOrDefault(month, Figures.NONE);
            points.add(
                    usage
                            ? new Trend.Point(
                                    month.toString(),
                                    month.equals(currentMonth),
                                    true,
                                    f.billedRevenue(),
                                    f.vendorCost(),
                                    f.margin(),
                                    f.marginPercent(),
                                    f.revenueLeak(),
                                    f.overBilling())
                            : new Trend.Point(
                                    month.toString(),
                                    month.equals(currentMonth),
                                    false,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null,
                                    null));
        }
        List<Trend.ServiceUsage> services = new ArrayList<>();
        serviceNames.forEach((productId, name) -> {
            List<Trend.UsagePoint> usage = new ArrayList<>();
            for (YearMonth month : months) {
                BigDecimal[] q = quantities.get(productId).get(month);
                usage.add(
                        !withUsage.contains(month)
                                ? new Trend.UsagePoint(month.toString(), null, null)
                                : new Trend.UsagePoint(
                                        month.toString(),
                                        q == null ? Quantities.ZERO : q[0],
                                        q == null ? Quantities.ZERO : q[1]));
            }
            int n = usage.size();
            boolean shrinking = n >= 3
                    && shrinking(
                            usage.get(n - 3).vendorQuantity(),
                            usage.get(n - 2).vendorQuantity(),
                            usage.get(n - 1).vendorQuantity());
            services.add(new Trend.ServiceUsage(productId, name, List.copyOf(usage), shrinking));
        });
        services.sort(Comparator.comparing(Trend.ServiceUsage::serviceName, String.CASE_INSENSITIVE_ORDER));
        return new Trend(List.copyOf(points), List.copyOf(services));
    }

    /** Running sums of a service or a client. */
    private static final class Sum {
        private String name;
        private int lines;
        private int newRevenue;
        private BigDecimal vendorQuantity = Quantities.ZERO;
        private BigDecimal psaQuantity = Quantities.ZERO;
        private Figures figures = Figures.NONE;

        void add(String lineName, ReconciledLine line, Figures lineFigures) {
            name = lineName;
            lines++;
            if (!line.billedInPsa() && line.vendorQuantity().signum() > 0) {
                newRevenue++;
            }
            vendorQuantity = vendorQuantity.add(Quantities.orZero(line.vendorQuantity()));
            psaQuantity = psaQuantity.add(Quantities.orZero(line.psaQuantity()));
            figures = figures.plus(lineFigures);
        }
    }
}
