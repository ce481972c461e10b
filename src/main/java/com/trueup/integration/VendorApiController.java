package com.trueup.integration;

import com.trueup.integration.VendorApiModels.AlertCreated;
import com.trueup.integration.VendorApiModels.AlertStatus;
import com.trueup.integration.VendorApiModels.ClientsMeta;
import com.trueup.integration.VendorApiModels.ClientsPage;
import com.trueup.integration.VendorApiModels.Envelope;
import com.trueup.integration.VendorApiModels.IntegrationData;
import com.trueup.integration.VendorApiModels.MappingItem;
import com.trueup.integration.VendorApiModels.VendorData;
import com.trueup.integration.VendorApiModels.VendorModule;
import com.trueup.integration.VendorApiModels.VendorSkuData;
import com.trueup.integration.VendorTokens.VendorCaller;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.NotFoundException;
import com.trueup.tenant.Organisations;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Vendor API, wire-compatible with Gradient MSP's Synthesize Vendor API: same paths, the {@code GRADIENT-TOKEN}
 * header, the same envelopes and exact field sets. Everything is scoped to the caller's (organisation, integration).
 * <p>
 * Counts, {@code POST /service/{serviceId}/count}, are answered by {@link CountFastPath} ahead of Spring MVC.
 */
@RestController
@RequestMapping("/api/vendor-api")
@Tag(
        name = VendorApiController.TAG,
        description = "For vendors: authenticate with the GRADIENT-TOKEN header issued on TrueUp's Integrations page.")
class VendorApiController {

    static final String TAG = "Vendor API (Gradient-compatible)";
    private static final String OK = "Success";

    private final Integrations integrations;
    private final VendorCatalog catalog;
    private final VendorAlerts alerts;
    private final Organisations organisations;
    private final ObjectProvider<MappingLookup> mappings;
    private final JsonMapper json;

    VendorApiController(
            Integrations integrations,
            VendorCatalog catalog,
            VendorAlerts alerts,
            Organisations organisations,
            ObjectProvider<MappingLookup> mappings,
            JsonMapper json) {
        this.integrations = integrations;
        this.catalog = catalog;
        this.alerts = alerts;
        this.organisations = organisations;
        this.mappings = mappings;
        this.json = json;
    }

    // ---------------------------------------------------------------- vendor

    @GetMapping({"", "/"})
    @Operation(summary = "The vendor as TrueUp knows it, with its SKUs (look SKUs up by name in data.skus)")
    Envelope<VendorData> vendor(@RequestAttribute(VendorApiSecurity.CALLER) VendorCaller caller) {
        return new Envelope<>(200, vendorData(caller), OK);
    }

    @PatchMapping({"", "/"})
    @Operation(summary = "Update the vendor's name, description, support page and integration portal URLs")
    Envelope<VendorData> updateVendor(
            @RequestAttribute(VendorApiSecurity.CALLER) VendorCaller caller,
            @RequestBody(required = false) byte[] body) {
        JsonNode node = object(body);
        integrations.updateVendorProfile(
                caller,
                text(node, "name"),
                text(node, "description"),
                text(node, "vendorSupportPageUrl"),
                text(node, "integrationPortalUrl"));
        return new Envelope<>(200, vendorData(caller), OK);
    }

    private VendorData vendorData(VendorCaller caller) {
        Integrations.Integration i = integrations.get(caller.tenantId(), caller.integrationId());
        List<VendorSkuData> skus = catalog.services(caller.tenantId(), caller.integrationId()).stream()
                .map(VendorSkuData::of)
                .toList();
        return new VendorData(
                i.vendorId().toString(),
                i.vendorId().toString(),
                i.displayVendorName(),
                i.vendorDescription(),
                "custom",
                null,
                skus,
                false,
                i.portalUrl(),
                i.supportPageUrl(),
                i.status(),
                List.of("accounts", "services"),
                List.of(new VendorModule("billing")),
                caller.tenantId().toString(),
                i.updatedAt(),
                i.createdAt());
    }

    // ---------------------------------------------------------------- organization

