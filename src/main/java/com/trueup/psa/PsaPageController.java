package com.trueup.psa;

import com.trueup.psa.connector.ConnectorDescriptor;
import com.trueup.psa.connector.ConnectorPage;
import com.trueup.psa.store.StoredConnection;
import com.trueup.shared.ConflictException;
import com.trueup.shared.CurrentUser;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.PageResult;
import com.trueup.shared.Role;
import jakarta.validation.Valid;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The PSA pages: connections, the connect form per PSA type, a connection's settings, sync runs and snapshot browser.
 * Credential inputs are write-only: pages show which fields are set, never a value.
 */
@Controller
class PsaPageController {

    /** Form inputs holding credentials are named {@code cred.<field>}, connector settings {@code setting.<name>}. */
    private static final String CREDENTIAL_PREFIX = "cred.";

    private static final String SETTING_PREFIX = "setting.";
    private static final int SNAPSHOT_PAGE_SIZE = 50;

    private final PsaConnections connections;
    private final ConnectionTests tests;
    private final PsaSync sync;
    private final SnapshotStore store;
    private final Connectors connectors;
    private final List<ConnectorPage> connectorPages;

    PsaPageController(
            PsaConnections connections,
            ConnectionTests tests,
            PsaSync sync,
            SnapshotStore store,
            Connectors connectors,
            List<ConnectorPage> connectorPages) {
        this.connections = connections;
        this.tests = tests;
        this.sync = sync;
        this.store = store;
        this.connectors = connectors;
        this.connectorPages = connectorPages;
    }

    @GetMapping("/psa")
    String index(@AuthenticationPrincipal CurrentUser user, Model model) {
        var list = connections.list(user.tenantId()).stream().map(this::view).toList();
        model.addAttribute("connections", list);
        model.addAttribute(
                "types",
                connectors.descriptors().stream().map(PsaViews.TypeView::of).toList());
        model.addAttribute("canAdd", list.size() < PsaConnections.MAX_CONNECTIONS);
        model.addAttribute("isAdmin", user.can(Role.ADMIN));
        return "psa/index";
    }

    @GetMapping("/psa/new")
    @PreAuthorize("hasRole('ADMIN')")
    String newConnection(@RequestParam String type, Model model, RedirectAttributes redirect) {
        var descriptor = connectors.descriptor(type);
        if (descriptor.isEmpty()) {
            redirect.addFlashAttribute(
                    "error", "This TrueUp installation has no connector for PSA type '" + type + "'.");
            return "redirect:/psa";
        }
        return form(model, descriptor.get(), null, null);
    }

    private String form(Model model, ConnectorDescriptor type, String name, String baseUrl) {
        model.addAttribute("type", PsaViews.TypeView.of(type));
        model.addAttribute("name", name == null ? type.label() : name);
        model.addAttribute("baseUrl", baseUrl);
        return "psa/new";
    }

    @PostMapping("/psa/connections")
    @PreAuthorize("hasRole('ADMIN')")
    String create(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam Map<String, String> form,
            Model model,
            RedirectAttributes redirect) {
        String type = form.getOrDefault("type", "");
        try {
            var created = connections.create(
                    user.tenantId(),
                    new PsaConnections.NewConnection(
                            type, form.get("name"), form.get("baseUrl"), credentials(form), connectorSettings(form)),
                    user.email());
            var descriptor = connectors.descriptor(created.type());
            String next = connectorPages.stream()
                    .filter(p -> descriptor.map(p::appliesTo).orElse(false))
                    .map(p -> p.nextStep(descriptor.get()))
                    .filter(java.util.Objects::nonNull)
                    .findFirst()
                    .orElse("Press Sync now to read its clients, catalog and contracts.");
            redirect.addFlashAttribute("flash", "Connection saved. " + next);
            return "redirect:/psa/connections/" + created.id();
        } catch (InvalidInputException | ConflictException e) {
            model.addAttribute("error", e.getMessage());
            var descriptor = connectors.descriptor(type);
            if (descriptor.isEmpty()) {
                redirect.addFlashAttribute("error", e.getMessage());
                return "redirect:/psa";
            }
            return form(model, descriptor.get(), form.get("name"), form.get("baseUrl"));
        }
    }

