package com.trueup.mapping.web;

import com.trueup.integration.VendorIntegration;
import com.trueup.mapping.rules.AccountMappingChanges;
import com.trueup.mapping.rules.ConcurrentChange;
import com.trueup.mapping.rules.MappableItems;
import com.trueup.mapping.rules.MappingBoard;
import com.trueup.mapping.rules.MappingBoards;
import com.trueup.mapping.rules.MappingCounts;
import com.trueup.mapping.rules.MappingFinish;
import com.trueup.mapping.rules.ServiceMappingChanges;
import com.trueup.shared.ConflictException;
import com.trueup.shared.CurrentUser;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.NotFoundException;
import com.trueup.shared.Role;
import com.trueup.shared.web.SyncIndicator;
import jakarta.validation.Valid;
import java.util.List;
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

/**
 * The mapping page: one vendor integration at a time, step 1 accounts, step 2 services. Actions come from htmx
 * (drag and drop, buttons, the picker) and answer with the re-rendered board; without JavaScript the same forms
 * post normally and redirect back with a flash message.
 */
@Controller
class MappingPageController {

    static final String ACCOUNTS = "accounts";
    static final String SERVICES = "services";

    private final MappableItems items;
    private final MappingBoards boards;
    private final AccountMappingChanges accounts;
    private final ServiceMappingChanges services;
    private final MappingFinish finishing;
    private final MappingCounts counts;

    MappingPageController(
            MappableItems items,
            MappingBoards boards,
            AccountMappingChanges accounts,
            ServiceMappingChanges services,
            MappingFinish finishing,
            MappingCounts counts) {
        this.items = items;
        this.boards = boards;
        this.accounts = accounts;
        this.services = services;
        this.finishing = finishing;
        this.counts = counts;
    }

    @GetMapping("/mapping")
    String index(@AuthenticationPrincipal CurrentUser user, @Valid MappingParams params, Model model) {
        UUID integration = params.integration();
        List<VendorIntegration> integrations = items.integrations(user.tenantId());
        model.addAttribute("integrations", integrations);
        model.addAttribute("isAdmin", user.can(Role.ADMIN));
        if (integrations.isEmpty()) {
            return "mapping/index";
        }
        VendorIntegration selected = integration == null
                ? integrations.get(0)
                : integrations.stream()
                        .filter(i -> i.id().equals(integration))
                        .findFirst()
                        .orElseThrow(() -> NotFoundException.of("Vendor integration", integration));
        String currentStep = params.stepOrAccounts();
        model.addAttribute("selected", selected);
        model.addAttribute("step", currentStep);
        model.addAttribute("indicator", indicator(finishing.syncRunning(user.tenantId()), false));
        addBoard(user, selected.id(), currentStep, model);
        return "mapping/index";
    }

    @GetMapping("/mapping/{integrationId}/{step:accounts|services}/board")
    String board(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID integrationId,
            @PathVariable String step,
            Model model) {
        addBoard(user, integrationId, step, model);
        return "mapping/board :: board";
    }

    @GetMapping("/mapping/{integrationId}/{step:accounts|services}/{itemId}/picker")
    String picker(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID integrationId,
            @PathVariable String step,
            @PathVariable UUID itemId,
            Model model) {
        MappingBoard<?> board = addBoard(user, integrationId, step, model);
        Object row = board.rows().stream()
                .filter(r -> r instanceof MappingBoard.AccountRow a
                        ? a.account().id().equals(itemId)
                        : ((MappingBoard.ServiceRow) r).service().id().equals(itemId))
                .findFirst()
                .orElseThrow(() ->
                        NotFoundException.of(ACCOUNTS.equals(step) ? "Vendor account" : "Vendor service", itemId));
        model.addAttribute("row", row);
        return "mapping/board :: picker";
    }

    // ---- account actions

    @PostMapping("/mapping/{integrationId}/accounts/{accountId}/map")
    @PreAuthorize("hasRole('ADMIN')")
    String mapAccount(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID integrationId,
            @PathVariable UUID accountId,
            @RequestParam(required = false) UUID psaCompanyId,
            @RequestHeader(value = "HX-Request", required = false) String htmx,
            Model model,
            RedirectAttributes redirect) {
        return act(
                user,
                integrationId,
                ACCOUNTS,
                htmx,
                model,
                redirect,
                "Account mapped.",
                () -> accounts.mapAccount(user.tenantId(), user.email(), integrationId, accountId, psaCompanyId));
    }

