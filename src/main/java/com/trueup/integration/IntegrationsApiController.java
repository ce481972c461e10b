package com.trueup.integration;

import com.trueup.integration.store.CountListings;
import com.trueup.integration.store.UsageQuantities;
import com.trueup.shared.BillingPeriod;
import com.trueup.shared.CurrentUser;
import com.trueup.shared.InstanceSettings;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.NotFoundException;
import com.trueup.shared.PageResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The MSP side of vendor integrations on {@code /api/v1}: connect, tokens, disconnect, accounts, services, usage. */
@RestController
@RequestMapping("/api/v1/integrations")
@Tag(
        name = "Vendor integrations",
        description = "Connect vendors, issue their Vendor API tokens, read and import usage")
class IntegrationsApiController {

    private final Integrations integrations;
    private final IntegrationSummaries summaries;
    private final VendorCatalog catalog;
    private final UsageQuantities usage;
    private final CountListings counts;
    private final BulkUsageImport bulk;
    private final String publicUrl;

    IntegrationsApiController(
            Integrations integrations,
            IntegrationSummaries summaries,
            VendorCatalog catalog,
            UsageQuantities usage,
            CountListings counts,
            BulkUsageImport bulk,
            InstanceSettings instance) {
        this.integrations = integrations;
        this.summaries = summaries;
        this.catalog = catalog;
        this.usage = usage;
        this.counts = counts;
        this.bulk = bulk;
        this.publicUrl = instance.publicUrl();
    }

    record NewIntegration(String vendor, String name) {}

    record CreatedIntegration(UUID id, String vendor, String name, String status) {}

    record IntegrationView(
            UUID id,
            String vendor,
            String name,
            String status,
            Instant lastSyncedAt,
            long accounts,
            long services,
            long unmappedAccounts,
            long unmappedServices,
            Instant tokenIssuedAt,
            Instant createdAt) {

        static IntegrationView of(IntegrationSummaries.Summary s) {
            Integrations.Integration i = s.integration();
            return new IntegrationView(
                    i.id(),
                    i.vendor(),
                    i.name(),
                    i.status(),
                    i.lastSyncedAt(),
                    s.accounts(),
                    s.services(),
                    s.unmappedAccounts(),
                    s.unmappedServices(),
                    i.tokenIssuedAt(),
                    i.createdAt());
        }
    }

    record TokenView(String token, String vendorKey, String partnerKey, String baseUrl) {}

    record AccountView(
            String id, String name, String description, MappingLookup.MappingSummary mapping, Instant createdAt) {}

    record ServiceView(
            String id,
            String name,
            String description,
            String category,
            String subcategory,
            CountingMode countingMode,
            MappingLookup.MappingSummary mapping) {}

    record ServiceChange(String countingMode) {}

    record Accepted(int accepted) {}

    record UsageLine(
            String accountId,
            String accountName,
            String serviceId,
            String serviceName,
            CountingMode countingMode,
            BigDecimal quantity,
            BigDecimal dailyAverage,
            BigDecimal latest,
            BigDecimal peak) {}

    record UsageReport(LocalDate start, LocalDate end, List<UsageLine> items) {}

    record DailyView(String accountId, String serviceId, LocalDate date, BigDecimal quantity) {}

    @GetMapping
    @Operation(summary = "Vendor integrations of the organisation, disconnected ones included")
    Map<String, List<IntegrationView>> list(@AuthenticationPrincipal CurrentUser user) {
        return Map.of(
                "items",
                summaries.list(user.tenantId(), true).stream()
                        .map(IntegrationView::of)
                        .toList());
    }

    @PostMapping
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(
            summary =
                    "Connect a vendor (admins): {vendor: keeper or custom, name}; billing only. Then generate its token")
    ResponseEntity<CreatedIntegration> create(
            @AuthenticationPrincipal CurrentUser user, @RequestBody(required = false) NewIntegration body) {
        if (body == null) {
            throw new InvalidInputException("vendor", "send {\"vendor\": \"keeper\" or \"custom\", \"name\": ...}");
        }
        Integrations.Integration created =
                integrations.create(user.tenantId(), body.vendor(), body.name(), user.email());
        return ResponseEntity.created(URI.create("/api/v1/integrations/" + created.id()))
                .body(new CreatedIntegration(created.id(), created.vendor(), created.name(), created.status()));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One integration with its counts of accounts, services and unmapped items")
    IntegrationView get(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        return IntegrationView.of(summaries.get(user.tenantId(), id));
    }

    @PostMapping("/{id}/token")
    @PreAuthorize("hasRole('ADMIN')")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Generate or regenerate the Vendor API token (admins); shown only in this response",
            description = "token is the GRADIENT-TOKEN header value; the previous token stops working at once. "
                    + "On a disconnected integration this reconnects it.")
    TokenView token(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        VendorTokens.IssuedToken issued = integrations.issueToken(user.tenantId(), id, user.email());
        return new TokenView(issued.token(), issued.vendorKey(), issued.partnerKey(), vendorApiUrl(publicUrl));
    }

