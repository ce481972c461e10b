package com.trueup.writeback;

import com.trueup.psa.PsaContractLine;
import com.trueup.psa.PsaProduct;
import com.trueup.psa.PsaSnapshot;
import com.trueup.shared.ConflictException;
import com.trueup.shared.CurrentUser;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.NotFoundException;
import com.trueup.shared.PageResult;
import com.trueup.shared.Role;
import com.trueup.shared.TenantTimeZones;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
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

/** The write-backs page: status of every delivery, reasons of failures and conflicts, retry. */
@Controller
class WriteBackPageController {

    private static final Logger log = LoggerFactory.getLogger(WriteBackPageController.class);
    private static final int PAGE_SIZE = 50;

    private final Outbox outbox;
    private final PsaSnapshot snapshot;
    private final TenantTimeZones zones;

    WriteBackPageController(Outbox outbox, PsaSnapshot snapshot, TenantTimeZones zones) {
        this.outbox = outbox;
        this.snapshot = snapshot;
        this.zones = zones;
    }

    @GetMapping("/write-backs")
    String page(@AuthenticationPrincipal CurrentUser user, @RequestParam(required = false) String status,
            @RequestParam(defaultValue = "0") int page, Model model) {
        fill(user, status, page, model);
        return "writeback/index";
    }

    /** The table alone, for the page's htmx refresh while deliveries are under way. */
    @GetMapping("/write-backs/table")
    String table(@AuthenticationPrincipal CurrentUser user, @RequestParam(required = false) String status,
            @RequestParam(defaultValue = "0") int page, Model model) {
        fill(user, status, page, model);
        return "writeback/table :: table";
    }

    @PostMapping("/write-backs/{id}/retry")
    @PreAuthorize("hasRole('APPROVER')")
    String retry(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
            @RequestParam(required = false) String status, RedirectAttributes redirect) {
        try {
            outbox.retry(user.tenantId(), id, user.email());
            redirect.addFlashAttribute("flash", "Queued again: TrueUp re-reads the PSA line and writes it shortly.");
        } catch (ConflictException | NotFoundException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        if (status != null && !status.isBlank()) {
            redirect.addAttribute("status", status);
        }
        return "redirect:/write-backs";
    }

    private void fill(CurrentUser user, String status, int page, Model model) {
        Set<WriteBackStatus> statuses;
        String filter = status == null ? "" : status.trim();
        try {
            statuses = WriteBackApiController.statuses(filter);
        } catch (InvalidInputException e) {
            statuses = Set.of();
            filter = "";
        }
        PageResult<WriteBack> result = outbox.list(user.tenantId(), statuses, Math.max(page, 0), PAGE_SIZE);
        Names names = new Names(user.tenantId());
        ZoneId zone = zones.zoneOf(user.tenantId());
        model.addAttribute("writeBacks", result.map(names::row));
        model.addAttribute("status", filter);
        model.addAttribute("statuses", WriteBackStatus.values());
        model.addAttribute("zone", zone);
        model.addAttribute("canRetry", user.can(Role.APPROVER));
        model.addAttribute("active", outbox.countActive(user.tenantId()) > 0);
    }

    /** A write-back with what a person recognises: company, product and PSA line (public methods: for templates). */
    /** {@code appliesFrom}: for a PSA that takes no effective date, when the change applies instead (else null). */
    record Row(WriteBack w, String company, String product, String psaLine, String pill, String appliesFrom) {

        public boolean retryable() {
            return w.status() == WriteBackStatus.FAILED;
        }

        public boolean conflict() {
            return w.status() == WriteBackStatus.CONFLICT;
        }
    }

    /** Resolves snapshot names once per connection for one page. */
    private final class Names {

        private final UUID tenantId;
        private final Map<UUID, Map<UUID, String>> companies = new HashMap<>();
        private final Map<UUID, Map<UUID, String>> products = new HashMap<>();
        private final Map<UUID, java.util.Optional<com.trueup.psa.PsaConnectionInfo.Writes>> connections = new HashMap<>();

        Names(UUID tenantId) {
            this.tenantId = tenantId;
        }

        Row row(WriteBack w) {
            UUID company = w.psaCompanyId();
            UUID product = w.psaProductId();
            String psaLine = null;
            java.time.LocalDate nextInvoice = null;
            if (w.psaLineId() != null) {
                try {
                    PsaContractLine line = snapshot.line(tenantId, w.psaLineId()).orElse(null);
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
            return new Row(w, name(companies, w.connectionId(), company, true),
                    name(products, w.connectionId(), product, false), psaLine, pill(w.status()),
                    appliesFrom(w.connectionId(), nextInvoice));
        }

        /** "applies from the schedule's next run (2024-06-01)" for a PSA that takes no effective date. */
        private String appliesFrom(UUID connectionId, java.time.LocalDate nextInvoice) {
            var writes = connections.computeIfAbsent(connectionId, c -> snapshot.connection(tenantId, c)
                    .map(com.trueup.psa.PsaConnectionInfo::writes));
            if (writes.isEmpty() || writes.get().honoursEffectiveDate()) {
                return null;
            }
            return "applies from " + writes.get().effectiveDateNote() + (nextInvoice == null ? "" : " (" + nextInvoice + ")");
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
            return byId.getOrDefault(id, company ? "Company no longer in the PSA snapshot" : "Product no longer in the "
                    + "PSA snapshot");
        }
    }

    static String pill(WriteBackStatus status) {
        return switch (status) {
            case WRITTEN -> "ok";
            case FAILED -> "bad";
            case CONFLICT -> "warn";
            case WRITING -> "info";
            case QUEUED -> "neutral";
        };
    }
}
