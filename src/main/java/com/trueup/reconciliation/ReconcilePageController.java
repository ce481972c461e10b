package com.trueup.reconciliation;

import com.trueup.shared.BillingPeriod;
import com.trueup.shared.Display;
import com.trueup.psa.PsaConnectionInfo;
import com.trueup.psa.PsaSnapshot;
import com.trueup.shared.ConflictException;
import com.trueup.shared.CurrentUser;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.LineRemarks;
import com.trueup.shared.NotFoundException;
import com.trueup.shared.PageResult;
import com.trueup.shared.Quantities;
import com.trueup.shared.Role;
import com.trueup.shared.TenantCalendar;
import com.trueup.integration.VendorDirectory;
import com.trueup.integration.VendorIntegration;
import com.trueup.integration.VendorService;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The reconcile page: period, filters, sort, grouping, totals, paging, per-line and bulk actions, CSV; the sync indicator. */
@Controller
class ReconcilePageController {


    private final ReconciliationService service;
    private final VendorDirectory vendor;
    private final PsaSnapshot psa;
    private final TenantCalendar calendar;
    private final List<LineRemarks> remarks;

    ReconcilePageController(ReconciliationService service, VendorDirectory vendor, PsaSnapshot psa, TenantCalendar calendar,
            List<LineRemarks> remarks) {
        this.service = service;
        this.vendor = vendor;
        this.psa = psa;
        this.calendar = calendar;
        this.remarks = remarks;
    }

    record Option(String value, String label, boolean selected) {
    }

    /** A row of the table: a group header (group != null) or a line. */
    record Row(String group, long groupCount, BigDecimal groupRevenue, ReconciliationService.LineView line) {
    }

    @GetMapping("/reconcile")
    String index(@AuthenticationPrincipal CurrentUser user, @RequestParam Map<String, String> params, Model model) {
        UUID tenantId = user.tenantId();
        LineQuery parsed;
        try {
            parsed = LineQuery.parse(params.get("period"), service.currentMonth(tenantId), params.get("status"),
                    uuid(params.get("integrationId"), "integrationId"), uuid(params.get("companyId"), "companyId"),
                    params.get("serviceId"), null, params.get("client"), params.get("sort"), params.get("group"));
        } catch (InvalidInputException e) {
            model.addAttribute("error", e.getMessage());
            parsed = LineQuery.parse(null, service.currentMonth(tenantId), null, null, null, null, null, null, null, null);
        }
        final LineQuery query = parsed;
        int page;
        int size;
        try {
            page = PageResult.checkedPage(intOrNull(params.get("page")));
            size = PageResult.checkedSize(intOrNull(params.get("size")), 50, 500);
        } catch (InvalidInputException e) {
            page = 0;
            size = 50;
        }
        var listing = service.list(tenantId, query, page, size);
        BillingPeriod period = listing.period();
        List<Option> periods = service.periods(tenantId).stream()
                .map(p -> new Option(p.key(), Display.month(p.month()) + (p.monthToDate() ? " (month to date)" : ""),
                        p.month().equals(period.month()))).toList();
        List<Option> statuses = new ArrayList<>();
        for (LineStatus s : LineStatus.values()) {
            statuses.add(new Option(s.wire(), s.label(), query.statuses().size() == 1 && query.statuses().contains(s)));
        }
        List<VendorIntegration> integrations = vendor.integrations(tenantId);
        List<Option> integrationOptions = integrations.stream()
                .map(i -> new Option(i.id().toString(), i.name(), i.id().equals(query.integrationId()))).toList();
        List<Option> serviceOptions = new ArrayList<>();
        Map<String, Boolean> seen = new LinkedHashMap<>();
        for (VendorIntegration i : integrations) {
            for (VendorService s : vendor.services(tenantId, i.id())) {
                if (seen.putIfAbsent(s.externalId(), true) == null) {
                    serviceOptions.add(new Option(s.externalId(), s.name() + (integrations.size() > 1 ? " (" + i.name() + ")" : ""),
                            s.externalId().equals(query.serviceRef())));
                }
            }
        }
        PsaConnectionInfo connection = psa.primaryConnection(tenantId).orElse(null);
        LocalDate today = service.today(tenantId);

        model.addAttribute("listing", listing);
        model.addAttribute("readOnly", connection == null ? Map.of() : psa.readOnlyLines(tenantId, connection.id()));
        model.addAttribute("rows", rows(listing.page().items(), query.group()));
        model.addAttribute("remarks", remarksOf(tenantId, listing.page().items()));
        model.addAttribute("period", period);
        ZoneId zone = calendar.zone(tenantId);
        model.addAttribute("zone", zone);
        model.addAttribute("periodLabel", periodLabel(period, zone.getId()));
        model.addAttribute("periods", periods);
        model.addAttribute("statuses", statuses);
        model.addAttribute("integrations", integrationOptions);
        model.addAttribute("services", serviceOptions);
        model.addAttribute("groups", List.of(new Option("none", "No grouping", query.group().equals("none")),
                new Option("client", "Client", query.group().equals("client")),
                new Option("service", "Service", query.group().equals("service"))));
        model.addAttribute("query", query);
        Links links = new Links(query, page, size);
        model.addAttribute("links", links);
        model.addAttribute("back", links.self());
        model.addAttribute("canAct", user.can(Role.APPROVER));
        model.addAttribute("connection", connection);
        model.addAttribute("integerOnly", integerOnly(connection));
        model.addAttribute("defaultEffectiveDate", defaultEffectiveDate(connection, today));
        model.addAttribute("hasIntegrations", !integrations.isEmpty());
        var sync = service.syncStatus(tenantId);
        model.addAttribute("sync", sync);
        model.addAttribute("since", sync.lastCompletedAt() == null ? "never" : sync.lastCompletedAt().toString());
        model.addAttribute("finished", false);
        model.addAttribute("pills", new StatusPills());
        return "reconciliation/index";
    }

