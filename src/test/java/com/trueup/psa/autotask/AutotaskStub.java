package com.trueup.psa.autotask;

import com.trueup.psa.contract.HttpFakePsa;
import com.trueup.psa.contract.PsaWorld;
import com.trueup.psa.contract.StubServer;
import com.trueup.psa.contract.StubServer.Answer;
import com.trueup.psa.contract.StubServer.Role;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * Datto Autotask as its REST API v1.0 answers: the headers ApiIntegrationCode, UserName and Secret; entities read with
 * {@code POST /{Entity}/query} ({@code {maxRecords, filter:[{op, field, value}]}}, ops eq, gte, lte, in) answering
 * {@code {items, pageDetails}} whose {@code nextPageUrl} is followed with GET; single entities as {@code {item}};
 * units in ContractServiceUnits periods; changes only through {@code POST /ContractServiceAdjustments} with a
 * whole-number {@code unitChange} (a delta), which also adds a service to a contract when no contractServiceID is given.
 */
class AutotaskStub extends HttpFakePsa {

    static final String API = "/ATServicesRest/V1.0";
    static final String USER = "api-trueup@example.com";

    private final Clock clock;
    private final Map<String, List<Map<String, Object>>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger pages = new AtomicInteger();
    private final AtomicInteger adjustments = new AtomicInteger(9000);
    private volatile String rejection;

    AutotaskStub(Clock clock) {
        super(
                AutotaskConnector.DESCRIPTOR.settings(),
                Map.of("username", USER, "secret", "s3cr3t", "integrationCode", "TRUEUPINTEGRATIONCODE"),
                clock);
        this.clock = clock;
        server.authCheck(call -> {
            if (call.path().toLowerCase().endsWith("/zoneinformation")) {
                return null;
            }
            if (rejection != null) {
                return error(401, rejection);
            }
            return USER.equals(call.header("UserName"))
                            && "s3cr3t".equals(call.header("Secret"))
                            && "TRUEUPINTEGRATIONCODE".equals(call.header("ApiIntegrationCode"))
                    ? null
                    : error(401, "User is not authorized");
        });
    }

    @Override
    protected String baseUrl() {
        return server.url() + API;
    }

    String zoneDiscoveryUrl() {
        return server.url() + "/atservicesrest/v1.0";
    }

    @Override
    public String identifier(PsaWorld.Product product) {
        return product.name();
    }

    @Override
    public Map<String, String> smallPages() {
        return Map.of("pageSize", "2");
    }

    @Override
    public void rejectCredentials() {
        rejection = "credentials rejected by the stub";
    }

    @Override
    public Answer error(int status, String message) {
        return Answer.json(status, map("errors", List.of(message)));
    }

    @Override
    protected void routes() {
        server.on(
                "GET",
                "/atservicesrest/v1.0/zoneInformation",
                Role.OTHER,
                (call, m) -> Answer.ok(map(
                        "zoneName",
                        "Pre-Release",
                        "url",
                        server.url() + "/ATServicesRest/",
                        "webUrl",
                        "https://ww5.autotask.net/",
                        "ci",
                        5)));
        entity(
                "Companies",
                Role.READ,
                () -> world.companies().stream()
                        .map(c -> map(
                                "id",
                                num(c.key()),
                                "companyName",
                                c.name(),
                                "companyType",
                                c.standing() == PsaWorld.Standing.PROSPECT ? 3 : 1,
                                "isActive",
                                c.standing() != PsaWorld.Standing.INACTIVE))
                        .toList());
        entity(
                "Services",
                Role.READ,
                () -> world.products().stream()
                        .map(p -> map(
                                "id",
                                num(p.key()),
                                "name",
                                p.name(),
                                "sku",
                                p.code(),
                                "unitPrice",
                                p.price(),
                                "unitCost",
                                p.cost(),
                                "isActive",
                                true))
                        .toList());
        entity(
                "Contracts",
                Role.READ,
                () -> world.contracts().stream()
                        .map(k -> map(
                                "id",
                                num(k.key()),
                                "companyID",
                                num(k.companyKey()),
                                "contractName",
                                k.name(),
                                "contractType",
                                k.kind() == PsaWorld.ContractKind.NOT_RECURRING ? 1 : 7,
                                "status",
                                k.kind() == PsaWorld.ContractKind.ENDED ? 0 : 1))
                        .toList());
        entity(
                "ContractServices",
                Role.READ,
                () -> world.lines().stream().map(this::contractService).toList());
        entity(
                "ContractServiceUnits",
                Role.READ_LINE,
                () -> world.lines().stream().map(this::units).toList());
        server.on("GET", API + "/ContractServices/(\\d+)", Role.READ_LINE, (call, m) -> {
            String key = key(m.group(1));
            return Answer.ok(map(
                    "item",
                    key == null
                            ? null
                            : world.line(key).map(this::contractService).orElse(null)));
        });
        server.on("GET", API + "/([A-Za-z]+)/query/next", Role.READ, (call, m) -> page(call.query("paging")));
        server.on(
                "POST",
                API + "/ContractServiceAdjustments",
                call -> call.json().has("contractServiceID") ? Role.WRITE_QUANTITY : Role.CREATE_LINE,
                (call, m) -> {
                    JsonNode body = call.json();
                    if (!body.path("unitChange").isIntegralNumber()) {
                        return error(500, "unitChange must be a whole number");
                    }
                    if (!body.hasNonNull("effectiveDate")) {
                        return error(500, "effectiveDate is required");
                    }
                    int change = body.path("unitChange").intValue();
                    String contract = key(body.path("contractID").asString());
                    if (body.has("contractServiceID")) {
                        PsaWorld.Line line = world.line(
                                        key(body.path("contractServiceID").asString()))
                                .orElse(null);
                        if (line == null) {
                            return error(500, "ContractService not found");
                        }
                        line.quantity = line.quantity.add(BigDecimal.valueOf(change));
                    } else {
                        String product = key(body.path("serviceID").asString());
                        if (!world.activeLines(contract, product).isEmpty()) {
                            return error(500, "The service is already on the contract");
                        }
                        world.create(
                                contract,
                                product,
                                BigDecimal.valueOf(change),
                                body.path("adjustedUnitPrice").decimalValue(),
                                body.path("adjustedUnitCost").decimalValue());
                    }
                    return Answer.ok(map("itemId", adjustments.incrementAndGet()));
                });
    }

