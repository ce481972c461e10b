package com.trueup.insights;

import com.trueup.shared.BillingPeriod;
import com.trueup.shared.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Insights on {@code /api/v1}: per service and per client for a billing period, and the month-over-month trend. Every role may read. */
@RestController
@RequestMapping("/api/v1/insights")
@Tag(
        name = "Insights",
        description = "Billed revenue, vendor cost, margin, revenue leak and over-billing from the reconciliation")
class InsightsApiController {

    private static final String PERIOD =
            "Billing month YYYY-MM in the organisation's time zone, from 24 months back to the "
                    + "current month (month to date); default: the current month.";
    private static final String SORT =
            "leak, overBilling, margin, marginPercent, revenue, cost or name, optionally with "
                    + ",asc or ,desc (e.g. margin,asc); default leak,desc.";

    private final InsightsService service;

    InsightsApiController(InsightsService service) {
        this.service = service;
    }

    record UnderPerformer(UUID psaProductId, String serviceName, List<PeriodInsights.Reason> reasons) {}

    record ServicesResponse(
            String period,
            LocalDate start,
            LocalDate endExclusive,
            boolean monthToDate,
            boolean usageRecorded,
            Figures totals,
            int unmappedLines,
            BigDecimal lowMarginPercent,
            String sort,
            List<PeriodInsights.Service> items,
            List<UnderPerformer> underPerforming) {}

    record ClientsResponse(
            String period,
            LocalDate start,
            LocalDate endExclusive,
            boolean monthToDate,
            boolean usageRecorded,
            Figures totals,
            int unmappedLines,
            String sort,
            List<PeriodInsights.Client> items) {}

    record TrendResponse(
            int months, String from, String to, List<Trend.Point> points, List<Trend.ServiceUsage> services) {}

    @GetMapping("/services")
    @Operation(
            summary =
                    "Per service (PSA product): billed revenue, vendor cost, margin, revenue leak, over-billing, usage "
                            + "change, and the under-performing services with the reason",
            description =
                    "Money and quantities are exact decimals (scale 4; marginPercent scale 2). billedRevenue = PSA quantity "
                            + "× unit price; vendorCost = vendor quantity × unit cost; revenueLeak = (vendor − PSA quantity, when "
                            + "positive) × unit price; overBilling = (PSA − vendor quantity, when positive) × unit price. Unmapped "
                            + "usage is counted in unmappedLines and not valued.")
    ServicesResponse services(
            @AuthenticationPrincipal CurrentUser user,
            @Parameter(description = PERIOD) @RequestParam(required = false) String period,
            @Parameter(description = SORT) @RequestParam(required = false) String sort) {
        var month = service.parsePeriod(user.tenantId(), period);
        InsightSort order = InsightSort.parse(sort, "sort");
        PeriodInsights insights = service.period(user.tenantId(), month);
        BillingPeriod days = insights.period();
        return new ServicesResponse(
                days.key(),
                days.start(),
                days.end(),
                days.monthToDate(),
                insights.usageRecorded(),
                insights.totals(),
                insights.unmappedLines(),
                service.lowMarginPercent(),
                order.wire(),
                order.sort(insights.services()),
                insights.underPerforming().stream()
                        .map(s -> new UnderPerformer(s.psaProductId(), s.serviceName(), s.underPerforming()))
                        .toList());
    }

    @GetMapping("/clients")
    @Operation(
            summary = "Per client (PSA company): billed revenue, vendor cost, margin, revenue leak and over-billing",
            description = "Same figures as /services, summed over the client's mapped services.")
    ClientsResponse clients(
            @AuthenticationPrincipal CurrentUser user,
            @Parameter(description = PERIOD) @RequestParam(required = false) String period,
            @Parameter(description = SORT) @RequestParam(required = false) String sort) {
        var month = service.parsePeriod(user.tenantId(), period);
        InsightSort order = InsightSort.parse(sort, "sort");
        PeriodInsights insights = service.period(user.tenantId(), month);
        BillingPeriod days = insights.period();
        return new ClientsResponse(
                days.key(),
                days.start(),
                days.end(),
                days.monthToDate(),
                insights.usageRecorded(),
                insights.totals(),
                insights.unmappedLines(),
                order.wire(),
                order.sort(insights.clients()));
    }

    @GetMapping("/trend")
    @Operation(
            summary = "Month-over-month totals and usage per service for the last N months, ending with the current "
                    + "month (month to date)",
            description = "A month without any vendor usage has usageRecorded false and null figures.")
    TrendResponse trend(
            @AuthenticationPrincipal CurrentUser user,
            @Parameter(description = "Number of months, 1 to 24; default 6") @RequestParam(required = false)
                    String months) {
        int n = InsightsService.parseMonths(months);
        Trend trend = service.trend(user.tenantId(), n);
        return new TrendResponse(
                n,
                trend.points().get(0).period(),
                trend.points().get(n - 1).period(),
                trend.points(),
                trend.services());
    }
}
