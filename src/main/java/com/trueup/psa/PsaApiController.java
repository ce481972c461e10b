package com.trueup.psa;

import com.trueup.psa.PsaViews.ConnectionView;
import com.trueup.psa.PsaViews.SyncRunView;
import com.trueup.psa.PsaViews.TypeView;
import com.trueup.psa.store.StoredConnection;
import com.trueup.shared.CurrentUser;
import com.trueup.shared.NotFoundException;
import com.trueup.shared.PageResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** PSA connections, their sync runs and the snapshot, on the REST API. Admins change, everyone reads. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "PSA connections", description = "Connect the PSA, test it, sync its snapshot and browse it")
class PsaApiController {

    private final PsaConnections connections;
    private final ConnectionTests tests;
    private final PsaSync sync;
    private final SnapshotStore store;
    private final Connectors connectors;

    PsaApiController(
            PsaConnections connections,
            ConnectionTests tests,
            PsaSync sync,
            SnapshotStore store,
            Connectors connectors) {
        this.connections = connections;
        this.tests = tests;
        this.sync = sync;
        this.store = store;
        this.connectors = connectors;
    }

    record NewConnectionBody(
            String type, String name, String baseUrl, Map<String, String> credentials, Map<String, String> settings) {}

    record ConnectionChangeBody(
            String name,
            String baseUrl,
            Map<String, String> credentials,
            Map<String, String> settings,
            Boolean primary) {}

    record TestBody(String type, String baseUrl, Map<String, String> credentials) {}

    record SyncAccepted(UUID syncRunId) {}

    @GetMapping("/psa-types")
    @Operation(
            summary = "The PSA types of this installation, each as its connector describes it",
            description = "Per type: its base URL, credential fields, typed settings (kind, default, allowed values), "
                    + "how it authenticates, and its capabilities (what TrueUp reads from the PSA's API, whether it "
                    + "updates lines (ABSOLUTE or DELTA), creates lines, needs whole quantities, honours an effective "
                    + "date, the PSA's rate limits and limitations in words).")
    Map<String, List<TypeView>> types() {
        return Map.of(
                "items", connectors.descriptors().stream().map(TypeView::of).toList());
    }

    @PostMapping("/psa-connections")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(
            summary = "Connect a PSA (admins)",
            description = "type is one of GET /api/v1/psa-types; credentials and "
                    + "settings are the ones that type declares there (an unknown or invalid one is refused with 400 naming it). "
                    + "settings also take roundingMode NEAREST|UP and defaultEffectiveDate FIRST_OF_NEXT_MONTH|TODAY. "
                    + "Credentials are stored encrypted and never returned.")
    ResponseEntity<ConnectionView> create(
            @AuthenticationPrincipal CurrentUser user, @RequestBody NewConnectionBody body) {
        var created = connections.create(
                user.tenantId(),
                new PsaConnections.NewConnection(
                        body.type(), body.name(), body.baseUrl(), body.credentials(), body.settings()),
                user.email());
        return ResponseEntity.created(URI.create("/api/v1/psa-connections/" + created.id()))
                .body(view(created));
    }

    @GetMapping("/psa-connections")
    @Operation(summary = "The organisation's PSA connections (the primary one first)")
    Map<String, List<ConnectionView>> list(@AuthenticationPrincipal CurrentUser user) {
        return Map.of(
                "items",
                connections.list(user.tenantId()).stream().map(this::view).toList());
    }

    @GetMapping("/psa-connections/{id}")
    @Operation(summary = "One PSA connection; credentials show only which fields are set")
    ConnectionView get(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        return view(connections.get(user.tenantId(), id));
    }

    @PatchMapping("/psa-connections/{id}")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(
            summary = "Change name, baseUrl, settings, make primary, or replace credentials (admins)",
            description =
                    "credentials replaces the named fields only (an empty value removes an optional field); "
                            + "in settings a null value resets a connector setting to its default; an empty one empties a list.")
    ConnectionView update(
            @AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, @RequestBody ConnectionChangeBody body) {
        return view(connections.update(
                user.tenantId(),
                id,
                new PsaConnections.ConnectionChange(
                        body.name(), body.baseUrl(), body.credentials(), body.settings(), body.primary()),
                user.email()));
    }