    private Map<String, Object> contractService(PsaWorld.Line l) {
        return map(
                "id",
                num(l.key),
                "contractID",
                num(l.contractKey),
                "serviceID",
                num(l.productKey),
                "unitPrice",
                l.price,
                "unitCost",
                l.cost,
                "adjustedPrice",
                null,
                "invoiceDescription",
                "");
    }

    /** The line's units period: this month for an active line, last month for one that ended. */
    private Map<String, Object> units(PsaWorld.Line l) {
        LocalDate month = LocalDate.now(clock).withDayOfMonth(1).minusMonths(l.cancelled ? 1 : 0);
        return map(
                "id",
                num(l.key) + 500_000,
                "contractID",
                num(l.contractKey),
                "contractServiceID",
                num(l.key),
                "serviceID",
                num(l.productKey),
                "startDate",
                month + "T00:00:00",
                "endDate",
                month.plusMonths(1).minusDays(1) + "T00:00:00",
                "units",
                l.quantity.intValueExact(),
                "price",
                l.price,
                "cost",
                l.cost);
    }

    private void entity(String name, Role role, Supplier<List<Map<String, Object>>> rows) {
        server.on("POST", API + "/" + name + "/query", role, (call, m) -> {
            int max = call.json().path("maxRecords").asInt(500);
            if (max > 500) {
                return error(500, "maxRecords must be 500 or less");
            }
            List<Map<String, Object>> matching = rows.get().stream()
                    .filter(r -> matches(r, call.json().path("filter")))
                    .toList();
            String token = "p" + pages.incrementAndGet();
            List<Map<String, Object>> all = new ArrayList<>(matching);
            pending.put(token, all);
            pending.put(token + "|size", List.of(map("size", max)));
            pending.put(token + "|entity", List.of(map("entity", name)));
            return page(token);
        });
    }

    private Answer page(String token) {
        List<Map<String, Object>> rest = pending.get(token);
        if (rest == null) {
            return error(404, "unknown page");
        }
        int size = (int) pending.get(token + "|size").get(0).get("size");
        String entity = (String) pending.get(token + "|entity").get(0).get("entity");
        List<Map<String, Object>> items = new ArrayList<>(rest.subList(0, Math.min(size, rest.size())));
        List<Map<String, Object>> left = new ArrayList<>(rest.subList(items.size(), rest.size()));
        String next = null;
        if (!left.isEmpty()) {
            String nextToken = "p" + pages.incrementAndGet();
            pending.put(nextToken, left);
            pending.put(nextToken + "|size", List.of(map("size", size)));
            pending.put(nextToken + "|entity", List.of(map("entity", entity)));
            next = server.url() + API + "/" + entity + "/query/next?paging=" + nextToken;
        }
        return Answer.ok(map(
                "items",
                items,
                "pageDetails",
                map("count", items.size(), "requestCount", size, "prevPageUrl", null, "nextPageUrl", next)));
    }

    private static boolean matches(Map<String, Object> row, JsonNode filters) {
        for (JsonNode f : filters) {
            Object actual = row.get(f.path("field").asString());
            JsonNode value = f.path("value");
            boolean ok = switch (f.path("op").asString()) {
                case "eq" -> actual != null && compare(actual, value) == 0;
                case "gte" -> actual != null && compare(actual, value) >= 0;
                case "lte" -> actual != null && compare(actual, value) <= 0;
                case "in" -> actual != null && value.valueStream().anyMatch(v -> compare(actual, v) == 0);
                default -> throw new IllegalArgumentException("op " + f.path("op"));
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static int compare(Object actual, JsonNode value) {
        if (actual instanceof Number n) {
            return new BigDecimal(n.toString())
                    .compareTo(value.isNumber() ? value.decimalValue() : new BigDecimal(value.asString()));
        }
        String a = actual.toString();
        String v = value.asString();
        return a.length() >= 10 && v.length() == 10 ? a.substring(0, 10).compareTo(v) : a.compareTo(v);
    }

    private long num(String key) {
        return Long.parseLong(id(key));
    }

    StubServer stub() {
        return server;
    }
}
