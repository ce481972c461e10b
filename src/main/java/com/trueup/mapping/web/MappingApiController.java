package com.trueup.mapping.web;

import com.trueup.mapping.rules.AccountMappingChanges;
import com.trueup.mapping.rules.ConcurrentChange;
import com.trueup.mapping.rules.MappableItems;
import com.trueup.mapping.rules.MappingBoard.AccountRow;
import com.trueup.mapping.rules.MappingBoard.Counts;
import com.trueup.mapping.rules.MappingBoard.PsaItem;
import com.trueup.mapping.rules.MappingBoard.ServiceRow;
import com.trueup.mapping.rules.MappingBoard.Status;
import com.trueup.mapping.rules.MappingBoards;
import com.trueup.mapping.rules.MappingFinish;
import com.trueup.mapping.rules.ServiceMappingChanges;
import com.trueup.shared.CurrentUser;
import com.trueup.shared.InvalidInputException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Account and service mappings of one vendor integration. Vendor items are named by the vendor's ids (account
 * {@code id}, service {@code _id}), PSA companies and products by TrueUp's ids.
 */
@RestController
@RequestMapping("/api/v1/integrations/{integrationId}/mappings")
@Tag(name = "Mappings", description = "Link vendor accounts to PSA companies and vendor services to PSA products")
class MappingApiController {

    private final MappableItems items;
    private final MappingBoards boards;
    private final AccountMappingChanges accounts;
    private final ServiceMappingChanges services;
    private final MappingFinish finishing;

    MappingApiController(
            MappableItems items,
            MappingBoards boards,
            AccountMappingChanges accounts,
            ServiceMappingChanges services,
            MappingFinish finishing) {
        this.items = items;
        this.boards = boards;
        this.accounts = accounts;
        this.services = services;
        this.finishing = finishing;
    }

    record CountsView(int total, int mapped, int unmapped, int excluded) {
        static CountsView of(Counts c) {
            return new CountsView(c.total(), c.mapped(), c.unmapped(), c.excluded());
        }
    }

    record CompanySuggestion(UUID psaCompanyId, String name, String externalId, int score) {}

    record ProductSuggestion(UUID psaProductId, String name, String identifier, String externalId, int score) {}

    record ProductView(UUID id, String name, String identifier, String externalId) {
        static ProductView of(PsaItem p) {
            return new ProductView(p.id(), p.name(), p.identifier(), p.externalId());
        }
    }

    /** {@code id} is the vendor's account id; {@code isNew}: arrived after the mapping was last finished. */
    record AccountItem(
            String id,
            String name,
            String description,
            String status,
            UUID psaCompanyId,
            String psaCompanyName,
            String psaCompanyExternalId,
            boolean auto,
            String mappedBy,
            Instant mappedAt,
            boolean isNew,
            boolean stale,
            List<CompanySuggestion> suggestions) {
        static AccountItem of(AccountRow r) {
            return new AccountItem(
                    r.account().externalId(),
                    r.account().name(),
                    r.account().description(),
                    r.status().wire(),
                    r.company() == null ? null : r.company().id(),
                    r.company() == null ? null : r.company().name(),
                    r.company() == null ? null : r.company().externalId(),
                    r.auto(),
                    r.mappedBy(),
                    r.mappedAt(),
                    r.isNew(),
                    r.stale(),
                    r.suggestions().stream()
                            .map(s -> new CompanySuggestion(
                                    s.item().id(), s.item().name(), s.item().externalId(), s.score()))
                            .toList());
        }
    }

    /** {@code id} is the service's {@code _id} on the Vendor API. */
    record ServiceItem(
            String id,
            String name,
            String description,
            String status,
            List<UUID> psaProductIds,
            List<ProductView> psaProducts,
            boolean auto,
            String mappedBy,
            Instant mappedAt,
            boolean stale,
            List<ProductSuggestion> suggestions) {
        static ServiceItem of(ServiceRow r) {
            return new ServiceItem(
                    r.service().externalId(),
                    r.service().name(),
                    r.service().description(),
                    r.status().wire(),
                    r.products().stream().map(PsaItem::id).toList(),
                    r.products().stream().map(ProductView::of).toList(),
                    r.auto(),
                    r.mappedBy(),
                    r.mappedAt(),
                    r.stale(),
                    r.suggestions().stream()
                            .map(s -> new ProductSuggestion(
                                    s.item().id(),
                                    s.item().name(),
                                    s.item().identifier(),
                                    s.item().externalId(),
                                    s.score()))
                            .toList());
        }
    }

