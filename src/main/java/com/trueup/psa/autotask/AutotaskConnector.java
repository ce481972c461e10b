package com.trueup.psa.autotask;

import com.github.benmanes.caffeine.cache.Cache;
import com.trueup.psa.connector.AuthKind;
import com.trueup.psa.connector.BaseUrlField;
import com.trueup.psa.connector.Capabilities;
import com.trueup.psa.connector.ConnectorContext;
import com.trueup.psa.connector.ConnectorDescriptor;
import com.trueup.psa.connector.ConnectorException;
import com.trueup.psa.connector.ConnectorSettings;
import com.trueup.psa.connector.CredentialField;
import com.trueup.psa.connector.LineRef;
import com.trueup.psa.connector.NewLine;
import com.trueup.psa.connector.PsaClient;
import com.trueup.psa.connector.QuantityChange;
import com.trueup.psa.connector.RateLimits;
import com.trueup.psa.connector.RemoteCompany;
import com.trueup.psa.connector.RemoteContract;
import com.trueup.psa.connector.RemoteLine;
import com.trueup.psa.connector.RemoteProduct;
import com.trueup.psa.connector.SettingField;
import com.trueup.psa.connector.SnapshotSink;
import com.trueup.psa.connector.WriteResult;
import com.trueup.psa.connector.WriteStyle;
import com.trueup.psa.connector.http.Authenticator;
import com.trueup.psa.connector.http.HttpApi;
import com.trueup.psa.connector.http.HttpKit;
import com.trueup.psa.connector.http.Json;
import com.trueup.psa.connector.http.JsonHttpConnector;
import com.trueup.psa.connector.http.Paging;
import com.trueup.psa.connector.http.PsaRequest;
import com.trueup.psa.connector.http.Urls;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Datto Autotask PSA (REST API v1.0). Reads Companies, Services, Contracts, ContractServices and the current
 * ContractServiceUnits; changes quantities with ContractServiceAdjustments, whose {@code unitChange} is a whole-number
 * DELTA. Without a base URL the API user's zone is discovered.
 */
@Component
@EnableConfigurationProperties(AutotaskSettings.class)
class AutotaskConnector extends JsonHttpConnector {

    static final String TYPE = "autotask";
    static final int MAX_PAGE_SIZE = 500;
    private static final int IDS_PER_QUERY = 200;

    static final ConnectorDescriptor DESCRIPTOR = ConnectorDescriptor.builder(TYPE, "Datto Autotask PSA")
            .description(
                    "Uses an API user (Admin > Resources/Users, security level 'API User') with its tracking identifier.")
            .baseUrl(BaseUrlField.optional(
                    "Zone URL (optional)",
                    "Leave blank to discover the zone from the user name, "
                            + "e.g. https://webservices5.autotask.net/ATServicesRest/V1.0"))
            .credential(
                    CredentialField.plain("username", "API user name", "The API user's user name (an e-mail address)."))
            .credential(CredentialField.secret("secret", "Secret", "The API user's password / secret."))
            .credential(CredentialField.plain(
                    "integrationCode", "Integration code", "The API tracking identifier of the integration."))
            .credential(CredentialField.plain(
                            "impersonationResourceId",
                            "Impersonation resource id",
                            "Optional: the id of a resource that writes are attributed to.")
                    .optional())
            .setting(SettingField.list(
                    "billableContractTypes",
                    "Billable contract types",
                    "7",
                    "contractType values that count as billable (7: Recurring Service)."))
            .setting(SettingField.list(
                    "billableContractStatuses",
                    "Billable contract statuses",
                    "1",
                    "status values that count as billable (1: Active)."))
            .setting(SettingField.list(
                    "nonBillableCompanyTypes",
                    "Company types not billed",
                    "2,3,4,6,7",
                    "companyType values that are not billed (2 Lead, 3 Prospect, 4 Dead, 6 Cancellation, 7 Vendor)."))
            .setting(SettingField.choice(
                    "serviceIdentifier",
                    "Service identifier",
                    "name",
                    List.of("name", "sku"),
                    "What mapping shows and searches as a service's product code."))
            .setting(pageSize(MAX_PAGE_SIZE))
            .auth(AuthKind.HEADERS)
            .setupHelp("In Autotask, create an API user (Admin > Account Settings & Users > Resources/Users, security "
                    + "level 'API User (system)') whose security level can read companies, services and contracts and "
                    + "add contract service adjustments, and note its integration's API tracking identifier.")
            .capabilities(Capabilities.builder()
                    .readsEverything()
                    .updatesLines(WriteStyle.DELTA)
                    .createsLines()
                    .wholeQuantitiesOnly()
                    .honoursEffectiveDate()
                    .rateLimits(
                            RateLimits.perHour(10_000).sharedByAllIntegrations().concurrent(3))
                    .limitation(
                            "Autotask's 10,000 requests an hour are shared by every integration of the MSP; "
                                    + "going over them suspends the MSP's whole API access, so TrueUp keeps to a share of them.")
                    .build())
            .build();

