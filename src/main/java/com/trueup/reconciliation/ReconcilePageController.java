package com.trueup.reconciliation;

import com.trueup.integration.VendorDirectory;
import com.trueup.integration.VendorIntegration;
import com.trueup.integration.VendorService;
import com.trueup.psa.PsaConnectionInfo;
import com.trueup.psa.PsaSnapshot;
import com.trueup.shared.BillingPeriod;
import com.trueup.shared.ConflictException;
import com.trueup.shared.CurrentUser;
import com.trueup.shared.Display;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.LineRemarks;
import com.trueup.shared.NotFoundException;
import com.trueup.shared.Role;
import com.trueup.shared.TenantCalendar;
import com.trueup.shared.web.SelectOption;
import com.trueup.shared.web.SyncIndicator;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.io.IOException;
import java.math.BigDecimal;
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
import org.springframework.web.util.UriComponentsBuilder;

/** The reconcile page: period, filters, sort, grouping, totals, paging, per-line and bulk actions, CSV; the sync indicator. */
@Controller
class ReconcilePageController {

    private final ReconciliationListing lines;
    private final LineActions actions;
    private final Reconciliations reconciliations;
    private final VendorDirectory vendor;
    private final PsaSnapshot psa;
    private final TenantCalendar calendar;
    private final List<LineRemarks> remarks;

    ReconcilePageController(
            ReconciliationListing lines,
            LineActions actions,
            Reconciliations reconciliations,
            VendorDirectory vendor,
            PsaSnapshot psa,
            TenantCalendar calendar,
            List<LineRemarks> remarks) {
        this.lines = lines;
        this.actions = actions;
        this.reconciliations = reconciliations;
        this.vendor = vendor;
        this.psa = psa;
        this.calendar = calendar;
        this.remarks = remarks;
    }

    @GetMapping("/reconcile")
    String index(@AuthenticationPrincipal CurrentUser user, @Valid ReconcileParams params, Model model) {
        UUID tenantId = user.tenantId();
        LineQuery query = params.lines(lines.currentMonth(tenantId));
        int page = params.pageNumber();
        int size = params.pageSize();
        var listing = lines.list(tenantId, query, page, size);
        BillingPeriod period = listing.period();
        List<SelectOption> periods = lines.periods(tenantId).stream()
                .map(p -> new SelectOption(
                        p.key(),
                        Display.month(p.month()) + (p.monthToDate() ? " (month to date)" : ""),
                        p.month().equals(period.month())))
                .toList();
        List<SelectOption> statuses = new ArrayList<>();
        for (LineStatus s : LineStatus.values()) {
            statuses.add(new SelectOption(
                    s.wire(),
                    s.label(),
                    query.statuses().size() == 1 && query.statuses().contains(s)));
        }
        List<VendorIntegration> integrations = vendor.integrations(tenantId);
        List<SelectOption> integrationOptions = integrations.stream()
                .map(i -> new SelectOption(i.id().toString(), i.name(), i.id().equals(query.integrationId())))
                .toList();
        List<SelectOption> serviceOptions = new ArrayList<>();
        Map<String, Boolean> seen = new LinkedHashMap<>();
        for (VendorIntegration i : integrations) {
            for (VendorService s : vendor.services(tenantId, i.id())) {
                if (seen.putIfAbsent(s.externalId(), true) == null) {
                    serviceOptions.add(new SelectOption(
                            s.externalId(),
                            s.name() + (integrations.size() > 1 ? " (" + i.name() + ")" : ""),
                            s.externalId().equals(query.serviceRef())));
                }
            }
        }
        PsaConnectionInfo connection = psa.primaryConnection(tenantId).orElse(null);
        LocalDate today = lines.today(tenantId);

        model.addAttribute("listing", listing);
        model.addAttribute("readOnly", connection == null ? Map.of() : psa.readOnlyLines(tenantId, connection.id()));
        model.addAttribute("rows", ReconcileRow.of(listing.page().items(), query.group()));
        model.addAttribute("remarks", remarksOf(tenantId, listing.page().items()));
        model.addAttribute("period", period);
        ZoneId zone = calendar.zone(tenantId);
        model.addAttribute("zone", zone);
        model.addAttribute("periodLabel", periodLabel(period, zone.getId()));
        model.addAttribute("periods", periods);
        model.addAttribute("statuses", statuses);
        model.addAttribute("integrations", integrationOptions);
        model.addAttribute("services", serviceOptions);
        model.addAttribute(
                "groups",
                List.of(
                        new SelectOption("none", "No grouping", query.group().equals("none")),
                        new SelectOption("client", "Client", query.group().equals("client")),
                        new SelectOption("service", "Service", query.group().equals("service"))));
        model.addAttribute("query", query);
        ReconcileLinks links = new ReconcileLinks(query, page, size);
        model.addAttribute("links", links);
        model.addAttribute("back", links.self());
        model.addAttribute("canAct", user.can(Role.APPROVER));
        model.addAttribute("connection", connection);
        model.addAttribute("integerOnly", integerOnly(connection));
        model.addAttribute("defaultEffectiveDate", defaultEffectiveDate(connection, today));
        model.addAttribute("hasIntegrations", !integrations.isEmpty());
        var sync = reconciliations.syncStatus(tenantId);
        model.addAttribute(
                "indicator",
                indicator(
                        sync,
                        sync.lastCompletedAt() == null ? Instant.EPOCH : sync.lastCompletedAt(),
                        calendar.zone(tenantId)));
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
        return "Closed month: " + Display.day(p.start()) + " – " + Display.day(p.lastDay()) + " (all " + p.days()
                + " days; days in " + zone + ")";
    }