    @GetMapping("/organization")
    @Operation(summary = "Test connection: the MSP organisation and this integration's status")
    IntegrationData organization(@RequestAttribute(VendorApiSecurity.CALLER) VendorCaller caller) {
        return integrationData(caller, integrations.get(caller.tenantId(), caller.integrationId()));
    }

    private IntegrationData integrationData(VendorCaller caller, Integrations.Integration i) {
        return new IntegrationData(
                caller.tenantId().toString(),
                organisations.get(caller.tenantId()).name(),
                i.vendorId().toString(),
                i.displayVendorName(),
                i.id().toString(),
                i.status(),
                i.lastSyncedAt());
    }

    @PatchMapping("/organization/status/{status}")
    @Operation(summary = "Set the integration's status: active, inactive, pending, disabled or error")
    Envelope<IntegrationData> status(
            @RequestAttribute(VendorApiSecurity.CALLER) VendorCaller caller, @PathVariable String status) {
        Integrations.Integration updated = integrations.setStatusFromVendor(caller, status);
        return new Envelope<>(200, integrationData(caller, updated), OK);
    }

    @GetMapping("/organization/accounts")
    @Operation(
            summary =
                    "The accounts (the MSP's clients) the vendor created; returnUnmapped=false lists only mapped ones")
    List<MappingItem> accounts(
            @RequestAttribute(VendorApiSecurity.CALLER) VendorCaller caller,
            @RequestParam(required = false) List<String> accountIds,
            @RequestParam(required = false) String returnUnmapped) {
        boolean all = flag("returnUnmapped", returnUnmapped, true);
        List<VendorCatalog.Account> accounts = accountIds == null || accountIds.isEmpty()
                ? catalog.accounts(caller.tenantId(), caller.integrationId())
                : catalog.accounts(caller.tenantId(), caller.integrationId(), new LinkedHashSet<>(accountIds));
        if (!all) {
            Set<UUID> mapped = mappedIds(true, caller);
            accounts = accounts.stream().filter(a -> mapped.contains(a.id())).toList();
        }
        return accounts.stream()
                .map(a -> new MappingItem(a.externalId(), a.name(), a.description()))
                .toList();
    }

    @PostMapping("/organization/accounts")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Create accounts [{id, name, description}]; existing ids are kept (name and description updated)")
    List<MappingItem> createAccounts(
            @RequestAttribute(VendorApiSecurity.CALLER) VendorCaller caller,
            @RequestBody(required = false) byte[] body) {
        List<VendorCatalog.Item> items = items(body);
        List<VendorCatalog.Account> stored;
        try {
            stored = catalog.upsertAccounts(caller, items);
        } catch (org.springframework.dao.DataIntegrityViolationException raced) {
            stored = catalog.upsertAccounts(caller, items); // a concurrent call created some of them: now they exist
        }
        return stored.stream()
                .map(a -> new MappingItem(a.externalId(), a.name(), a.description()))
                .toList();
    }

    @PatchMapping("/organization/accounts/{accountId}")
    @Operation(summary = "Rename an account or change its description")
    MappingItem updateAccount(
            @RequestAttribute(VendorApiSecurity.CALLER) VendorCaller caller,
            @PathVariable String accountId,
            @RequestBody(required = false) byte[] body) {
        JsonNode node = object(body);
        VendorCatalog.Account a =
                catalog.updateAccount(caller, accountId, text(node, "name"), text(node, "description"));
        return new MappingItem(a.externalId(), a.name(), a.description());
    }

    @GetMapping("/organization/services")
    @Operation(summary = "The services (SKUs) of this integration; returnUnmapped=false lists only mapped ones")
    List<MappingItem> services(
            @RequestAttribute(VendorApiSecurity.CALLER) VendorCaller caller,
            @RequestParam(required = false) List<String> serviceIds,
            @RequestParam(required = false) String returnUnmapped) {
        boolean all = flag("returnUnmapped", returnUnmapped, true);
        Set<String> wanted = serviceIds == null || serviceIds.isEmpty() ? null : new LinkedHashSet<>(serviceIds);
        Set<UUID> mapped = all ? Set.of() : mappedIds(false, caller);
        return catalog.services(caller.tenantId(), caller.integrationId()).stream()
                .filter(s -> wanted == null || wanted.contains(s.externalId()))
                .filter(s -> all || mapped.contains(s.id()))
                .map(s -> new MappingItem(s.externalId(), s.name(), s.description()))
                .toList();
    }