    static String vendorApiUrl(String publicUrl) {
        String base = publicUrl == null || publicUrl.isBlank()
                ? ServletUriComponentsBuilder.fromCurrentContextPath().toUriString()
                : publicUrl.replaceAll("/+$", "");
        return base + "/api/vendor-api";
    }

    @DeleteMapping("/{id}")
    @PreAuthorize("hasRole('ADMIN')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(
            summary =
                    "Disconnect (admins): the token stops at once, all account and service mappings are removed, usage is kept")
    void disconnect(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        integrations.disconnect(user.tenantId(), id, user.email());
    }

    @GetMapping("/{id}/accounts")
    @Operation(summary = "The vendor's accounts (id = the vendor's account id) with their mapping (null when unmapped)")
    Map<String, List<AccountView>> accounts(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        integrations.get(user.tenantId(), id);
        Map<UUID, MappingLookup.MappingSummary> mapped = summaries.accountMappings(user.tenantId(), id);
        return Map.of(
                "items",
                catalog.accounts(user.tenantId(), id).stream()
                        .map(a -> new AccountView(
                                a.externalId(), a.name(), a.description(), mapped.get(a.id()), a.createdAt()))
                        .toList());
    }

    @GetMapping("/{id}/services")
    @Operation(summary = "The vendor's services (id = the _id on the Vendor API) with counting mode and mapping")
    Map<String, List<ServiceView>> services(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        integrations.get(user.tenantId(), id);
        Map<UUID, MappingLookup.MappingSummary> mapped = summaries.serviceMappings(user.tenantId(), id);
        return Map.of(
                "items",
                catalog.services(user.tenantId(), id).stream()
                        .map(s -> serviceView(s, mapped.get(s.id())))
                        .toList());
    }

    private static ServiceView serviceView(VendorCatalog.Service s, MappingLookup.MappingSummary mapping) {
        return new ServiceView(
                s.externalId(), s.name(), s.description(), s.category(), s.subcategory(), s.countingMode(), mapping);
    }

    @PatchMapping("/{id}/services/{serviceId}")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Set a service's counting mode (admins): DAILY_AVERAGE, LATEST or PEAK")
    ServiceView updateService(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @PathVariable String serviceId,
            @RequestBody(required = false) ServiceChange change) {
        VendorCatalog.Service s = catalog.setCountingMode(
                user.tenantId(), id, serviceId, change == null ? null : change.countingMode(), user.email());
        return serviceView(s, summaries.serviceMappings(user.tenantId(), id).get(s.id()));
    }

    @PostMapping(path = "/{id}/usage", consumes = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(
            summary = "Bulk usage import (admins): {records: [{accountId, serviceId, date, quantity}]}, atomic",
            description =
                    "accountId is the vendor's account id, serviceId the service's _id, date YYYY-MM-DD (not in the future), "
                            + "quantity a number >= 0. The same (account, service, date) replaces the stored count. Any invalid record: "
                            + "400 listing every problem and nothing stored.")
    Accepted importJson(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, HttpServletRequest request)
            throws IOException {
        integrations.get(user.tenantId(), id);
        try (InputStream body = request.getInputStream()) {
            return new Accepted(bulk.importJson(user.tenantId(), id, body, user.email(), "bulk API"));
        }
    }

    @PostMapping(
            path = "/{id}/usage",
            consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE})
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(
            summary =
                    "Bulk usage import as CSV (admins): header accountId,serviceId,date,quantity; atomic, errors by line")
    Accepted importCsv(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, HttpServletRequest request)
            throws IOException {
        integrations.get(user.tenantId(), id);
        try (InputStream body = request.getInputStream()) {
            return new Accepted(bulk.importCsv(
                    user.tenantId(),
                    id,
                    new InputStreamReader(body, StandardCharsets.UTF_8),
                    user.email(),
                    "CSV via API"));
        }
    }