    private final String zoneDiscoveryUrl;
    /** Each login's zone, discovered again after a while (trueup.psa.http.discovery-cache-*). */
    private final Cache<String, String> zones;

    AutotaskConnector(HttpKit kit, AutotaskSettings settings) {
        super(DESCRIPTOR, kit);
        this.zoneDiscoveryUrl = settings.zoneDiscoveryUrl();
        this.zones = kit.newDiscoveryCache();
    }

    @Override
    protected PsaClient open(ConnectorContext context, Connection connection) {
        String userName = context.requiredCredential("username");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ApiIntegrationCode", context.requiredCredential("integrationCode"));
        headers.put("UserName", userName);
        headers.put("Secret", context.requiredCredential("secret"));
        String impersonation = context.credential("impersonationResourceId");
        if (impersonation != null) {
            headers.put("ImpersonationResourceId", impersonation);
        }
        HttpApi api = connection.api(
                baseUrl(context, connection, userName),
                Authenticator.headers(headers),
                userName.toLowerCase(Locale.ROOT));
        return new Client(api, new Rules(context.settings()));
    }

    /** The REST root (…/ATServicesRest/V1.0): the connection's base URL, else the API user's zone. */
    private String baseUrl(ConnectorContext context, Connection connection, String userName) {
        if (context.baseUrl() != null && !context.baseUrl().isBlank()) {
            return context.baseUrl().strip();
        }
        return zones.get(userName.toLowerCase(Locale.ROOT), user -> {
            JsonNode zone = connection
                    .anonymous()
                    .read(PsaRequest.get(Urls.of(zoneDiscoveryUrl, "/zoneInformation", Map.of("user", userName))))
                    .body();
            String url = Json.text(zone, "url");
            if (url == null || url.isBlank()) {
                throw ConnectorException.permanent("Autotask: no zone found for API user " + userName);
            }
            return (url.endsWith("/") ? url : url + "/") + "V1.0";
        });
    }

    /** Autotask errors: {"errors": ["message", ...]}. */
    @Override
    protected String errorMessage(JsonNode body) {
        String errors = Json.messages(body.get("errors"));
        return errors != null ? errors : Json.text(body, "message");
    }

    /** Which companies and contracts count as billable, and how services are identified, from the settings. */
    private record Rules(ConnectorSettings settings) {

        boolean companyBillable(JsonNode company) {
            return Json.bool(company, "isActive", true)
                    && !settings.contains("nonBillableCompanyTypes", Json.id(company, "companyType"));
        }

        boolean contractBillable(JsonNode contract) {
            return settings.contains("billableContractTypes", Json.id(contract, "contractType"))
                    && settings.contains("billableContractStatuses", Json.id(contract, "status"));
        }

        RemoteProduct product(JsonNode service) {
            String name = Json.text(service, "name");
            String sku = Json.text(service, "sku");
            String identifier =
                    "sku".equals(settings.text("serviceIdentifier")) && sku != null && !sku.isBlank() ? sku : name;
            return new RemoteProduct(
                    Json.id(service, "id"),
                    identifier,
                    name,
                    Json.decimal(service, "unitPrice"),
                    Json.decimal(service, "unitCost"));
        }
    }

    private static final class Client implements PsaClient {

        private final HttpApi api;
        private final Rules rules;

        Client(HttpApi api, Rules rules) {
            this.api = api;
            this.rules = rules;
        }

        @Override
        public String testConnection() {
            ObjectNode body = Json.object().put("maxRecords", 1);
            body.set("includeFields", Json.array().add("id"));
            body.set("filter", Json.array().add(filter("gte", "id", Json.number(BigDecimal.ZERO))));
            api.read(PsaRequest.post(api.uri("/Companies/query"), body));
            return "Connected to Autotask at " + java.net.URI.create(api.base()).getHost();
        }

