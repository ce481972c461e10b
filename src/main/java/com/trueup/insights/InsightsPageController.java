package com.trueup.insights;

import com.trueup.reconciliation.Reconciliations;
import com.trueup.shared.BillingPeriod;
import com.trueup.shared.CurrentUser;
import com.trueup.shared.Display;
import com.trueup.shared.SetupStep;
import com.trueup.shared.web.ChecklistStep;
import com.trueup.shared.web.SelectOption;
import jakarta.validation.Valid;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The insights page: a period's headline figures, services and clients, under-performing services, and the trend charts. */
@Controller
class InsightsPageController {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);
    private static final List<Integer> TREND_CHOICES = List.of(3, 6, 12, 24);

    private final InsightsService service;
    private final Reconciliations reconciliations;
    private final List<SetupStep> steps;

    InsightsPageController(InsightsService service, Reconciliations reconciliations, List<SetupStep> steps) {
        this.service = service;
        this.reconciliations = reconciliations;
        this.steps = steps;
    }

    @GetMapping("/insights")
    String index(@AuthenticationPrincipal CurrentUser user, @Valid InsightsParams params, Model model) {
        UUID tenantId = user.tenantId();
        YearMonth current = service.currentMonth(tenantId);
        YearMonth month = service.parsePeriod(tenantId, params.period());
        int months = params.trendMonths();
        InsightSort serviceSort = params.services();
        InsightSort clientSort = params.clients();

        PeriodInsights insights = service.period(tenantId, month);
        Trend trend = service.trend(tenantId, months);
        model.addAttribute("insights", insights);
        model.addAttribute("periodLabel", periodLabel(insights.period()));
        model.addAttribute("services", serviceSort.sort(insights.services()));
        model.addAttribute("clients", clientSort.sort(insights.clients()));
        model.addAttribute("underPerforming", insights.underPerforming());
        model.addAttribute("lowMarginPercent", service.lowMarginPercent());
        model.addAttribute("trend", trend);
        model.addAttribute("charts", List.of(TrendCharts.money(trend.points()), TrendCharts.leaks(trend.points())));
        model.addAttribute(
                "sparklines",
                trend.services().stream().map(TrendCharts::sparkline).toList());
        model.addAttribute("trendHasData", trend.points().stream().anyMatch(Trend.Point::usageRecorded));
        model.addAttribute(
                "periods",
                service.selectableMonths(tenantId).stream()
                        .map(m -> new SelectOption(
                                m.toString(),
                                Display.month(m) + (m.equals(current) ? " (month to date)" : ""),
                                m.equals(month)))
                        .toList());
        model.addAttribute(
                "trendChoices",
                TREND_CHOICES.stream()
                        .map(n -> new SelectOption(String.valueOf(n), "Last " + n + " months", n == months))
                        .toList());
        model.addAttribute("links", new InsightsLinks(month.toString(), months, serviceSort, clientSort));
        model.addAttribute("steps", ChecklistStep.of(steps, tenantId));
        model.addAttribute("updating", reconciliations.syncStatus(tenantId).running());
        model.addAttribute("fmt", new InsightsFormats());
        return "insights/index";
    }

    static String periodLabel(BillingPeriod period) {
        YearMonth month = period.month();
        if (period.monthToDate()) {
            LocalDate last = period.lastDay();
            return Display.month(month) + ", month to date (1 to " + last.format(DAY) + ")";
        }
        return Display.month(month);
    }
}
