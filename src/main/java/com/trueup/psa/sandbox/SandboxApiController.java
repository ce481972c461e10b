package com.trueup.psa.sandbox;

import com.trueup.shared.CurrentUser;
import com.trueup.shared.NotFoundException;
import com.trueup.shared.PageResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
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

/** The Sandbox PSA's own data on the REST API: demo data, what is in it, and its line history. */
@RestController
@RequestMapping("/api/v1/psa-connections/{id}/sandbox")
@Tag(name = "Sandbox PSA", description = "The built-in simulated PSA of a sandbox connection")
class SandboxApiController {

    private final Sandboxes sandboxes;
    private final SandboxStore store;

    SandboxApiController(Sandboxes sandboxes, SandboxStore store) {
        this.sandboxes = sandboxes;
        this.store = store;
    }

    record DemoDataView(int companies, int products, int contracts, int lines, UUID syncRunId) {}

    record LineChangeBody(
            BigDecimal quantity, BigDecimal price, BigDecimal cost, Boolean cancelled, LocalDate effectiveDate) {}

    @PostMapping("/demo-data")
    @PreAuthorize("hasRole('ADMIN')")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Fill an empty Sandbox PSA with demo data that fits the Keeper simulator (admins); starts a sync",
            description = "409 when the sandbox already has data (reset it first).")
    DemoDataView demoData(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        var result = sandboxes.loadDemoData(user.tenantId(), id, user.email());
        var c = result.counts();
        return new DemoDataView(c.companies(), c.products(), c.contracts(), c.lines(), result.syncRunId());
    }

    @DeleteMapping("/data")
    @PreAuthorize("hasRole('ADMIN')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete everything in the Sandbox PSA (admins); the snapshot changes with the next sync")
    void reset(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        sandboxes.reset(user.tenantId(), id, user.email());
    }

    @GetMapping("/companies")
    @Operation(summary = "The sandbox's companies (status active, prospect or inactive)")
    Map<String, List<SandboxStore.Company>> companies(
            @AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        sandboxes.require(user.tenantId(), id);
        return Map.of("items", store.companies(user.tenantId(), id));
    }

    @GetMapping("/products")
    @Operation(summary = "The sandbox's products")
    Map<String, List<SandboxStore.Product>> products(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        sandboxes.require(user.tenantId(), id);
        return Map.of("items", store.products(user.tenantId(), id));
    }

    @GetMapping("/contracts")
    @Operation(summary = "The sandbox's contracts with their lines")
    Map<String, List<SandboxStore.Contract>> contracts(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestParam(required = false) String q) {
        sandboxes.require(user.tenantId(), id);
        return Map.of("items", store.contracts(user.tenantId(), id, q));
    }

    @PatchMapping("/lines/{lineId}")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Change a sandbox line as someone working in the PSA would (admins)")
    SandboxStore.Line updateLine(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @PathVariable UUID lineId,
            @RequestBody LineChangeBody body) {
        sandboxes.updateLine(
                user.tenantId(),
                id,
                lineId,
                body.quantity(),
                body.price(),
                body.cost(),
                body.cancelled(),
                body.effectiveDate(),
                user.email());
        return store.line(user.tenantId(), id, lineId)
                .orElseThrow(() -> NotFoundException.of("Sandbox contract line", lineId));
    }

    @GetMapping("/changes")
    @Operation(summary = "Quantity changes of the sandbox's lines, newest first (write-backs, edits, creations)")
    Map<String, List<SandboxStore.Change>> changes(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestParam(required = false) UUID lineId,
            @RequestParam(required = false) Integer size) {
        sandboxes.require(user.tenantId(), id);
        return Map.of("items", store.changes(user.tenantId(), id, lineId, PageResult.checkedSize(size, 100, 1000)));
    }
}