    record AccountList(UUID integrationId, UUID psaConnectionId, CountsView counts, List<AccountItem> items) {}

    record ServiceList(UUID integrationId, UUID psaConnectionId, CountsView counts, List<ServiceItem> items) {}

    record AccountMappingRequest(UUID psaCompanyId, Boolean excluded) {}

    record ServiceMappingRequest(List<UUID> psaProductIds, Boolean excluded) {}

    record FinishResult(UUID syncRunId) {}

    // ---- accounts

    @GetMapping("/accounts")
    @Operation(
            summary = "Every vendor account with its mapping state and suggestions",
            description =
                    "status: mapped, unmapped or excluded; q searches the account name and id. Counts cover all accounts.")
    AccountList accounts(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID integrationId,
            @Parameter(description = "mapped, unmapped or excluded") @RequestParam(required = false) String status,
            @Parameter(description = "text in the name or the vendor's id") @RequestParam(required = false) String q) {
        var board = boards.accountBoard(user.tenantId(), integrationId, true);
        Predicate<AccountRow> filter = statusFilter(status, AccountRow::status)
                .and(r -> matches(q, r.account().name(), r.account().externalId()));
        return new AccountList(
                integrationId,
                board.psaConnected() ? board.connection().id() : null,
                CountsView.of(board.counts()),
                board.rows().stream().filter(filter).map(AccountItem::of).toList());
    }

    @PutMapping("/accounts/{vendorAccountId}")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(
            summary = "Map a vendor account to a PSA company, or exclude it",
            description = "Body {\"psaCompanyId\": \"...\"} or {\"excluded\": true}. Replaces any earlier mapping.")
    AccountItem putAccount(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID integrationId,
            @PathVariable String vendorAccountId,
            @RequestBody AccountMappingRequest body) {
        UUID accountId = items.requireAccount(
                        user.tenantId(), requireIntegration(user, integrationId), vendorAccountId, true)
                .id();
        if (body == null) {
            throw new InvalidInputException(
                    "psaCompanyId", "Send {\"psaCompanyId\": \"...\"} or {\"excluded\": true}.");
        }
        if (Boolean.TRUE.equals(body.excluded())) {
            if (body.psaCompanyId() != null) {
                throw new InvalidInputException(
                        "excluded", "Send either psaCompanyId or \"excluded\": true, not both.");
            }
            ConcurrentChange.retryingOnce(
                    () -> accounts.excludeAccount(user.tenantId(), user.email(), integrationId, accountId));
        } else {
            ConcurrentChange.retryingOnce(() ->
                    accounts.mapAccount(user.tenantId(), user.email(), integrationId, accountId, body.psaCompanyId()));
        }
        return accountItem(user, integrationId, vendorAccountId);
    }

    @DeleteMapping("/accounts/{vendorAccountId}")
    @PreAuthorize("hasRole('ADMIN')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            summary = "Unmap a vendor account (or include an excluded one again)",
            description = "The account becomes unmapped; auto-mapping will not map it again on its own.")
    void deleteAccount(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID integrationId,
            @PathVariable String vendorAccountId) {
        UUID accountId = items.requireAccount(
                        user.tenantId(), requireIntegration(user, integrationId), vendorAccountId, true)
                .id();
        accounts.unmapAccount(user.tenantId(), user.email(), integrationId, accountId);
    }

    // ---- services

    @GetMapping("/services")
    @Operation(
            summary = "Every vendor service with its mapping state and suggestions",
            description =
                    "status: mapped, unmapped or excluded; q searches the service name and _id. Counts cover all services.")
    ServiceList services(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID integrationId,
            @Parameter(description = "mapped, unmapped or excluded") @RequestParam(required = false) String status,
            @Parameter(description = "text in the name or the service's _id") @RequestParam(required = false)
                    String q) {
        var board = boards.serviceBoard(user.tenantId(), integrationId, true);
        Predicate<ServiceRow> filter = statusFilter(status, ServiceRow::status)
                .and(r -> matches(q, r.service().name(), r.service().externalId()));
        return new ServiceList(
                integrationId,
                board.psaConnected() ? board.connection().id() : null,
                CountsView.of(board.counts()),
                board.rows().stream().filter(filter).map(ServiceItem::of).toList());
    }