    /** Remarks of other modules on the lines of the page (e.g. why an approval rule held one back). */
    private Map<UUID, String> remarksOf(UUID tenantId, List<ReconciliationListing.LineView> items) {
        List<UUID> ids = items.stream().map(v -> v.line().id()).toList();
        Map<UUID, String> all = new java.util.HashMap<>();
        if (!ids.isEmpty()) {
            remarks.forEach(r ->
                    r.remarks(tenantId, ids).forEach((id, text) -> all.merge(id, text, (a, b) -> a + " " + b)));
        }
        return all;
    }

    // ---- actions (forms) -------------------------------------------------------------------------------------------

    @PostMapping("/reconcile/lines/{id}/approve")
    @PreAuthorize("hasRole('APPROVER')")
    String approve(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestParam(required = false) String back,
            RedirectAttributes redirect) {
        return act(redirect, back, () -> {
            var a = actions.approve(user, id, null, null);
            return "Approved: " + LineActions.plain(a.quantity()) + " will be written, effective " + a.effectiveDate()
                    + ". Follow it under Write-backs.";
        });
    }

    @PostMapping("/reconcile/lines/{id}/adjust")
    @PreAuthorize("hasRole('APPROVER')")
    String adjust(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestParam(required = false) String quantity,
            @RequestParam(required = false) String effectiveDate,
            @RequestParam(required = false) String back,
            RedirectAttributes redirect) {
        return act(redirect, back, () -> {
            BigDecimal q = decimal(quantity);
            var a = actions.approve(user, id, q, date(effectiveDate));
            return (q == null ? "Approved: " : "Adjusted: ") + LineActions.plain(a.quantity())
                    + " will be written, effective " + a.effectiveDate() + ".";
        });
    }

    @PostMapping("/reconcile/lines/{id}/dismiss")
    @PreAuthorize("hasRole('APPROVER')")
    String dismiss(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestParam(required = false) String back,
            RedirectAttributes redirect) {
        return act(redirect, back, () -> {
            actions.dismiss(user, id);
            return "Dismissed for this period.";
        });
    }

    @PostMapping("/reconcile/lines/{id}/notes")
    @PreAuthorize("hasRole('APPROVER')")
    String note(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestParam(required = false) String text,
            @RequestParam(required = false) String back,
            RedirectAttributes redirect) {
        return act(redirect, back, () -> {
            actions.note(user, id, text);
            return "Note saved.";
        });
    }