    @DeleteMapping("/psa-connections/{id}")
    @PreAuthorize("hasRole('ADMIN')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            summary = "Delete a PSA connection with its snapshot and sync runs (admins); the PSA itself is not touched")
    void delete(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        connections.delete(user.tenantId(), id, user.email());
    }

    @PostMapping("/psa-connections/{id}/test")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(
            summary = "Call the PSA with the saved credentials (admins)",
            description = "A failure is an answer, not an error: {ok: false, message: <what the PSA said>}.")
    ConnectionTests.TestResult test(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        return tests.test(user.tenantId(), id, user.email());
    }

    @PostMapping("/psa-connections/test")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Test credentials before saving them (admins); nothing is stored")
    ConnectionTests.TestResult testUnsaved(@AuthenticationPrincipal CurrentUser user, @RequestBody TestBody body) {
        return tests.testUnsaved(user.tenantId(), body.type(), body.baseUrl(), body.credentials(), user.email());
    }

    @PostMapping("/psa-connections/{id}/sync")
    @PreAuthorize("hasRole('ADMIN')")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(
            summary = "Start a sync of the PSA snapshot (admins)",
            description = "Answers the run already queued or running, if any. Poll GET /api/v1/sync-runs/{syncRunId}.")
    SyncAccepted requestSync(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        return new SyncAccepted(sync.request(user.tenantId(), id, user.email()));
    }

    @GetMapping("/psa-connections/{id}/sync-runs")
    @Operation(summary = "The connection's sync runs, newest first")
    Map<String, List<SyncRunView>> syncRuns(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestParam(required = false) Integer size) {
        connections.get(user.tenantId(), id);
        int limit = PageResult.checkedSize(size, 50, 500);
        return Map.of(
                "items",
                sync.runs(user.tenantId(), id, limit).stream()
                        .map(SyncRunView::of)
                        .toList());
    }

    @GetMapping("/sync-runs/{id}")
    @Operation(summary = "One sync run: status queued, running, succeeded or failed, counts and error")
    SyncRunView syncRun(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        return sync.run(user.tenantId(), id)
                .map(SyncRunView::of)
                .orElseThrow(() -> NotFoundException.of("Sync run", id));
    }

    @GetMapping("/psa-connections/{id}/companies")
    @Operation(summary = "Companies in the snapshot (billable and not); q searches the name or matches the PSA id")
    PageResult<SnapshotStore.CompanyRow> companies(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        connections.get(user.tenantId(), id);
        return store.browseCompanies(
                user.tenantId(), id, q, PageResult.checkedPage(page), PageResult.checkedSize(size, 100, 1000));
    }

    @GetMapping("/psa-connections/{id}/products")
    @Operation(summary = "Catalog items in the snapshot; q searches the name and the product ID / identifier")
    PageResult<SnapshotStore.ProductRow> products(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        connections.get(user.tenantId(), id);
        return store.browseProducts(
                user.tenantId(), id, q, PageResult.checkedPage(page), PageResult.checkedSize(size, 100, 1000));
    }

    @GetMapping("/psa-connections/{id}/contracts")
    @Operation(
            summary = "Contracts in the snapshot with their lines",
            description = "billable on a contract: recurring, active, of a billable company; on a line: also active "
                    + "(not cancelled) and of a known product. q searches contract, company and product names.")
    PageResult<SnapshotStore.ContractRow> contracts(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestParam(required = false) String q,
            @RequestParam(required = false) UUID companyId,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        connections.get(user.tenantId(), id);
        return store.browseContracts(
                user.tenantId(),
                id,
                q,
                companyId,
                PageResult.checkedPage(page),
                PageResult.checkedSize(size, 100, 1000));
    }

    private ConnectionView view(StoredConnection c) {
        return ConnectionView.of(
                c,
                connectors.descriptor(c.type()),
                sync.latest(c.tenantId(), c.id()).orElse(null));
    }
}