        @Override
        public void readSnapshot(SnapshotSink sink) {
            LocalDate today = api.context().today();
            query(
                    "Companies",
                    all(),
                    company -> sink.company(new RemoteCompany(
                            Json.id(company, "id"),
                            Json.text(company, "companyName"),
                            rules.companyBillable(company))));
            query("Services", all(), service -> sink.product(rules.product(service)));
            Map<String, String> billableContracts = new LinkedHashMap<>();
            query("Contracts", all(), contract -> {
                boolean billable = rules.contractBillable(contract);
                String id = Json.id(contract, "id");
                sink.contract(new RemoteContract(
                        id, Json.id(contract, "companyID"), Json.text(contract, "contractName"), billable));
                if (billable) {
                    billableContracts.put(id, Json.id(contract, "companyID"));
                }
            });
            List<String> ids = new ArrayList<>(billableContracts.keySet());
            for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY));
                Map<String, JsonNode> currentUnits = new HashMap<>();
                ArrayNode unitsFilter = Json.array()
                        .add(in("contractID", chunk))
                        .add(filter(
                                "lte", "startDate", Json.MAPPER.getNodeFactory().stringNode(today.toString())))
                        .add(filter(
                                "gte", "endDate", Json.MAPPER.getNodeFactory().stringNode(today.toString())));
                query("ContractServiceUnits", unitsFilter, unit -> {
                    if (covers(unit, today)) {
                        currentUnits.merge(Json.id(unit, "contractServiceID"), unit, AutotaskConnector::later);
                    }
                });
                query("ContractServices", Json.array().add(in("contractID", chunk)), service -> {
                    String id = Json.id(service, "id");
                    String contractId = Json.id(service, "contractID");
                    JsonNode unit = currentUnits.get(id);
                    sink.line(new RemoteLine(
                            id,
                            contractId,
                            billableContracts.get(contractId),
                            Json.id(service, "serviceID"),
                            unit == null ? BigDecimal.ZERO : Json.decimal(unit, "units"),
                            unitPrice(service),
                            Json.decimal(service, "unitCost"),
                            unit != null));
                });
            }
        }

        /** The units of the ContractServiceUnits period covering {@code date} (else the latest before it; else 0). */
        @Override
        public Optional<BigDecimal> readQuantity(LineRef line, LocalDate date) {
            if (item("ContractServices", line.externalLineId()).isEmpty()) {
                return Optional.empty();
            }
            List<JsonNode> periods = new ArrayList<>();
            ArrayNode f = Json.array()
                    .add(filter("eq", "contractServiceID", Json.idValue(line.externalLineId())))
                    .add(filter("lte", "startDate", Json.MAPPER.getNodeFactory().stringNode(date.toString())));
            query("ContractServiceUnits", f, periods::add);
            return Optional.of(periods.stream()
                    .filter(p -> line.externalLineId().equals(Json.id(p, "contractServiceID")))
                    .filter(p -> Json.date(p, "startDate") != null
                            && !Json.date(p, "startDate").isAfter(date))
                    .max(Comparator.comparing((JsonNode p) -> covers(p, date))
                            .thenComparing(p -> Json.date(p, "startDate")))
                    .map(p -> Json.decimal(p, "units"))
                    .orElse(BigDecimal.ZERO));
        }

        @Override
        public WriteResult writeQuantity(LineRef line, QuantityChange change) {
            JsonNode service = item("ContractServices", line.externalLineId())
                    .orElseThrow(() -> ConnectorException.permanent(
                            "Autotask: contract service " + line.externalLineId() + " no longer exists"));
            int units = change.delta().intValueExact();
            ObjectNode body = Json.object();
            body.set(
                    "contractID",
                    Json.idValue(firstNonNull(Json.id(service, "contractID"), line.externalContractId())));
            body.set("contractServiceID", Json.idValue(line.externalLineId()));
            body.set("serviceID", Json.idValue(firstNonNull(Json.id(service, "serviceID"), line.productExternalId())));
            body.put("effectiveDate", change.effectiveDate().toString());
            body.put("unitChange", units);
            BigDecimal price = unitPrice(service);
            if (price != null) {
                body.set("adjustedUnitPrice", Json.number(price));
            }
            BigDecimal cost = Json.decimal(service, "unitCost");
            if (cost != null) {
                body.set("adjustedUnitCost", Json.number(cost));
            }
            JsonNode created = api.write(PsaRequest.post(api.uri("/ContractServiceAdjustments"), body));
            return new WriteResult(
                    Json.id(created, "itemId"),
                    change.target(),
                    "units changed by " + (units > 0 ? "+" : "")
                            + units + " from " + change.current().toPlainString() + " to "
                            + change.target().toPlainString()
                            + " from " + change.effectiveDate());
        }

        @Override
        public String contractForNewLine(String companyId) {
            List<String> ids = new ArrayList<>();
            query("Contracts", Json.array().add(filter("eq", "companyID", Json.idValue(companyId))), contract -> {
                if (rules.contractBillable(contract)) {
                    ids.add(Json.id(contract, "id"));
                }
            });
            return ids.stream()
                    .findFirst()
                    .orElseThrow(() -> ConnectorException.permanent("Autotask: company " + companyId
                            + " has no active Recurring Service contract to add the service to"));
        }

        @Override
        public Optional<String> findLine(NewLine line) {
            List<String> found = new ArrayList<>();
            query(
                    "ContractServices",
                    Json.array()
                            .add(filter("eq", "contractID", Json.idValue(line.contractExternalId())))
                            .add(filter(
                                    "eq",
                                    "serviceID",
                                    Json.idValue(line.product().externalId()))),
                    s -> found.add(Json.id(s, "id")));
            return found.stream().findFirst();
        }

        @Override
        public WriteResult createLine(NewLine line) {
            int units = line.quantity().intValueExact();
            ObjectNode body = Json.object();
            body.set("contractID", Json.idValue(line.contractExternalId()));
            body.set("serviceID", Json.idValue(line.product().externalId()));
            body.put("effectiveDate", line.effectiveDate().toString());
            body.put("unitChange", units);
            if (line.product().unitPrice() != null) {
                body.set("adjustedUnitPrice", Json.number(line.product().unitPrice()));
            }
            if (line.product().unitCost() != null) {
                body.set("adjustedUnitCost", Json.number(line.product().unitCost()));
            }
            JsonNode created = api.write(PsaRequest.post(api.uri("/ContractServiceAdjustments"), body));
            String adjustment = Json.id(created, "itemId");
            // the answer names the adjustment, not the contract service it created: look that up
            String serviceId = findLine(line).orElse(null);
            return new WriteResult(
                    serviceId,
                    line.quantity(),
                    "service " + line.product().identifier() + " added to contract " + line.contractExternalId()
                            + " with " + units + " units (adjustment " + adjustment + ")");
        }

        /** One entity by id ({"item": {...}}); empty when Autotask does not have it. */
        private Optional<JsonNode> item(String entity, String id) {
            return api.find("/" + entity + "/" + Urls.segment(id), Map.of())
                    .map(body -> body.get("item"))
                    .filter(item -> item != null && !item.isNull());
        }

        /** POST /{entity}/query with the filter, then every pageDetails.nextPageUrl (same host only). */
        private void query(String entity, ArrayNode filter, Consumer<JsonNode> each) {
            ObjectNode body = Json.object().put("maxRecords", api.pageSize());
            body.set("filter", filter);
            api.forEach(
                    Paging.linked(
                            PsaRequest.post(api.uri("/" + entity + "/query"), body),
                            page -> Json.array(page, "items"),
                            page -> Json.text(page.path("pageDetails"), "nextPageUrl")),
                    each);
        }
    }

    private static boolean covers(JsonNode period, LocalDate date) {
        LocalDate start = Json.date(period, "startDate");
        LocalDate end = Json.date(period, "endDate");
        return start != null && !start.isAfter(date) && (end == null || !end.isBefore(date));
    }

    private static JsonNode later(JsonNode a, JsonNode b) {
        return Json.date(b, "startDate").isAfter(Json.date(a, "startDate")) ? b : a;
    }

    /** The per-unit price the customer pays: the contract service's adjusted price when set, else its unit price. */
    private static BigDecimal unitPrice(JsonNode contractService) {
        BigDecimal adjusted = Json.decimal(contractService, "adjustedPrice");
        return adjusted != null ? adjusted : Json.decimal(contractService, "unitPrice");
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    private static ArrayNode all() {
        return Json.array().add(filter("gte", "id", Json.number(BigDecimal.ZERO)));
    }

    private static ObjectNode filter(String op, String field, JsonNode value) {
        ObjectNode f = Json.object().put("op", op).put("field", field);
        f.set("value", value);
        return f;
    }

    private static ObjectNode in(String field, List<String> ids) {
        ArrayNode values = Json.array();
        ids.forEach(id -> values.add(Json.idValue(id)));
        return filter("in", field, values);
    }
}