    @PostMapping("/reconcile/bulk")
    @PreAuthorize("hasRole('APPROVER')")
    String bulk(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(required = false) String action,
            @RequestParam(name = "lineIds", required = false) List<UUID> lineIds,
            @RequestParam(required = false) String effectiveDate,
            @RequestParam(required = false) String back,
            RedirectAttributes redirect) {
        return act(redirect, back, () -> {
            var r = actions.bulk(user, action, lineIds, date(effectiveDate));
            String verb = switch (r.action()) {
                case "approve" -> "approved";
                case "dismiss" -> "dismissed";
                default -> "given the effective date " + effectiveDate;
            };
            String skipped = r.skipped().isEmpty()
                    ? ""
                    : " " + r.skipped().size() + " skipped: "
                            + r.skipped().stream()
                                    .limit(3)
                                    .map(LineActions.Skipped::reason)
                                    .distinct()
                                    .reduce((a, b) -> a + " " + b)
                                    .orElse("");
            String follow =
                    r.action().equals("approve") && r.done() > 0 ? " Follow the changes under Write-backs." : "";
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
    String lineActions(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestParam(required = false) String back,
            @RequestHeader(value = "HX-Request", required = false) String htmx,
            Model model) {
        UUID tenantId = user.tenantId();
        var view = lines.get(tenantId, id);
        PsaConnectionInfo connection = psa.primaryConnection(tenantId).orElse(null);
        model.addAttribute("view", view);
        model.addAttribute("back", safeBack(back));
        model.addAttribute("integerOnly", integerOnly(connection));
        model.addAttribute("defaultEffectiveDate", defaultEffectiveDate(connection, lines.today(tenantId)));
        model.addAttribute("pills", new StatusPills());
        return htmx != null ? "reconciliation/line-actions :: actions" : "reconciliation/line";
    }

    @GetMapping("/reconcile/lines/{id}/history")
    String history(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, Model model) {
        model.addAttribute("events", lines.history(user.tenantId(), id));
        model.addAttribute("zone", calendar.zone(user.tenantId()));
        return "reconciliation/history :: history";
    }

    @GetMapping(value = "/reconcile/export.csv", produces = "text/csv")
    void export(@AuthenticationPrincipal CurrentUser user, @Valid ReconcileParams params, HttpServletResponse response)
            throws IOException {
        ReconciliationApiController.writeCsv(
                lines, user.tenantId(), params.lines(lines.currentMonth(user.tenantId())), response);
    }

    // ---- sync indicator ------------------------------------------------------------------------------------------

    /**
     * The sync indicator, polled by pages: a spinner while a PSA sync or a rebuild is queued or running; once one
     * finished after {@code since} (the last completion the page showed; "never" or absent: none), a highlighted
     * Refresh button.
     */
    @GetMapping("/sync-status/indicator")
    String indicator(
            @AuthenticationPrincipal CurrentUser user, @RequestParam(required = false) String since, Model model) {
        Instant seen = Instant.EPOCH;
        try {
            seen = since == null || since.isBlank() || since.equals("never") ? Instant.EPOCH : Instant.parse(since);
        } catch (DateTimeParseException ignored) {
            // a page's own link: a mangled one shows the indicator as if the page had seen no rebuild
        }
        model.addAttribute(
                "indicator",
                indicator(reconciliations.syncStatus(user.tenantId()), seen, calendar.zone(user.tenantId())));
        return "fragments :: syncIndicator";
    }

    private static SyncIndicator indicator(Reconciliations.SyncStatus status, Instant seen, ZoneId zone) {
        String poll = UriComponentsBuilder.fromPath("/sync-status/indicator")
                .queryParam("since", seen.equals(Instant.EPOCH) ? "never" : seen.toString())
                .encode()
                .build()
                .toUriString();
        if (status.running()) {
            return SyncIndicator.running("Syncing…", poll);
        }
        if (status.lastCompletedAt() != null && status.lastCompletedAt().isAfter(seen)) {
            return SyncIndicator.done("Sync finished: new figures are ready.");
        }
        return SyncIndicator.idle(
                status.lastCompletedAt() == null
                        ? "Up to date"
                        : "Up to date · rebuilt " + Display.time(status.lastCompletedAt(), zone),
                poll,
                "15s");
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
        if (back == null
                || !back.startsWith("/reconcile")
                || back.startsWith("//")
                || back.contains("\\")
                || back.contains("\r")
                || back.contains("\n")) {
            return "/reconcile";
        }
        return back;
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