    @PostMapping("/organization/services")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create services [{id, name, description}]; an existing id or name is kept as it is")
    List<MappingItem> createServices(
            @RequestAttribute(VendorApiSecurity.CALLER) VendorCaller caller,
            @RequestBody(required = false) byte[] body) {
        List<VendorCatalog.Item> items = items(body);
        List<VendorCatalog.Service> stored;
        try {
            stored = catalog.upsertServices(caller, items);
        } catch (org.springframework.dao.DataIntegrityViolationException raced) {
            stored = catalog.upsertServices(caller, items);
        }
        return stored.stream()
                .map(s -> new MappingItem(s.externalId(), s.name(), s.description()))
                .toList();
    }

    @GetMapping("/organization/clients")
    @Operation(
            summary =
                    "The MSP's clients known to this integration (its accounts), 100 per page, cursor paging by previousId")
    ClientsPage clients(
            @RequestAttribute(VendorApiSecurity.CALLER) VendorCaller caller,
            @RequestParam(required = false) String search,
            @RequestParam(required = false) String previousId) {
        int pageSize = 100;
        List<VendorCatalog.Account> page =
                catalog.accountsPage(caller.tenantId(), caller.integrationId(), search, previousId, pageSize + 1);
        boolean more = page.size() > pageSize;
        List<VendorCatalog.Account> shown = more ? page.subList(0, pageSize) : page;
        long total = catalog.countAccounts(caller.tenantId(), caller.integrationId(), search);
        return new ClientsPage(
                new ClientsMeta(
                        total,
                        pageSize,
                        previousId,
                        more ? shown.get(shown.size() - 1).externalId() : null),
                shown.stream()
                        .map(a -> new MappingItem(a.externalId(), a.name(), a.description()))
                        .toList());
    }

    private Set<UUID> mappedIds(boolean accounts, VendorCaller caller) {
        MappingLookup lookup = mappings.getIfAvailable();
        if (lookup == null) {
            return Set.of();
        }
        return accounts
                ? lookup.accountMappings(caller.tenantId(), caller.integrationId())
                        .keySet()
                : lookup.serviceMappings(caller.tenantId(), caller.integrationId())
                        .keySet();
    }

    // ---------------------------------------------------------------- services and counts