    @PostMapping("/mapping/{integrationId}/accounts/{accountId}/exclude")
    @PreAuthorize("hasRole('ADMIN')")
    String excludeAccount(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID integrationId,
            @PathVariable UUID accountId,
            @RequestHeader(value = "HX-Request", required = false) String htmx,
            Model model,
            RedirectAttributes redirect) {
        return act(
                user,
                integrationId,
                ACCOUNTS,
                htmx,
                model,
                redirect,
                "Account excluded: it will not be billed.",
                () -> accounts.excludeAccount(user.tenantId(), user.email(), integrationId, accountId));
    }

    @PostMapping("/mapping/{integrationId}/accounts/{accountId}/unmap")
    @PreAuthorize("hasRole('ADMIN')")
    String unmapAccount(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID integrationId,
            @PathVariable UUID accountId,
            @RequestHeader(value = "HX-Request", required = false) String htmx,
            Model model,
            RedirectAttributes redirect) {
        return act(
                user,
                integrationId,
                ACCOUNTS,
                htmx,
                model,
                redirect,
                "Account is unmapped now.",
                () -> accounts.unmapAccount(user.tenantId(), user.email(), integrationId, accountId));
    }

    // ---- service actions

    @PostMapping("/mapping/{integrationId}/services/{serviceId}/map")
    @PreAuthorize("hasRole('ADMIN')")
    String mapService(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID integrationId,
            @PathVariable UUID serviceId,
            @RequestParam(required = false) List<UUID> psaProductIds,
            @RequestHeader(value = "HX-Request", required = false) String htmx,
            Model model,
            RedirectAttributes redirect) {
        return act(
                user,
                integrationId,
                SERVICES,
                htmx,
                model,
                redirect,
                "Service mapped.",
                () -> services.mapService(user.tenantId(), user.email(), integrationId, serviceId, psaProductIds));
    }

    @PostMapping("/mapping/{integrationId}/services/{serviceId}/add")
    @PreAuthorize("hasRole('ADMIN')")
    String addProduct(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID integrationId,
            @PathVariable UUID serviceId,
            @RequestParam(required = false) UUID psaProductId,
            @RequestHeader(value = "HX-Request", required = false) String htmx,
            Model model,
            RedirectAttributes redirect) {
        return act(user, integrationId, SERVICES, htmx, model, redirect, "Product added to the service.", () -> {
            if (psaProductId == null) {
                throw new InvalidInputException("psaProductId", "Choose a PSA product.");
            }
            services.addServiceProduct(user.tenantId(), user.email(), integrationId, serviceId, psaProductId);
        });
    }

    @PostMapping("/mapping/{integrationId}/services/{serviceId}/remove")
    @PreAuthorize("hasRole('ADMIN')")
    String removeProduct(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID integrationId,
            @PathVariable UUID serviceId,
            @RequestParam UUID psaProductId,
            @RequestHeader(value = "HX-Request", required = false) String htmx,
            Model model,
            RedirectAttributes redirect) {
        return act(
                user,
                integrationId,
                SERVICES,
                htmx,
                model,
                redirect,
                "Product removed from the service.",
                () -> services.removeServiceProduct(
                        user.tenantId(), user.email(), integrationId, serviceId, psaProductId));
    }

    @PostMapping("/mapping/{integrationId}/services/{serviceId}/exclude")
    @PreAuthorize("hasRole('ADMIN')")
    String excludeService(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID integrationId,
            @PathVariable UUID serviceId,
            @RequestHeader(value = "HX-Request", required = false) String htmx,
            Model model,
            RedirectAttributes redirect) {
        return act(
                user,
                integrationId,
                SERVICES,
                htmx,
                model,
                redirect,
                "Service excluded: it will not be billed.",
                () -> services.excludeService(user.tenantId(), user.email(), integrationId, serviceId));
    }

