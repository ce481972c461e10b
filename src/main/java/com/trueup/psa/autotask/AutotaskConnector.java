package com.trueup.psa.autotask;

import com.trueup.psa.ConnectorCapabilities;
import com.trueup.psa.PsaException;
import com.trueup.psa.PsaException.Kind;
import com.trueup.psa.PsaWriter.WriteResult;
import com.trueup.psa.connector.ConnectorContext;
import com.trueup.psa.connector.LineRef;
import com.trueup.psa.connector.PsaConnector;
import com.trueup.psa.connector.RemoteCompany;
import com.trueup.psa.connector.RemoteContract;
import com.trueup.psa.connector.RemoteLine;
import com.trueup.psa.connector.RemoteProduct;
import com.trueup.psa.connector.SnapshotSink;
import com.trueup.psa.http.CallAuth;
import com.trueup.psa.http.Json;
import com.trueup.psa.http.PsaCallException;
import com.trueup.psa.http.PsaHttp;
import com.trueup.psa.http.PsaHttpSettings;
import com.trueup.psa.http.PsaRequest;
import com.trueup.psa.http.PsaSession;
import com.trueup.psa.http.RequestGate;
import com.trueup.psa.http.Settings;
import com.trueup.psa.http.Sleeper;
import com.trueup.psa.http.Urls;
import com.trueup.psa.http.WriteGuard;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Datto Autotask PSA (REST API v1.0). Reads Companies, Services, Contracts, ContractServices and the current
 * ContractServiceUnits; changes quantities with ContractServiceAdjustments, whose {@code unitChange} is a whole-number
 * DELTA: the current units are read first for the effective date, the change is target − current (nothing is sent when
 * it is 0), and a fractional target is refused. Credentials: {@code username}, {@code secret},
 * {@code integrationCode}, optional {@code impersonationResourceId}; without a base URL the zone is discovered.
 */
@Component
class AutotaskConnector implements PsaConnector {

    static final String TYPE = "autotask";
    static final int MAX_PAGE_SIZE = 500;
    static final int DOCUMENTED_REQUESTS_PER_HOUR = 10_000;
    private static final int IDS_PER_QUERY = 200;
    private static final int MAX_PAGES = 10_000;
    private static final ConnectorCapabilities CAPABILITIES =
            new ConnectorCapabilities(true, false, true, true, DOCUMENTED_REQUESTS_PER_HOUR);

    private final PsaHttp http;
    private final AutotaskLimits limits;
    private final String zoneDiscoveryUrl;
    private final Map<String, String> zones = new ConcurrentHashMap<>();

