package com.trueup.insights;

import com.trueup.shared.BillingPeriod;
import com.trueup.shared.Display;
import com.trueup.reconciliation.Reconciliations;
import com.trueup.shared.CurrentUser;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.SetupStep;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

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

    record Option(String value, String label, boolean selected) {
    }

    record Step(String title, String hint, String href, boolean done) {
    }

    @GetMapping("/insights")
    String index(@AuthenticationPrincipal CurrentUser user, @RequestParam Map<String, String> params, Model model) {
        UUID tenantId = user.tenantId();
        YearMonth current = service.currentMonth(tenantId);
        List<String> errors = new ArrayList<>();
        YearMonth month = orDefault(errors, () -> service.parsePeriod(tenantId, params.get("period")), current);
        int months = orDefault(errors, () -> InsightsService.parseMonths(params.get("months")), InsightsService.DEFAULT_TREND_MONTHS);
        InsightSort serviceSort = orDefault(errors, () -> InsightSort.parse(params.get("serviceSort"), "serviceSort"), InsightSort.DEFAULT);
        InsightSort clientSort = orDefault(errors, () -> InsightSort.parse(params.get("clientSort"), "clientSort"), InsightSort.DEFAULT);
        if (!errors.isEmpty()) {
            model.addAttribute("error", String.join(" ", errors));
        }

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
        model.addAttribute("sparklines", trend.services().stream().map(TrendCharts::sparkline).toList());
        model.addAttribute("trendHasData", trend.points().stream().anyMatch(Trend.Point::usageRecorded));
        model.addAttribute("periods", service.selectableMonths(tenantId).stream()
                .map(m -> new Option(m.toString(), Display.month(m) + (m.equals(current) ? " (month to date)" : ""),
                        m.equals(month))).toList());
        model.addAttribute("trendChoices", TREND_CHOICES.stream()
                .map(n -> new Option(String.valueOf(n), "Last " + n + " months", n == months)).toList());
        model.addAttribute("links", new Links(month.toString(), months, serviceSort, clientSort));
        model.addAttribute("steps", steps.stream().sorted(Comparator.comparingInt(SetupStep::order))
                .map(s -> new Step(s.title(), s.hint(), s.href(), done(s, tenantId))).toList());
        model.addAttribute("updating", reconciliations.syncStatus(tenantId).running());
        model.addAttribute("fmt", new Formats());
        return "insights/index";
    }

    private static boolean done(SetupStep step, UUID tenantId) {
        try {
            return step.done(tenantId);
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static <T> T orDefault(List<String> errors, java.util.function.Supplier<T> parse, T fallback) {
        try {
            return parse.get();
        } catch (InvalidInputException e) {
            errors.add(e.getMessage() + ".");
            return fallback;
        }
    }

    static String periodLabel(BillingPeriod period) {
        YearMonth month = period.month();
        if (period.monthToDate()) {
            LocalDate last = period.lastDay();
            return Display.month(month) + ", month to date (1 to " + last.format(DAY) + ")";
        }
        return Display.month(month);
    }

    /** What the template asks of figures beyond {@code #display}: a month named on the wire, signs, pill colours. */
    static final class Formats {

        public String month(String period) {
            return Display.month(YearMonth.parse(period));
        }

        public boolean negative(BigDecimal value) {
            return value != null && value.signum() < 0;
        }

        public boolean positive(BigDecimal value) {
            return value != null && value.signum() > 0;
        }

        public String reasonPill(String code) {
            return "negative-margin".equals(code) ? "bad" : "warn";
        }
    }

    /** Links of the page that keep the other choices: sorting either table (services, clients), a client's reconciliation. */
    record Links(String period, int months, InsightSort serviceSort, InsightSort clientSort) {

        /** The page sorted by {@code key} in {@code table}: a column sorted already reverses, another sorts its telling way first. */
        public String href(String table, String key) {
            boolean services = "services".equals(table);
            InsightSort s = services ? next(serviceSort, key) : serviceSort;
            InsightSort c = services ? clientSort : next(clientSort, key);
            return UriComponentsBuilder.fromPath("/insights").queryParam("period", period).queryParam("months", months)
                    .queryParam("serviceSort", s.wire()).queryParam("clientSort", c.wire()).build().encode().toUriString()
                    + "#" + table;
        }

        public String aria(String table, String key) {
            InsightSort current = sortOf(table);
            return current.key() == keyOf(key) ? (current.descending() ? "descending" : "ascending") : null;
        }

        public String arrow(String table, String key) {
            InsightSort current = sortOf(table);
            return current.key() == keyOf(key) ? (current.descending() ? " ▼" : " ▲") : "";
        }

        public String reconcile(UUID companyId) {
            return UriComponentsBuilder.fromPath("/reconcile").queryParam("period", period)
                    .queryParam("companyId", companyId).build().toUriString();
        }

        private InsightSort sortOf(String table) {
            return "services".equals(table) ? serviceSort : clientSort;
        }

        private static InsightSort.Key keyOf(String key) {
            return InsightSort.parse(key, "sort").key();
        }

        private static InsightSort next(InsightSort current, String key) {
            InsightSort first = InsightSort.parse(key, "sort");
            return current.key() == first.key() ? new InsightSort(first.key(), !current.descending()) : first;
        }
    }
}