    @PostMapping("/service")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary =
                    "Create a service (SKU); a service of the same name is returned as it is. Answers the vendor with its SKUs")
    VendorData createService(
            @RequestAttribute(VendorApiSecurity.CALLER) VendorCaller caller,
            @RequestBody(required = false) byte[] body) {
        JsonNode node = object(body);
        VendorCatalog.ServiceInput input = serviceInput(node);
        try {
            catalog.createService(caller, input);
        } catch (org.springframework.dao.DataIntegrityViolationException raced) {
            catalog.createService(caller, input);
        }
        return vendorData(caller);
    }

    @GetMapping("/service/{serviceId}")
    @Operation(summary = "One service (SKU) by its _id")
    Envelope<VendorSkuData> service(
            @RequestAttribute(VendorApiSecurity.CALLER) VendorCaller caller, @PathVariable String serviceId) {
        VendorCatalog.Service s = catalog.service(caller.tenantId(), caller.integrationId(), serviceId)
                .orElseThrow(() -> new NotFoundException("No service found with id: " + serviceId));
        return new Envelope<>(200, VendorSkuData.of(s), OK);
    }

    @PatchMapping("/service/{serviceId}")
    @Operation(summary = "Change a service's name, description, category, subcategory, support article or contact")
    Envelope<VendorSkuData> updateService(
            @RequestAttribute(VendorApiSecurity.CALLER) VendorCaller caller,
            @PathVariable String serviceId,
            @RequestBody(required = false) byte[] body) {
        VendorCatalog.Service s = catalog.updateService(caller, serviceId, serviceInput(object(body)));
        return new Envelope<>(200, VendorSkuData.of(s), OK);
    }

    // ---------------------------------------------------------------- alerting

    @PostMapping("/alerting/{accountId}")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Push an alert for an account (stored; TrueUp opens no PSA ticket from it)")
    AlertCreated alert(
            @RequestAttribute(VendorApiSecurity.CALLER) VendorCaller caller,
            @PathVariable String accountId,
            @RequestBody(required = false) byte[] body) {
        JsonNode node = object(body);
        UUID account = catalog.accountId(caller.tenantId(), caller.integrationId(), accountId)
                .orElseThrow(() -> new NotFoundException("No account found with id: " + accountId));
        JsonNode priority = node.get("priority");
        if (priority != null && !priority.isNull() && !(priority.isIntegralNumber() && priority.canConvertToInt())) {
            throw new InvalidInputException("priority", "priority must be 1, 2, 3 or 4 (got " + priority + ")");
        }
        VendorAlerts.StoredAlert stored = alerts.store(
                caller,
                account,
                new VendorAlerts.AlertInput(
                        text(node, "title"),
                        text(node, "description"),
                        text(node, "alertId"),
                        priority == null || priority.isNull() ? null : priority.intValue(),
                        text(node, "status"),
                        text(node, "dueDateTime"),
                        text(node, "serviceId")));
        return new AlertCreated(stored.messageId(), stored.alertId(), stored.correlationId());
    }

    @GetMapping("/alerting/debug/{messageId}")
    @Operation(summary = "Delivery status of a pushed alert")
    AlertStatus alertStatus(
            @RequestAttribute(VendorApiSecurity.CALLER) VendorCaller caller, @PathVariable String messageId) {
        VendorAlerts.StoredAlert stored = alerts.find(caller, messageId)
                .orElseThrow(() -> new NotFoundException("No alert found with messageId: " + messageId));
        return new AlertStatus(null, stored.createdAt(), "pending", null, List.of());
    }

    // ---------------------------------------------------------------- JSON input

    private JsonNode parse(byte[] body) {
        return VendorJson.parse(json, body);
    }

    private JsonNode object(byte[] body) {
        return VendorJson.object(json, body);
    }

    private List<VendorCatalog.Item> items(byte[] body) {
        JsonNode node = parse(body);
        if (node.isObject()) {
            node = json.createArrayNode().add(node); // a single object is taken as a list of one
        }
        if (!node.isArray()) {
            throw new InvalidInputException(
                    "body", "The request body must be a JSON array of {id, name, description}.");
        }
        List<VendorCatalog.Item> items = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            if (!item.isObject()) {
                throw new InvalidInputException("[" + i + "]", "[" + i + "] must be an object {id, name, description}");
            }
            items.add(new VendorCatalog.Item(
                    idOrNull(item, "[" + i + "].id", "id"),
                    textAt(item, "name", "[" + i + "].name"),
                    textAt(item, "description", "[" + i + "].description")));
        }
        return items;
    }

    private static VendorCatalog.ServiceInput serviceInput(JsonNode node) {
        return new VendorCatalog.ServiceInput(
                text(node, "name"),
                text(node, "description"),
                text(node, "supportArticle"),
                text(node, "supportContact"),
                text(node, "category"),
                text(node, "subcategory"));
    }

    static String text(JsonNode node, String field) {
        return VendorJson.text(node, field);
    }

    private static String textAt(JsonNode node, String field, String path) {
        return VendorJson.textAt(node, field, path);
    }

    private static String idOrNull(JsonNode node, String path, String field) {
        return VendorJson.idOrNull(node, path, field);
    }

    static boolean flag(String name, String value, boolean defaultValue) {
        return VendorJson.flag(name, value, defaultValue);
    }
}
