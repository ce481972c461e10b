package com.trueup.psa.sandbox;

import com.trueup.psa.connector.ConnectorPage;
import com.trueup.shared.ConflictException;
import com.trueup.shared.CurrentUser;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.NotFoundException;
import com.trueup.shared.Role;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The Sandbox PSA's own pages: what a PSA's UI would show, editable, plus the history of every line. */
@Controller
@RequestMapping("/psa/sandbox/{id}")
class SandboxPageController {

    private final Sandboxes sandboxes;
    private final SandboxStore store;

    SandboxPageController(Sandboxes sandboxes, SandboxStore store) {
        this.sandboxes = sandboxes;
        this.store = store;
    }

    /** Links a sandbox connection's page to this editor. */
    @Component
    static class EditorLink implements ConnectorPage {

        @Override
        public String type() {
            return SandboxConnector.TYPE;
        }

        @Override
        public String label() {
            return "Open the Sandbox PSA";
        }

        @Override
        public String href(UUID connectionId) {
            return "/psa/sandbox/" + connectionId;
        }

        @Override
        public String nextStep(com.trueup.psa.connector.ConnectorDescriptor descriptor) {
            return "Next: open the Sandbox PSA and load its demo data (that starts a sync), "
                    + "or add your own companies there and press Sync now.";
        }
    }

    @GetMapping
    String overview(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, Model model) {
        var connection = sandboxes.require(user.tenantId(), id);
        model.addAttribute("connection", connection);
        model.addAttribute("counts", store.counts(user.tenantId(), id));
        model.addAttribute("companies", store.companies(user.tenantId(), id));
        model.addAttribute("products", store.products(user.tenantId(), id));
        model.addAttribute("changes", store.changes(user.tenantId(), id, null, 15));
        model.addAttribute(
                "companyStatuses",
                SandboxStore.COMPANY_STATUSES.stream().sorted().toList());
        model.addAttribute("isAdmin", user.can(Role.ADMIN));
        return "psa/sandbox/overview";
    }

    @GetMapping("/contracts")
    String contracts(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestParam(required = false) String q,
            Model model) {
        var connection = sandboxes.require(user.tenantId(), id);
        model.addAttribute("connection", connection);
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("contracts", store.contracts(user.tenantId(), id, q));
        model.addAttribute("companies", store.companies(user.tenantId(), id));
        model.addAttribute("products", store.products(user.tenantId(), id));
        model.addAttribute(
                "contractTypes", SandboxStore.CONTRACT_TYPES.stream().sorted().toList());
        model.addAttribute(
                "contractStatuses",
                SandboxStore.CONTRACT_STATUSES.stream().sorted().toList());
        model.addAttribute("today", sandboxes.today(user.tenantId()));
        model.addAttribute("isAdmin", user.can(Role.ADMIN));
        return "psa/sandbox/contracts";
    }

    @GetMapping("/lines/{lineId}")
    String line(
            @AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, @PathVariable UUID lineId, Model model) {
        var connection = sandboxes.require(user.tenantId(), id);
        var line = store.line(user.tenantId(), id, lineId)
                .orElseThrow(() -> NotFoundException.of("Sandbox contract line", lineId));
        model.addAttribute("connection", connection);
        model.addAttribute("line", line);
        model.addAttribute(
                "contract",
                store.contract(user.tenantId(), id, line.contractId()).orElseThrow());
        model.addAttribute("changes", store.changes(user.tenantId(), id, lineId, 500));
        model.addAttribute("isAdmin", user.can(Role.ADMIN));
        return "psa/sandbox/line";
    }

    @PostMapping("/demo-data")
    @PreAuthorize("hasRole('ADMIN')")
    String demoData(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, RedirectAttributes redirect) {
        return act(
                redirect,
                "/psa/sandbox/" + id,
                "Demo data loaded and a sync started (the connection page shows it). "
                        + "Next: map your vendor's accounts and services under Mapping.",
                () -> sandboxes.loadDemoData(user.tenantId(), id, user.email()));
    }

    @PostMapping("/reset")
    @PreAuthorize("hasRole('ADMIN')")
    String reset(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, RedirectAttributes redirect) {
        return act(
                redirect,
                "/psa/sandbox/" + id,
                "The Sandbox PSA is empty now. Sync the connection to empty its snapshot.",
                () -> sandboxes.reset(user.tenantId(), id, user.email()));
    }

    @PostMapping("/companies")
    @PreAuthorize("hasRole('ADMIN')")
    String addCompany(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestParam String name,
            @RequestParam(defaultValue = "active") String status,
            RedirectAttributes redirect) {
        return act(
                redirect,
                "/psa/sandbox/" + id,
                "Company added.",
                () -> sandboxes.addCompany(user.tenantId(), id, name, status, user.email()));
    }