    @PostMapping("/mapping/{integrationId}/services/{serviceId}/unmap")
    @PreAuthorize("hasRole('ADMIN')")
    String unmapService(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID integrationId,
            @PathVariable UUID serviceId,
            @RequestHeader(value = "HX-Request", required = false) String htmx,
            Model model,
            RedirectAttributes redirect) {
        return act(
                user,
                integrationId,
                SERVICES,
                htmx,
                model,
                redirect,
                "Service is unmapped now.",
                () -> services.unmapService(user.tenantId(), user.email(), integrationId, serviceId));
    }

    // ---- finish and sync status

    @PostMapping("/mapping/{integrationId}/finish")
    @PreAuthorize("hasRole('ADMIN')")
    String finish(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID integrationId,
            @RequestHeader(value = "HX-Request", required = false) String htmx,
            Model model,
            RedirectAttributes redirect) {
        String message;
        String error = null;
        try {
            finishing.finish(user.tenantId(), user.email(), integrationId);
            message =
                    "Mapping finished. A sync with your PSA has started; the reconciliation is rebuilt when it completes.";
        } catch (ConflictException | InvalidInputException e) {
            message = null;
            error = e.getMessage();
        }
        if (htmx == null) {
            redirect.addFlashAttribute(error == null ? "flash" : "error", error == null ? message : error);
            return "redirect:/mapping?integration=" + integrationId + "&step=services";
        }
        model.addAttribute("finishMessage", message);
        model.addAttribute("finishError", error);
        model.addAttribute(
                "indicator",
                indicator(finishing.syncRunning(user.tenantId()), true).swappedOutOfBand());
        return "mapping/board :: finishResult";
    }

    /**
     * A small sync indicator, polled while a sync runs: {@code was=running} tells it the page saw a sync running, so
     * a completed sync lights up the Refresh control.
     */
    @GetMapping("/mapping/sync-indicator")
    String syncIndicator(
            @AuthenticationPrincipal CurrentUser user, @RequestParam(required = false) String was, Model model) {
        model.addAttribute("indicator", indicator(finishing.syncRunning(user.tenantId()), "running".equals(was)));
        return "fragments :: syncIndicator";
    }

    /** Spins (and polls) while a PSA sync runs; lights up Refresh once the sync the page saw running has completed. */
    private static SyncIndicator indicator(boolean running, boolean wasRunning) {
        if (running) {
            return SyncIndicator.running("Syncing with your PSA…", "/mapping/sync-indicator?was=running");
        }
        return wasRunning
                ? SyncIndicator.done("Sync complete: new data is ready.")
                : SyncIndicator.idle("No sync running.", null, null);
    }

    // ---- helpers

    private MappingBoard<?> addBoard(CurrentUser user, UUID integrationId, String step, Model model) {
        model.addAttribute("isAdmin", user.can(Role.ADMIN));
        model.addAttribute("unmappedTotal", counts.unmappedCount(user.tenantId()));
        model.addAttribute("step", step);
        if (ACCOUNTS.equals(step)) {
            var board = boards.accountBoard(user.tenantId(), integrationId, true);
            model.addAttribute("board", board);
            model.addAttribute("accountCounts", board.counts());
            model.addAttribute(
                    "serviceCounts",
                    boards.serviceBoard(user.tenantId(), integrationId, false).counts());
            return board;
        } else {
            var board = boards.serviceBoard(user.tenantId(), integrationId, true);
            model.addAttribute("board", board);
            model.addAttribute(
                    "accountCounts",
                    boards.accountBoard(user.tenantId(), integrationId, false).counts());
            model.addAttribute("serviceCounts", board.counts());
            return board;
        }
    }

    private String act(
            CurrentUser user,
            UUID integrationId,
            String step,
            String htmx,
            Model model,
            RedirectAttributes redirect,
            String success,
            Runnable action) {
        String error = null;
        try {
            ConcurrentChange.retryingOnce(action);
        } catch (InvalidInputException | ConflictException e) {
            error = e.getMessage();
        }
        if (htmx == null) {
            redirect.addFlashAttribute(error == null ? "flash" : "error", error == null ? success : error);
            return "redirect:/mapping?integration=" + integrationId + "&step=" + step;
        }
        model.addAttribute(error == null ? "boardMessage" : "boardError", error == null ? success : error);
        addBoard(user, integrationId, step, model);
        return "mapping/board :: board";
    }
}
