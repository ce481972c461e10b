package com.trueup.writeback;

import com.trueup.psa.PsaConnectionInfo;
import com.trueup.psa.PsaContractLine;
import com.trueup.psa.PsaProduct;
import com.trueup.psa.PsaSnapshot;
import com.trueup.shared.ConflictException;
import com.trueup.shared.CurrentUser;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.NotFoundException;
import com.trueup.shared.PageResult;
import com.trueup.shared.Role;
import com.trueup.shared.TenantCalendar;
import com.trueup.shared.web.SelectOption;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The write-backs page: status of every delivery, reasons of failures and conflicts, retry; the change sheet of the
 * changes to apply by hand (CSV, printable page) and marking them applied.
 */
@Controller
class WriteBackPageController {

    private static final Logger log = LoggerFactory.getLogger(WriteBackPageController.class);
    private static final int PAGE_SIZE = 50;

    private final Outbox outbox;
    private final ChangeSheet sheets;
    private final ChangeSheetPages sheetPages;
    private final PsaSnapshot snapshot;
    private final TenantCalendar calendar;
    private final Clock clock;

    WriteBackPageController(
            Outbox outbox,
            ChangeSheet sheets,
            ChangeSheetPages sheetPages,
            PsaSnapshot snapshot,
            TenantCalendar calendar,
            Clock clock) {
        this.outbox = outbox;
        this.sheets = sheets;
        this.sheetPages = sheetPages;
        this.snapshot = snapshot;
        this.calendar = calendar;
        this.clock = clock;
    }

    @GetMapping("/write-backs")
    String page(@AuthenticationPrincipal CurrentUser user, @Valid WriteBackFilter filter, Model model) {
        UUID connection = fill(user, filter, model);
        List<WriteBack> toApply = outbox.toApply(user.tenantId(), connection);
        model.addAttribute("sheetCount", toApply.size());
        model.addAttribute(
                "sheetThrough",
                toApply.stream()
                        .map(WriteBack::createdAt)
                        .max(Comparator.naturalOrder())
                        .orElse(null));
        String query = connection == null ? "" : "?connectionId=" + connection;
        model.addAttribute("sheetCsvUrl", "/write-backs/change-sheet.csv" + query);
        model.addAttribute("sheetPrintUrl", "/write-backs/change-sheet" + query);
        return "writeback/index";
    }

    /** The table alone, for the page's htmx refresh while deliveries are under way. */
    @GetMapping("/write-backs/table")
    String table(@AuthenticationPrincipal CurrentUser user, @Valid WriteBackFilter filter, Model model) {
        fill(user, filter, model);
        return "writeback/table :: table";
    }

    /** The printable change sheet. */
    @GetMapping("/write-backs/change-sheet")
    String sheet(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(required = false) String connectionId,
            Model model) {
        model.addAllAttributes(
                sheetPages.model(user.tenantId(), connection(user, connectionId).orElse(null)));
        return ChangeSheetPages.TEMPLATE;
    }

    @GetMapping("/write-backs/change-sheet.csv")
    void sheetCsv(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(required = false) String connectionId,
            HttpServletResponse response)
            throws IOException {
        String csv = ChangeSheet.csv(
                sheets.of(user.tenantId(), connection(user, connectionId).orElse(null), clock.instant()));
        response.setContentType("text/csv; charset=UTF-8");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader(
                "Content-Disposition", "attachment; filename=\"" + sheetPages.fileName(user.tenantId(), "csv") + "\"");
        response.getWriter().write(csv);
    }