    @GetMapping("/{id}/usage")
    @Operation(
            summary = "Billing quantities per account and service for a month (period=YYYY-MM) or [from, to] (dates)",
            description =
                    "quantity is the value of the service's counting mode; dailyAverage, latest and peak are all given.")
    UsageReport usage(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestParam(required = false) String period,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to) {
        integrations.get(user.tenantId(), id);
        LocalDate start;
        LocalDate end;
        if (period != null && !period.isBlank()) {
            // the whole calendar month, the current one too: the last count carries to its end
            YearMonth month = BillingPeriod.parseMonth(period, "period");
            start = month.atDay(1);
            end = month.plusMonths(1).atDay(1);
        } else if (from != null && to != null) {
            start = date("from", from);
            end = date("to", to).plusDays(1);
            if (!start.isBefore(end)) {
                throw new InvalidInputException("to", "to must not be before from");
            }
        } else {
            throw new InvalidInputException(
                    "period", "give period=YYYY-MM, or from and to (YYYY-MM-DD, both inclusive)");
        }
        Map<UUID, VendorCatalog.Account> accounts = new HashMap<>();
        catalog.accounts(user.tenantId(), id).forEach(a -> accounts.put(a.id(), a));
        Map<UUID, VendorCatalog.Service> services = new HashMap<>();
        catalog.services(user.tenantId(), id).forEach(s -> services.put(s.id(), s));
        List<UsageLine> lines = new ArrayList<>();
        for (UsageQuantity q : usage.usage(user.tenantId(), id, start, end, false)) {
            VendorCatalog.Account a = accounts.get(q.accountId());
            VendorCatalog.Service s = services.get(q.serviceId());
            if (a == null || s == null) {
                continue;
            }
            lines.add(new UsageLine(
                    a.externalId(),
                    a.name(),
                    s.externalId(),
                    s.name(),
                    s.countingMode(),
                    q.quantity(s.countingMode()),
                    q.dailyAverage(),
                    q.latest(),
                    q.peak()));
        }
        lines.sort(Comparator.comparing(UsageLine::accountName, String.CASE_INSENSITIVE_ORDER)
                .thenComparing(UsageLine::serviceName));
        return new UsageReport(start, end.minusDays(1), lines);
    }

    @GetMapping("/{id}/usage/daily")
    @Operation(
            summary =
                    "The daily counts as received, newest first; filter by accountId, serviceId, from, to (inclusive)")
    PageResult<DailyView> daily(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestParam(required = false) String accountId,
            @RequestParam(required = false) String serviceId,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        integrations.get(user.tenantId(), id);
        Map<UUID, String> accountIds = new HashMap<>();
        Map<String, UUID> accountByExternal = new HashMap<>();
        catalog.accounts(user.tenantId(), id).forEach(a -> {
            accountIds.put(a.id(), a.externalId());
            accountByExternal.put(a.externalId(), a.id());
        });
        Map<UUID, String> serviceIds = new HashMap<>();
        Map<String, UUID> serviceByExternal = new HashMap<>();
        catalog.services(user.tenantId(), id).forEach(s -> {
            serviceIds.put(s.id(), s.externalId());
            serviceByExternal.put(s.externalId(), s.id());
        });
        UUID account = accountId == null
                ? null
                : java.util.Optional.ofNullable(accountByExternal.get(accountId))
                        .orElseThrow(() -> new NotFoundException("Account " + accountId + " not found"));
        UUID service = serviceId == null
                ? null
                : java.util.Optional.ofNullable(serviceByExternal.get(serviceId))
                        .orElseThrow(() -> new NotFoundException("Service " + serviceId + " not found"));
        PageResult<CountListings.DailyCount> counts = this.counts.dailyCounts(
                user.tenantId(),
                id,
                account,
                service,
                from == null ? null : date("from", from),
                to == null ? null : date("to", to),
                PageResult.checkedPage(page),
                PageResult.checkedSize(size, 100, 1000));
        return counts.map(c ->
                new DailyView(accountIds.get(c.accountId()), serviceIds.get(c.serviceId()), c.day(), c.quantity()));
    }

    private static LocalDate date(String field, String value) {
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, field + " must be a date YYYY-MM-DD (got '" + value + "')");
        }
    }

    @ExceptionHandler(BulkUsageImport.InvalidRecords.class)
    ResponseEntity<ProblemDetail> invalidRecords(BulkUsageImport.InvalidRecords e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setProperty("invalid", e.invalid);
        problem.setProperty("total", e.total);
        problem.setProperty("field", e.errors.isEmpty() ? null : e.errors.get(0).field());
        List<Map<String, Object>> errors = new ArrayList<>();
        for (BulkUsageImport.RowError error : e.errors) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("row", error.row());
            item.put("field", error.field());
            item.put("message", error.message());
            errors.add(item);
        }
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    @ExceptionHandler(BulkUsageImport.UnreadableRecords.class)
    ResponseEntity<ProblemDetail> unreadable(BulkUsageImport.UnreadableRecords e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setProperty("field", e.field);
        return ResponseEntity.badRequest()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