    /** The connect form's "Test connection" (htmx): tests what was typed without saving it. */
    @PostMapping("/psa/connections/test")
    @PreAuthorize("hasRole('ADMIN')")
    String testUnsaved(@AuthenticationPrincipal CurrentUser user, @RequestParam Map<String, String> form, Model model) {
        ConnectionTests.TestResult result;
        try {
            result = tests.testUnsaved(
                    user.tenantId(), form.get("type"), form.get("baseUrl"), credentials(form), user.email());
        } catch (InvalidInputException e) {
            result = new ConnectionTests.TestResult(false, e.getMessage());
        }
        model.addAttribute("result", result);
        return "psa/fragments :: testResult";
    }

    @GetMapping("/psa/connections/{id}")
    String detail(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, Model model) {
        var connection = connections.get(user.tenantId(), id);
        var type = connectors.descriptor(connection.type());
        model.addAttribute("connection", view(connection));
        model.addAttribute("type", type.map(PsaViews.TypeView::of).orElse(null));
        model.addAttribute(
                "credentialFields",
                type.map(t -> PsaViews.credentialFields(t, connection.credentialNames()))
                        .orElse(List.of()));
        model.addAttribute(
                "settings",
                type.map(t -> PsaViews.settings(t, connection.settings())).orElse(List.of()));
        model.addAttribute(
                "ignoredSettings",
                type.map(t -> PsaViews.ignoredSettings(t, connection.settings()))
                        .orElse(List.of()));
        model.addAttribute(
                "runs",
                sync.runs(user.tenantId(), id, 20).stream()
                        .map(PsaViews.SyncRunView::of)
                        .toList());
        model.addAttribute("syncActive", connection.activeSyncRunId() != null);
        model.addAttribute(
                "pages",
                connectorPages.stream()
                        .filter(p -> type.map(p::appliesTo).orElse(false))
                        .map(p -> Map.of("label", p.label(), "href", p.href(id)))
                        .toList());
        model.addAttribute("supported", type.isPresent());
        model.addAttribute("isAdmin", user.can(Role.ADMIN));
        return "psa/detail";
    }

    /** The sync runs panel; polled by the page while a run is queued or running. */
    @GetMapping("/psa/connections/{id}/runs")
    String runs(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, Model model) {
        var connection = connections.get(user.tenantId(), id);
        model.addAttribute("connection", view(connection));
        model.addAttribute(
                "runs",
                sync.runs(user.tenantId(), id, 20).stream()
                        .map(PsaViews.SyncRunView::of)
                        .toList());
        model.addAttribute("syncActive", connection.activeSyncRunId() != null);
        return "psa/fragments :: runs";
    }

    @PostMapping("/psa/connections/{id}")
    @PreAuthorize("hasRole('ADMIN')")
    String update(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestParam Map<String, String> form,
            RedirectAttributes redirect) {
        return act(
                redirect,
                id,
                "Connection saved.",
                () -> connections.update(
                        user.tenantId(),
                        id,
                        new PsaConnections.ConnectionChange(
                                form.get("name"), form.getOrDefault("baseUrl", ""), credentials(form), null, null),
                        user.email()));
    }

    @PostMapping("/psa/connections/{id}/settings")
    @PreAuthorize("hasRole('ADMIN')")
    String settings(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestParam String roundingMode,
            @RequestParam String defaultEffectiveDate,
            @RequestParam Map<String, String> form,
            RedirectAttributes redirect) {
        return act(redirect, id, "Settings saved.", () -> {
            Map<String, String> settings = connectorSettings(form);
            settings.put(ConnectionSettings.ROUNDING_MODE, roundingMode);
            settings.put(ConnectionSettings.DEFAULT_EFFECTIVE_DATE, defaultEffectiveDate);
            connections.update(
                    user.tenantId(),
                    id,
                    new PsaConnections.ConnectionChange(null, null, null, settings, null),
                    user.email());
        });
    }