    @PostMapping("/write-backs/{id}/retry")
    @PreAuthorize("hasRole('APPROVER')")
    String retry(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String connectionId,
            RedirectAttributes redirect) {
        try {
            outbox.retry(user.tenantId(), id, user.email());
            redirect.addFlashAttribute("flash", "Queued again: TrueUp re-reads the PSA line and writes it shortly.");
        } catch (ConflictException | NotFoundException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return back(status, connectionId, redirect);
    }

    @PostMapping("/write-backs/{id}/applied")
    @PreAuthorize("hasRole('APPROVER')")
    String applied(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String connectionId,
            RedirectAttributes redirect) {
        try {
            outbox.markApplied(user.tenantId(), id, user.email());
            redirect.addFlashAttribute(
                    "flash",
                    "Marked applied by hand. The next PSA import or sync that shows the new "
                            + "quantity confirms it.");
        } catch (ConflictException | NotFoundException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return back(status, connectionId, redirect);
    }

    /** The whole change sheet of the filter, as it was shown ({@code through}: its newest approval). */
    @PostMapping("/write-backs/applied")
    @PreAuthorize("hasRole('APPROVER')")
    String sheetApplied(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(required = false) String connectionId,
            @RequestParam(required = false) String through,
            @RequestParam(required = false) String status,
            RedirectAttributes redirect) {
        try {
            Instant upTo = through == null || through.isBlank() ? null : Instant.parse(through.trim());
            var result = outbox.markAllApplied(
                    user.tenantId(), null, connection(user, connectionId).orElse(null), upTo, user.email());
            redirect.addFlashAttribute(
                    "flash",
                    result.applied() + (result.applied() == 1 ? " change" : " changes")
                            + " marked applied by hand. The next PSA import or sync that shows the new quantities confirms them.");
        } catch (java.time.format.DateTimeParseException e) {
            redirect.addFlashAttribute("error", "The sheet's time is not valid; reload the page and try again.");
        } catch (ConflictException | NotFoundException | InvalidInputException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return back(status, connectionId, redirect);
    }

    private static String back(String status, String connectionId, RedirectAttributes redirect) {
        if (status != null && !status.isBlank()) {
            redirect.addAttribute("status", status);
        }
        if (connectionId != null && !connectionId.isBlank()) {
            redirect.addAttribute("connectionId", connectionId);
        }
        return "redirect:/write-backs";
    }

    /** The connection of the filter: empty for all; another organisation's or an unknown one is not found. */
    private Optional<UUID> connection(CurrentUser user, String connectionId) {
        if (connectionId == null || connectionId.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(known(user, UUID.fromString(connectionId.trim())));
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("No PSA connection " + connectionId);
        }
    }

    /** A connection of the organisation; another organisation's or an unknown one is not found. */
    private UUID known(CurrentUser user, UUID id) {
        if (snapshot.connection(user.tenantId(), id).isEmpty()) {
            throw new NotFoundException("No PSA connection " + id);
        }
        return id;
    }

    /** The list of the filter; returns the filter's connection (null: all). */
    private UUID fill(CurrentUser user, WriteBackFilter filter, Model model) {
        Set<WriteBackStatus> statuses = filter.statuses();
        UUID connection = filter.connectionId() == null ? null : known(user, filter.connectionId());
        PageResult<WriteBack> result =
                outbox.list(user.tenantId(), statuses, connection, filter.pageNumber(), PAGE_SIZE);
        Names names = new Names(user.tenantId());
        ZoneId zone = calendar.zone(user.tenantId());
        model.addAttribute("writeBacks", result.map(names::row));
        model.addAttribute("status", filter.statusText());
        model.addAttribute("statuses", WriteBackStatus.values());
        model.addAttribute("connectionId", connection == null ? "" : connection.toString());
        List<SelectOption> connections = new ArrayList<>();
        for (UUID id : outbox.connectionIds(user.tenantId())) {
            snapshot.connection(user.tenantId(), id)
                    .ifPresent(c -> connections.add(new SelectOption(
                            c.id().toString(), c.name() + " (" + c.typeLabel() + ")", c.id().equals(connection))));
        }
        connections.sort(Comparator.comparing(SelectOption::label));
        model.addAttribute("connections", connections);
        model.addAttribute("zone", zone);
        model.addAttribute("canRetry", user.can(Role.APPROVER));
        model.addAttribute("active", outbox.countActive(user.tenantId()) > 0);
        return connection;
    }

    /** Resolves snapshot names once per connection for one page. */
    private final class Names {

        private final UUID tenantId;
        private final Map<UUID, Map<UUID, String>> companies = new HashMap<>();
        private final Map<UUID, Map<UUID, String>> products = new HashMap<>();
        private final Map<UUID, Optional<PsaConnectionInfo.Writes>> connections = new HashMap<>();

        Names(UUID tenantId) {
            this.tenantId = tenantId;
        }

        WriteBackRow row(WriteBack w) {
            UUID company = w.psaCompanyId();
            UUID product = w.psaProductId();
            String psaLine = null;
            java.time.LocalDate nextInvoice = null;
            if (w.psaLineId() != null) {
                try {
                    PsaContractLine line =
                            snapshot.line(tenantId, w.psaLineId()).orElse(null);
                    if (line != null) {
                        company = company != null ? company : line.companyId();
                        product = product != null ? product : line.productId();
                        psaLine = line.contractName() + " · line " + line.externalLineId();
                        nextInvoice = line.nextInvoiceDate();
                    }
                } catch (RuntimeException e) {
                    log.debug("PSA line {} not resolvable: {}", w.psaLineId(), e.toString());
                }
            }
            return new WriteBackRow(
                    w,
                    name(companies, w.connectionId(), company, true),
                    name(products, w.connectionId(), product, false),
                    psaLine,
                    WriteBackRow.pill(w),
                    appliesFrom(w.connectionId(), nextInvoice));
        }

        /** "applies from the schedule's next run (2024-06-01)" for a PSA that takes no effective date. */
        private String appliesFrom(UUID connectionId, java.time.LocalDate nextInvoice) {
            var writes = connections.computeIfAbsent(
                    connectionId, c -> snapshot.connection(tenantId, c).map(PsaConnectionInfo::writes));
            if (writes.isEmpty()
                    || writes.get().honoursEffectiveDate()
                    || writes.get().effectiveDateNote() == null) {
                return null;
            }
            return "applies from " + writes.get().effectiveDateNote()
                    + (nextInvoice == null ? "" : " (" + nextInvoice + ")");
        }

        private String name(Map<UUID, Map<UUID, String>> cache, UUID connectionId, UUID id, boolean company) {
            if (id == null) {
                return "—";
            }
            Map<UUID, String> byId = cache.computeIfAbsent(connectionId, c -> {
                Map<UUID, String> m = new HashMap<>();
                try {
                    if (company) {
                        snapshot.companies(tenantId, c).forEach(x -> m.put(x.id(), x.name()));
                    } else {
                        for (PsaProduct p : snapshot.products(tenantId, c)) {
                            m.put(p.id(), p.name());
                        }
                    }
                } catch (RuntimeException e) {
                    log.debug("PSA names of connection {} not resolvable: {}", c, e.toString());
                }
                return m;
            });
            return byId.getOrDefault(
                    id,
                    company ? "Company no longer in the PSA snapshot" : "Product no longer in the " + "PSA snapshot");
        }
    }
}