    private static boolean integerOnly(PsaConnectionInfo connection) {
        return connection != null && connection.writes().wholeQuantitiesOnly();
    }

    private static LocalDate defaultEffectiveDate(PsaConnectionInfo connection, LocalDate today) {
        return connection == null ? today.withDayOfMonth(1).plusMonths(1) : connection.effectiveDateFor(today);
    }

    static String periodLabel(BillingPeriod p, String zone) {
        if (p.monthToDate()) {
            return "Month to date: " + Display.day(p.start()) + " – " + Display.day(p.lastDay()) + " (" + p.days()
                    + (p.days() == 1 ? " day" : " days") + ", today included; days in " + zone + ")";
        }
        return "Closed month: " + Display.day(p.start()) + " – " + Display.day(p.lastDay()) + " (all " + p.days() + " days; days in " + zone + ")";
    }

    /** Remarks of other modules on the lines of the page (e.g. why an approval rule held one back). */
    private Map<UUID, String> remarksOf(UUID tenantId, List<ReconciliationService.LineView> items) {
        List<UUID> ids = items.stream().map(v -> v.line().id()).toList();
        Map<UUID, String> all = new java.util.HashMap<>();
        if (!ids.isEmpty()) {
            remarks.forEach(r -> r.remarks(tenantId, ids).forEach((id, text) -> all.merge(id, text, (a, b) -> a + " " + b)));
        }
        return all;
    }

    private static List<Row> rows(List<ReconciliationService.LineView> items, String group) {
        List<Row> rows = new ArrayList<>();
        if (group.equals("none")) {
            items.forEach(v -> rows.add(new Row(null, 0, null, v)));
            return rows;
        }
        String current = null;
        int headerIndex = -1;
        long count = 0;
        BigDecimal revenue = Quantities.ZERO;
        for (ReconciliationService.LineView v : items) {
            String name = group.equals("client") ? v.line().row().companyName() : v.line().row().serviceName();
            name = name == null ? "(none)" : name;
            if (!name.equals(current)) {
                if (headerIndex >= 0) {
                    rows.set(headerIndex, new Row(current, count, revenue, null));
                }
                current = name;
                count = 0;
                revenue = Quantities.ZERO;
                headerIndex = rows.size();
                rows.add(null);
            }
            count++;
            if (v.line().status().actionable() && v.line().row().revenueChange() != null) {
                revenue = revenue.add(v.line().row().revenueChange());
            }
            rows.add(new Row(null, 0, null, v));
        }
        if (headerIndex >= 0) {
            rows.set(headerIndex, new Row(current, count, revenue, null));
        }
        return rows;
    }

    /** Links of the page that keep the current filters. */
    record Links(LineQuery query, int page, int size) {

        public String self() {
            return build(query, page, size);
        }

        public String sort(String field) {
            return build(query.sortedBy(field), 0, size);
        }

        public String sortIndicator(String field) {
            if (!field.equals(query.sort())) {
                return "";
            }
            return query.descending() ? " ▼" : " ▲";
        }

        public String ariaSort(String field) {
            if (!field.equals(query.sort())) {
                return "none";
            }
            return query.descending() ? "descending" : "ascending";
        }