    @PutMapping("/services/{vendorServiceId}")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(
            summary = "Map a vendor service to one or more PSA products (a bundle), or exclude it",
            description =
                    "Body {\"psaProductIds\": [\"...\", ...]} or {\"excluded\": true}. Replaces the earlier products; "
                            + "several services may map to the same product.")
    ServiceItem putService(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID integrationId,
            @PathVariable String vendorServiceId,
            @RequestBody ServiceMappingRequest body) {
        UUID serviceId = items.requireService(
                        user.tenantId(), requireIntegration(user, integrationId), vendorServiceId, true)
                .id();
        if (body == null) {
            throw new InvalidInputException(
                    "psaProductIds", "Send {\"psaProductIds\": [\"...\"]} or {\"excluded\": true}.");
        }
        if (Boolean.TRUE.equals(body.excluded())) {
            if (body.psaProductIds() != null && !body.psaProductIds().isEmpty()) {
                throw new InvalidInputException(
                        "excluded", "Send either psaProductIds or \"excluded\": true, not both.");
            }
            ConcurrentChange.retryingOnce(
                    () -> services.excludeService(user.tenantId(), user.email(), integrationId, serviceId));
        } else {
            ConcurrentChange.retryingOnce(() ->
                    services.mapService(user.tenantId(), user.email(), integrationId, serviceId, body.psaProductIds()));
        }
        return serviceItem(user, integrationId, vendorServiceId);
    }

    @DeleteMapping("/services/{vendorServiceId}")
    @PreAuthorize("hasRole('ADMIN')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            summary = "Unmap a vendor service (or include an excluded one again)",
            description = "The service becomes unmapped; auto-mapping will not map it again on its own.")
    void deleteService(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID integrationId,
            @PathVariable String vendorServiceId) {
        UUID serviceId = items.requireService(
                        user.tenantId(), requireIntegration(user, integrationId), vendorServiceId, true)
                .id();
        services.unmapService(user.tenantId(), user.email(), integrationId, serviceId);
    }

    // ---- finish

    @PostMapping("/finish")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(
            summary = "Finish mapping and start a sync",
            description = "Needs at least one mapped account and one mapped service (409 with the reason otherwise). "
                    + "Starts a PSA sync; the reconciliation is rebuilt when it completes.")
    ResponseEntity<FinishResult> finish(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID integrationId) {
        UUID syncRunId = finishing.finish(user.tenantId(), user.email(), integrationId);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new FinishResult(syncRunId));
    }

    // ---- helpers

    private UUID requireIntegration(CurrentUser user, UUID integrationId) {
        return items.requireIntegration(user.tenantId(), integrationId).id();
    }

    private AccountItem accountItem(CurrentUser user, UUID integrationId, String vendorAccountId) {
        return boards.accountBoard(user.tenantId(), integrationId, true).rows().stream()
                .filter(r -> r.account().externalId().equals(vendorAccountId))
                .findFirst()
                .map(AccountItem::of)
                .orElseThrow();
    }

    private ServiceItem serviceItem(CurrentUser user, UUID integrationId, String vendorServiceId) {
        return boards.serviceBoard(user.tenantId(), integrationId, true).rows().stream()
                .filter(r -> r.service().externalId().equals(vendorServiceId))
                .findFirst()
                .map(ServiceItem::of)
                .orElseThrow();
    }

    private static <R> Predicate<R> statusFilter(String status, java.util.function.Function<R, Status> statusOf) {
        if (status == null || status.isBlank()) {
            return r -> true;
        }
        Status wanted = Arrays.stream(Status.values())
                .filter(s -> s.wire().equals(status.trim().toLowerCase(Locale.ROOT)))
                .findFirst()
                .orElseThrow(() -> new InvalidInputException("status", "status must be mapped, unmapped or excluded"));
        return r -> statusOf.apply(r) == wanted;
    }

    private static boolean matches(String q, String... values) {
        if (q == null || q.isBlank()) {
            return true;
        }
        String needle = q.trim().toLowerCase(Locale.ROOT);
        for (String v : values) {
            if (v != null && v.toLowerCase(Locale.ROOT).contains(needle)) {
                return true;
            }
        }
        return false;
    }
}