    @PostMapping("/companies/{companyId}")
    @PreAuthorize("hasRole('ADMIN')")
    String updateCompany(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @PathVariable UUID companyId,
            @RequestParam(required = false) String name,
            @RequestParam(required = false) String status,
            RedirectAttributes redirect) {
        return act(
                redirect,
                "/psa/sandbox/" + id,
                "Company saved.",
                () -> sandboxes.updateCompany(user.tenantId(), id, companyId, name, status, user.email()));
    }

    @PostMapping("/products")
    @PreAuthorize("hasRole('ADMIN')")
    String addProduct(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestParam String identifier,
            @RequestParam String name,
            @RequestParam String price,
            @RequestParam String cost,
            RedirectAttributes redirect) {
        return act(
                redirect,
                "/psa/sandbox/" + id,
                "Product added.",
                () -> sandboxes.addProduct(
                        user.tenantId(),
                        id,
                        identifier,
                        name,
                        decimal(price, "price"),
                        decimal(cost, "cost"),
                        user.email()));
    }

    @PostMapping("/products/{productId}")
    @PreAuthorize("hasRole('ADMIN')")
    String updateProduct(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @PathVariable UUID productId,
            @RequestParam(required = false) String identifier,
            @RequestParam(required = false) String name,
            @RequestParam(required = false) String price,
            @RequestParam(required = false) String cost,
            RedirectAttributes redirect) {
        return act(
                redirect,
                "/psa/sandbox/" + id,
                "Product saved.",
                () -> sandboxes.updateProduct(
                        user.tenantId(),
                        id,
                        productId,
                        identifier,
                        name,
                        decimal(price, "price"),
                        decimal(cost, "cost"),
                        user.email()));
    }

    @PostMapping("/contracts")
    @PreAuthorize("hasRole('ADMIN')")
    String addContract(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestParam(required = false) UUID companyId,
            @RequestParam String name,
            @RequestParam(defaultValue = "recurring") String type,
            @RequestParam(defaultValue = "active") String status,
            RedirectAttributes redirect) {
        return act(
                redirect,
                "/psa/sandbox/" + id + "/contracts",
                "Contract added.",
                () -> sandboxes.addContract(user.tenantId(), id, companyId, name, type, status, user.email()));
    }

    @PostMapping("/contracts/{contractId}")
    @PreAuthorize("hasRole('ADMIN')")
    String updateContract(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @PathVariable UUID contractId,
            @RequestParam(required = false) String name,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String status,
            RedirectAttributes redirect) {
        return act(
                redirect,
                "/psa/sandbox/" + id + "/contracts",
                "Contract saved.",
                () -> sandboxes.updateContract(user.tenantId(), id, contractId, name, type, status, user.email()));
    }

    @PostMapping("/contracts/{contractId}/lines")
    @PreAuthorize("hasRole('ADMIN')")
    String addLine(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @PathVariable UUID contractId,
            @RequestParam(required = false) UUID productId,
            @RequestParam String quantity,
            @RequestParam(required = false) String effectiveDate,
            RedirectAttributes redirect) {
        return act(
                redirect,
                "/psa/sandbox/" + id + "/contracts",
                "Line added.",
                () -> sandboxes.addLine(
                        user.tenantId(),
                        id,
                        contractId,
                        productId,
                        decimal(quantity, "quantity"),
                        null,
                        null,
                        date(effectiveDate),
                        user.email()));
    }

    @PostMapping("/lines/{lineId}")
    @PreAuthorize("hasRole('ADMIN')")
    String updateLine(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @PathVariable UUID lineId,
            @RequestParam(required = false) String quantity,
            @RequestParam(required = false) String price,
            @RequestParam(required = false) String cost,
            @RequestParam(required = false) String effectiveDate,
            @RequestParam(required = false) Boolean cancelled,
            @RequestParam(defaultValue = "contracts") String back,
            RedirectAttributes redirect) {
        String target =
                "line".equals(back) ? "/psa/sandbox/" + id + "/lines/" + lineId : "/psa/sandbox/" + id + "/contracts";
        return act(
                redirect,
                target,
                "Line saved.",
                () -> sandboxes.updateLine(
                        user.tenantId(),
                        id,
                        lineId,
                        decimal(quantity, "quantity"),
                        decimal(price, "price"),
                        decimal(cost, "cost"),
                        cancelled,
                        date(effectiveDate),
                        user.email()));
    }

    private static String act(RedirectAttributes redirect, String target, String success, Runnable action) {
        try {
            action.run();
            redirect.addFlashAttribute("flash", success);
        } catch (InvalidInputException | ConflictException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:" + target;
    }

    private static BigDecimal decimal(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, field + ": '" + value + "' is not a number");
        }
    }

    private static LocalDate date(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(
                    "effectiveDate", "effective date: '" + value + "' is not a date (YYYY-MM-DD)");
        }
    }
}