    AutotaskConnector(PsaHttpSettings settings, Sleeper sleeper, Clock clock,
                      @Value("${trueup.psa.autotask.zone-discovery-url:https://webservices.autotask.net/atservicesrest/v1.0}")
                      String zoneDiscoveryUrl,
                      @Value("${trueup.psa.autotask.requests-per-hour:5000}") int requestsPerHour,
                      @Value("${trueup.psa.autotask.concurrent-requests:3}") int concurrentRequests) {
        this.http = new PsaHttp("Autotask", settings, sleeper, clock, AutotaskConnector::errorMessage);
        this.limits = new AutotaskLimits(concurrentRequests, requestsPerHour, settings.gateWait());
        this.zoneDiscoveryUrl = zoneDiscoveryUrl;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ConnectorCapabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public String testConnection(ConnectorContext context) {
        Api api = api(context);
        ObjectNode body = Json.object().put("maxRecords", 1);
        body.set("includeFields", Json.array().add("id"));
        body.set("filter", Json.array().add(filter("gte", "id", Json.number(BigDecimal.ZERO))));
        api.session.read(PsaRequest.post(api.uri("/Companies/query"), body));
        return "Connected to Autotask at " + URI.create(api.base).getHost();
    }

    @Override
    public void readSnapshot(ConnectorContext context, SnapshotSink sink) {
        Api api = api(context);
        LocalDate today = LocalDate.now(context.clock());
        api.query("Companies", all(), company -> sink.company(new RemoteCompany(Json.id(company, "id"),
                Json.text(company, "companyName"), api.rules.companyBillable(company))));
        api.query("Services", all(), service -> sink.product(api.rules.product(service)));
        Map<String, String> billableContracts = new LinkedHashMap<>();
        api.query("Contracts", all(), contract -> {
            boolean billable = api.rules.contractBillable(contract);
            String id = Json.id(contract, "id");
            sink.contract(new RemoteContract(id, Json.id(contract, "companyID"), Json.text(contract, "contractName"), billable));
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
                    .add(filter("lte", "startDate", Json.MAPPER.getNodeFactory().stringNode(today.toString())))
                    .add(filter("gte", "endDate", Json.MAPPER.getNodeFactory().stringNode(today.toString())));
            api.query("ContractServiceUnits", unitsFilter, unit -> {
                if (covers(unit, today)) {
                    currentUnits.merge(Json.id(unit, "contractServiceID"), unit, AutotaskConnector::later);
                }
            });
            api.query("ContractServices", Json.array().add(in("contractID", chunk)), service -> {
                String id = Json.id(service, "id");
                String contractId = Json.id(service, "contractID");
                JsonNode unit = currentUnits.get(id);
                sink.line(new RemoteLine(id, contractId, billableContracts.get(contractId), Json.id(service, "serviceID"),
                        unit == null ? BigDecimal.ZERO : Json.decimal(unit, "units"), unitPrice(service),
                        Json.decimal(service, "unitCost"), unit != null));
            });
        }
    }

    @Override
    public BigDecimal readQuantity(ConnectorContext context, LineRef line) {
        Api api = api(context);
        JsonNode service = api.item("ContractServices", line.externalLineId());
        return service == null ? null : unitsAt(api, line.externalLineId(), LocalDate.now(context.clock()));
    }

    @Override
    public WriteResult setQuantity(ConnectorContext context, LineRef line, BigDecimal target, LocalDate effectiveDate,
                                   String idempotencyKey) {
        return setQuantity(api(context), line, target, effectiveDate);
    }

    @Override
    public WriteResult createLine(ConnectorContext context, String companyExternalId, String contractExternalId,
                                  RemoteProduct product, BigDecimal quantity, LocalDate effectiveDate, String idempotencyKey) {
        int units = whole(quantity);
        Api api = api(context);
        LocalDate effective = effectiveDate != null ? effectiveDate : LocalDate.now(context.clock());
        String contractId = contractExternalId != null ? contractExternalId : billableContractOf(api, companyExternalId);
        return WriteGuard.ensureLine(api.session,
                () -> findContractService(api, contractId, product.externalId()),
                serviceId -> setQuantity(api, new LineRef(serviceId, contractId, companyExternalId, product.externalId()),
                        quantity, effective),
                () -> {
                    ObjectNode body = Json.object();
                    body.set("contractID", Json.idValue(contractId));
                    body.set("serviceID", Json.idValue(product.externalId()));
                    body.put("effectiveDate", effective.toString());
                    body.put("unitChange", units);
                    if (product.unitPrice() != null) {
                        body.set("adjustedUnitPrice", Json.number(product.unitPrice()));
                    }
                    if (product.unitCost() != null) {
                        body.set("adjustedUnitCost", Json.number(product.unitCost()));
                    }
                    JsonNode created = api.session.write(PsaRequest.post(api.uri("/ContractServiceAdjustments"), body)).body();
                    String adjustment = Json.id(created, "itemId");
                    String serviceId = findContractService(api, contractId, product.externalId()).orElse(adjustment);
                    return new WriteResult(serviceId, quantity, "service " + product.identifier() + " added to contract "
                            + contractId + " with " + units + " units (adjustment " + adjustment + ")");
                });
    }

    private WriteResult setQuantity(Api api, LineRef line, BigDecimal target, LocalDate effectiveDate) {
        whole(target);
        LocalDate effective = effectiveDate != null ? effectiveDate : LocalDate.now(api.context.clock());
        JsonNode[] service = new JsonNode[1];
        return WriteGuard.toTarget(api.session, line.externalLineId(), target, true, () -> {
            service[0] = api.item("ContractServices", line.externalLineId());
            return service[0] == null ? null : unitsAt(api, line.externalLineId(), effective);
        }, current -> {
            int change = target.subtract(current).intValueExact();
            JsonNode cs = service[0];
            ObjectNode body = Json.object();
            body.set("contractID", Json.idValue(firstNonNull(Json.id(cs, "contractID"), line.externalContractId())));
            body.set("contractServiceID", Json.idValue(line.externalLineId()));
            body.set("serviceID", Json.idValue(firstNonNull(Json.id(cs, "serviceID"), line.productExternalId())));
            body.put("effectiveDate", effective.toString());
            body.put("unitChange", change);
            BigDecimal price = unitPrice(cs);
            if (price != null) {
                body.set("adjustedUnitPrice", Json.number(price));
            }
            BigDecimal cost = Json.decimal(cs, "unitCost");
            if (cost != null) {
                body.set("adjustedUnitCost", Json.number(cost));
            }
            JsonNode created = api.session.write(PsaRequest.post(api.uri("/ContractServiceAdjustments"), body)).body();
            return new WriteResult(Json.id(created, "itemId"), target, "units changed by " + (change > 0 ? "+" : "") + change
                    + " from " + current.toPlainString() + " to " + target.toPlainString() + " from " + effective);
        });
    }

    /** The whole number of a quantity; a fraction is refused (it must be rounded by the connection's mode first). */
    private static int whole(BigDecimal quantity) {
        try {
            return quantity.stripTrailingZeros().intValueExact();
        } catch (ArithmeticException e) {
            throw new PsaException(Kind.PERMANENT, "Autotask accepts whole units only, not " + quantity.toPlainString()
                    + "; round it with the connection's rounding mode first");
        }
    }

    /** The units of the ContractServiceUnits period covering {@code date} (else the latest period before it; else 0). */
    private BigDecimal unitsAt(Api api, String contractServiceId, LocalDate date) {
        List<JsonNode> periods = new ArrayList<>();
        ArrayNode f = Json.array()
                .add(filter("eq", "contractServiceID", Json.idValue(contractServiceId)))
                .add(filter("lte", "startDate", Json.MAPPER.getNodeFactory().stringNode(date.toString())));
        api.query("ContractServiceUnits", f, periods::add);
        return periods.stream()
                .filter(p -> contractServiceId.equals(Json.id(p, "contractServiceID")))
                .filter(p -> Json.date(p, "startDate") != null && !Json.date(p, "startDate").isAfter(date))
                .max(Comparator.comparing((JsonNode p) -> covers(p, date)).thenComparing(p -> Json.date(p, "startDate")))
                .map(p -> Json.decimal(p, "units"))
                .orElse(BigDecimal.ZERO);
    }

    private Optional<String> findContractService(Api api, String contractId, String serviceId) {
        List<String> found = new ArrayList<>();
        api.query("ContractServices", Json.array()
                .add(filter("eq", "contractID", Json.idValue(contractId)))
                .add(filter("eq", "serviceID", Json.idValue(serviceId))), s -> found.add(Json.id(s, "id")));
        return found.stream().findFirst();
    }

    private String billableContractOf(Api api, String companyId) {
        List<String> ids = new ArrayList<>();
        api.query("Contracts", Json.array().add(filter("eq", "companyID", Json.idValue(companyId))), contract -> {
            if (api.rules.contractBillable(contract)) {
                ids.add(Json.id(contract, "id"));
            }
        });
        return ids.stream().findFirst().orElseThrow(() -> new PsaException(Kind.PERMANENT,
                "Autotask: company " + companyId + " has no active Recurring Service contract to add the service to"));
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

    /** Autotask errors: {"errors": ["message", ...]}. */
    static String errorMessage(JsonNode body) {
        List<JsonNode> errors = Json.array(body, "errors");
        if (!errors.isEmpty()) {
            return errors.stream().map(e -> e.isValueNode() ? e.asString() : Json.text(e, "message"))
                    .filter(m -> m != null && !m.isBlank()).collect(Collectors.joining("; "));
        }
        return Json.text(body, "message");
    }

    private Api api(ConnectorContext context) {
        String userName = required(context, "username");
        String secret = required(context, "secret");
        String integrationCode = required(context, "integrationCode");
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ApiIntegrationCode", integrationCode);
        headers.put("UserName", userName);
        headers.put("Secret", secret);
        String impersonation = context.credential("impersonationResourceId");
        if (impersonation != null && !impersonation.isBlank()) {
            headers.put("ImpersonationResourceId", impersonation.strip());
        }
        PsaSession session = http.session(CallAuth.of(Map.copyOf(headers)), limits.gate(integrationCode, userName));
        return new Api(session, baseUrl(context, userName), context, new Rules(context));
    }

    /** The REST root (…/ATServicesRest/V1.0): the connection's base URL, else the API user's zone. */
    private String baseUrl(ConnectorContext context, String userName) {
        if (context.baseUrl() != null && !context.baseUrl().isBlank()) {
            String base = context.baseUrl().strip();
            return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        }
        return zones.computeIfAbsent(userName.toLowerCase(java.util.Locale.ROOT), user -> {
            PsaSession anonymous = http.session(CallAuth.of(Map.of()), RequestGate.OPEN);
            JsonNode zone = anonymous.read(PsaRequest.get(Urls.of(zoneDiscoveryUrl, "/zoneInformation", Map.of("user", userName)))).body();
            String url = Json.text(zone, "url");
            if (url == null || url.isBlank()) {
                throw new PsaException(Kind.PERMANENT, "Autotask: no zone found for API user " + userName);
            }
            return (url.endsWith("/") ? url : url + "/") + "V1.0";
        });
    }

    private static String required(ConnectorContext context, String name) {
        String value = context.credential(name);
        if (value == null || value.isBlank()) {
            throw new PsaException(Kind.PERMANENT, "Autotask: the connection has no " + name);
        }
        return value.strip();
    }

    /** Which companies and contracts count as billable, and how services are identified, from the settings. */
    private static final class Rules {
        final Set<String> billableContractTypes;
        final Set<String> billableContractStatuses;
        final Set<String> nonBillableCompanyTypes;
        final boolean identifyBySku;
        final int pageSize;

        Rules(ConnectorContext context) {
            billableContractTypes = Settings.list(context.setting("billableContractTypes", "7"));
            billableContractStatuses = Settings.list(context.setting("billableContractStatuses", "1"));
            nonBillableCompanyTypes = Settings.list(context.setting("nonBillableCompanyTypes", "2,3,4,6,7"));
            identifyBySku = "sku".equalsIgnoreCase(context.setting("serviceIdentifier", "name").strip());
            pageSize = Settings.pageSize(context.setting("pageSize", null), MAX_PAGE_SIZE, MAX_PAGE_SIZE);
        }

        boolean companyBillable(JsonNode company) {
            return Json.bool(company, "isActive", true)
                    && !Settings.contains(nonBillableCompanyTypes, Json.id(company, "companyType"));
        }

        boolean contractBillable(JsonNode contract) {
            return Settings.contains(billableContractTypes, Json.id(contract, "contractType"))
                    && Settings.contains(billableContractStatuses, Json.id(contract, "status"));
        }

        RemoteProduct product(JsonNode service) {
            String name = Json.text(service, "name");
            String sku = Json.text(service, "sku");
            String identifier = identifyBySku && sku != null && !sku.isBlank() ? sku : name;
            return new RemoteProduct(Json.id(service, "id"), identifier, name, Json.decimal(service, "unitPrice"),
                    Json.decimal(service, "unitCost"));
        }
    }

    /** One operation's view of a connection. */
    private static final class Api {
        final PsaSession session;
        final String base;
        final ConnectorContext context;
        final Rules rules;

        Api(PsaSession session, String base, ConnectorContext context, Rules rules) {
            this.session = session;
            this.base = base;
            this.context = context;
            this.rules = rules;
        }

        URI uri(String path) {
            return Urls.of(base, path);
        }

        /** One entity by id ({"item": {...}}); null when Autotask does not have it. */
        JsonNode item(String entity, String id) {
            try {
                JsonNode body = session.read(PsaRequest.get(uri("/" + entity + "/" + Urls.segment(id)))).body();
                JsonNode item = body.get("item");
                return item == null || item.isNull() ? null : item;
            } catch (PsaCallException e) {
                if (e.status() == 404) {
                    return null;
                }
                throw e;
            }
        }

        /** POST /{entity}/query with the filter, then every pageDetails.nextPageUrl (same host only). */
        void query(String entity, ArrayNode filter, Consumer<JsonNode> each) {
            ObjectNode body = Json.object().put("maxRecords", rules.pageSize);
            body.set("filter", filter);
            JsonNode page = session.read(PsaRequest.post(uri("/" + entity + "/query"), body)).body();
            for (int pages = 1; ; pages++) {
                Json.array(page, "items").forEach(each);
                String next = Json.text(page.path("pageDetails"), "nextPageUrl");
                if (next == null || next.isBlank()) {
                    return;
                }
                URI nextUri = URI.create(next);
                if (!sameOrigin(nextUri, URI.create(base))) {
                    throw new PsaException(Kind.PERMANENT, "Autotask: next page of " + entity + " points to another host");
                }
                if (pages >= MAX_PAGES) {
                    throw new PsaException(Kind.PERMANENT, "Autotask: more than " + MAX_PAGES + " pages of " + entity);
                }
                page = session.read(PsaRequest.get(nextUri)).body();
            }
        }

        private static boolean sameOrigin(URI a, URI b) {
            return a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost()) && a.getPort() == b.getPort()
                    && a.getScheme().equalsIgnoreCase(b.getScheme());
        }
    }
}