        public String page(int number) {
            return build(query, number, size);
        }

        public String export() {
            return build(query, -1, size).replaceFirst("^/reconcile", "/reconcile/export.csv");
        }

        static String build(LineQuery q, int page, int size) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("period", q.period().toString());
            if (!q.statuses().isEmpty()) {
                p.put("status", String.join(",", q.statuses().stream().map(LineStatus::wire).toList()));
            }
            if (q.integrationId() != null) {
                p.put("integrationId", q.integrationId().toString());
            }
            if (q.companyId() != null) {
                p.put("companyId", q.companyId().toString());
            }
            if (q.serviceRef() != null) {
                p.put("serviceId", q.serviceRef());
            }
            if (q.client() != null) {
                p.put("client", q.client());
            }
            if (!q.sort().equals("company") || q.descending()) {
                p.put("sort", q.sort() + (q.descending() ? ",desc" : ",asc"));
            }
            if (!q.group().equals("none")) {
                p.put("group", q.group());
            }
            if (page > 0) {
                p.put("page", String.valueOf(page));
            }
            if (size != 50 && page >= 0) {
                p.put("size", String.valueOf(size));
            }
            StringBuilder url = new StringBuilder("/reconcile");
            char sep = '?';
            for (Map.Entry<String, String> e : p.entrySet()) {
                url.append(sep).append(e.getKey()).append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
                sep = '&';
            }
            return url.toString();
        }
    }

    // ---- actions (forms) -------------------------------------------------------------------------------------------

    @PostMapping("/reconcile/lines/{id}/approve")
    @PreAuthorize("hasRole('APPROVER')")
    String approve(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
            @RequestParam(required = false) String back, RedirectAttributes redirect) {
        return act(redirect, back, () -> {
            var a = service.approve(user, id, null, null);
            return "Approved: " + ReconciliationService.plain(a.quantity()) + " will be written, effective " + a.effectiveDate()
                    + ". Follow it under Write-backs.";
        });
    }

    @PostMapping("/reconcile/lines/{id}/adjust")
    @PreAuthorize("hasRole('APPROVER')")
    String adjust(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
            @RequestParam(required = false) String quantity, @RequestParam(required = false) String effectiveDate,
            @RequestParam(required = false) String back, RedirectAttributes redirect) {
        return act(redirect, back, () -> {
            BigDecimal q = decimal(quantity);
            var a = service.approve(user, id, q, date(effectiveDate));
            return (q == null ? "Approved: " : "Adjusted: ") + ReconciliationService.plain(a.quantity())
                    + " will be written, effective " + a.effectiveDate() + ".";
        });
    }

    @PostMapping("/reconcile/lines/{id}/dismiss")
    @PreAuthorize("hasRole('APPROVER')")
    String dismiss(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
            @RequestParam(required = false) String back, RedirectAttributes redirect) {
        return act(redirect, back, () -> {
            service.dismiss(user, id);
            return "Dismissed for this period.";
        });
    }

    @PostMapping("/reconcile/lines/{id}/notes")
    @PreAuthorize("hasRole('APPROVER')")
    String note(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, @RequestParam(required = false) String text,
            @RequestParam(required = false) String back, RedirectAttributes redirect) {
        return act(redirect, back, () -> {
            service.note(user, id, text);
            return "Note saved.";
        });
    }

    @PostMapping("/reconcile/bulk")
    @PreAuthorize("hasRole('APPROVER')")
    String bulk(@AuthenticationPrincipal CurrentUser user, @RequestParam(required = false) String action,
            @RequestParam(name = "lineIds", required = false) List<UUID> lineIds,
            @RequestParam(required = false) String effectiveDate, @RequestParam(required = false) String back,
            RedirectAttributes redirect) {
        return act(redirect, back, () -> {
            var r = service.bulk(user, action, lineIds, date(effectiveDate));
            String verb = switch (r.action()) {
                case "approve" -> "approved";
                case "dismiss" -> "dismissed";
                default -> "given the effective date " + effectiveDate;
            };
            String skipped = r.skipped().isEmpty() ? "" : " " + r.skipped().size() + " skipped: "
                    + r.skipped().stream().limit(3).map(ReconciliationService.Skipped::reason).distinct()
                    .reduce((a, b) -> a + " " + b).orElse("");
            String follow = r.action().equals("approve") && r.done() > 0 ? " Follow the changes under Write-backs." : "";
            return r.done() + (r.done() == 1 ? " line " : " lines ") + verb + "." + follow + skipped;
        });
    }

    /**
     * A line's less used actions (adjust, dismiss, note, history): the fragment its "More" menu loads when first opened
     * (an htmx request), else a page of their own. Rendering these forms for every line of the list made the page
     * several times heavier, for actions taken on a few lines.
     */
    @GetMapping("/reconcile/lines/{id}/actions")
    @PreAuthorize("hasRole('APPROVER')")
    String lineActions(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
            @RequestParam(required = false) String back,
            @RequestHeader(value = "HX-Request", required = false) String htmx, Model model) {
        UUID tenantId = user.tenantId();
        var view = service.get(tenantId, id);
        PsaConnectionInfo connection = psa.primaryConnection(tenantId).orElse(null);
        model.addAttribute("view", view);
        model.addAttribute("back", safeBack(back));
        model.addAttribute("integerOnly", integerOnly(connection));
        model.addAttribute("defaultEffectiveDate", defaultEffectiveDate(connection, service.today(tenantId)));
        model.addAttribute("pills", new StatusPills());
        return htmx != null ? "reconciliation/line-actions :: actions" : "reconciliation/line";
    }

    @GetMapping("/reconcile/lines/{id}/history")
    String history(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, Model model) {
        model.addAttribute("events", service.history(user.tenantId(), id));
        model.addAttribute("zone", calendar.zone(user.tenantId()));
        return "reconciliation/history :: history";
    }

    @GetMapping(value = "/reconcile/export.csv", produces = "text/csv")
    void export(@AuthenticationPrincipal CurrentUser user, @RequestParam Map<String, String> params,
            HttpServletResponse response) throws IOException {
        LineQuery query = LineQuery.parse(params.get("period"), service.currentMonth(user.tenantId()), params.get("status"),
                uuid(params.get("integrationId"), "integrationId"), uuid(params.get("companyId"), "companyId"),
                params.get("serviceId"), null, params.get("client"), params.get("sort"), params.get("group"));
        ReconciliationApiController.writeCsv(service, user.tenantId(), query, response);
    }

    // ---- sync indicator ------------------------------------------------------------------------------------------

    /**
     * The sync indicator, polled by pages: a spinner while a PSA sync or a rebuild is queued or running; once one
     * finished after {@code since} (the last completion the page showed), a highlighted Refresh button.
     */
    @GetMapping("/sync-status/indicator")
    String indicator(@AuthenticationPrincipal CurrentUser user, @RequestParam(required = false) String since, Model model) {
        var status = service.syncStatus(user.tenantId());
        Instant seen = Instant.EPOCH; // "never": the page saw no completed rebuild
        try {
            seen = since == null || since.isBlank() || since.equals("never") ? Instant.EPOCH : Instant.parse(since);
        } catch (DateTimeParseException ignored) {
            // treated as never seen
        }
        boolean finished = !status.running() && status.lastCompletedAt() != null && status.lastCompletedAt().isAfter(seen);
        model.addAttribute("sync", status);
        model.addAttribute("since", seen.equals(Instant.EPOCH) ? "never" : seen.toString());
        model.addAttribute("zone", calendar.zone(user.tenantId()));
        model.addAttribute("finished", finished);
        return "reconciliation/sync :: indicator";
    }

    @GetMapping("/sync-status/refresh")
    String refresh(HttpServletResponse response) {
        response.setHeader("HX-Refresh", "true");
        return "reconciliation/sync :: empty";
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    interface Action {
        String run();
    }

    private static String act(RedirectAttributes redirect, String back, Action action) {
        try {
            redirect.addFlashAttribute("flash", action.run());
        } catch (InvalidInputException | ConflictException | NotFoundException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:" + safeBack(back);
    }

    static String safeBack(String back) {
        if (back == null || !back.startsWith("/reconcile") || back.startsWith("//") || back.contains("\\")
                || back.contains("\r") || back.contains("\n")) {
            return "/reconcile";
        }
        return back;
    }

    private static UUID uuid(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(field, field + " is not a valid id");
        }
    }

    private static Integer intOrNull(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("page", "not a number");
        }
    }

    private static BigDecimal decimal(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        BigDecimal number;
        try {
            number = new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("quantity", "quantity must be a number, e.g. 15 or 15.5");
        }
        String problem = com.trueup.shared.BoundedNumbers.problem(number);
        if (problem != null) {
            throw new InvalidInputException("quantity", "quantity " + problem);
        }
        return number;
    }

    private static LocalDate date(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("effectiveDate", "effectiveDate must be a date as YYYY-MM-DD");
        }
    }
}