    @PostMapping("/psa/connections/{id}/test")
    @PreAuthorize("hasRole('ADMIN')")
    String test(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, RedirectAttributes redirect) {
        var result = tests.test(user.tenantId(), id, user.email());
        redirect.addFlashAttribute(
                result.ok() ? "flash" : "error",
                (result.ok() ? "Connection works: " : "Connection test failed: ") + result.message());
        return "redirect:/psa/connections/" + id;
    }

    @PostMapping("/psa/connections/{id}/sync")
    @PreAuthorize("hasRole('ADMIN')")
    String requestSync(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, RedirectAttributes redirect) {
        return act(
                redirect,
                id,
                "Sync started. This page shows its progress.",
                () -> sync.request(user.tenantId(), id, user.email()));
    }

    @PostMapping("/psa/connections/{id}/primary")
    @PreAuthorize("hasRole('ADMIN')")
    String makePrimary(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, RedirectAttributes redirect) {
        return act(
                redirect,
                id,
                "This is now the primary connection: reconciliation and write-backs use it.",
                () -> connections.update(
                        user.tenantId(),
                        id,
                        new PsaConnections.ConnectionChange(null, null, null, null, true),
                        user.email()));
    }

    @PostMapping("/psa/connections/{id}/delete")
    @PreAuthorize("hasRole('ADMIN')")
    String delete(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, RedirectAttributes redirect) {
        connections.delete(user.tenantId(), id, user.email());
        redirect.addFlashAttribute("flash", "Connection deleted with its snapshot. Nothing was changed in the PSA.");
        return "redirect:/psa";
    }

    @GetMapping("/psa/connections/{id}/snapshot")
    String snapshot(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @Valid SnapshotParams params,
            Model model) {
        var connection = connections.get(user.tenantId(), id);
        String current = params.tabOrContracts();
        String q = params.q();
        int p = params.pageNumber();
        PageResult<?> result = switch (current) {
            case "companies" -> store.browseCompanies(user.tenantId(), id, q, p, SNAPSHOT_PAGE_SIZE);
            case "products" -> store.browseProducts(user.tenantId(), id, q, p, SNAPSHOT_PAGE_SIZE);
            default -> store.browseContracts(user.tenantId(), id, q, null, p, SNAPSHOT_PAGE_SIZE);
        };
        model.addAttribute("connection", view(connection));
        model.addAttribute("tab", current);
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("result", result);
        return "psa/snapshot";
    }

    private String act(RedirectAttributes redirect, UUID id, String success, Runnable action) {
        try {
            action.run();
            redirect.addFlashAttribute("flash", success);
        } catch (InvalidInputException | ConflictException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/psa/connections/" + id;
    }

    private PsaViews.ConnectionView view(StoredConnection c) {
        return PsaViews.ConnectionView.of(
                c,
                connectors.descriptor(c.type()),
                sync.latest(c.tenantId(), c.id()).orElse(null));
    }

    /** The credential inputs that were filled in; blank ones keep what is saved. */
    private static Map<String, String> credentials(Map<String, String> form) {
        Map<String, String> credentials = new LinkedHashMap<>();
        form.forEach((key, value) -> {
            if (key.startsWith(CREDENTIAL_PREFIX) && value != null && !value.isBlank()) {
                credentials.put(key.substring(CREDENTIAL_PREFIX.length()), value);
            }
        });
        return credentials;
    }

    /** The connector settings of a form ({@code setting.<name>} inputs); blank ones reset to the default. */
    private static Map<String, String> connectorSettings(Map<String, String> form) {
        Map<String, String> settings = new LinkedHashMap<>();
        form.forEach((key, value) -> {
            if (key.startsWith(SETTING_PREFIX)) {
                settings.put(key.substring(SETTING_PREFIX.length()), value);
            }
        });
        return settings;
    }
}
