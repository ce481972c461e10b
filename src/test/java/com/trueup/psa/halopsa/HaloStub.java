package com.trueup.psa.halopsa;

import com.trueup.psa.contract.HttpFakePsa;
import com.trueup.psa.contract.PsaWorld;
import com.trueup.psa.contract.StubServer.Answer;
import com.trueup.psa.contract.StubServer.Call;
import com.trueup.psa.contract.StubServer.Role;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * HaloPSA as its "Halo API" v2 answers, shaped like a captured {@code GET /api/RecurringInvoice/-94}: recurring
 * invoices have negative ids and their lines an integer {@code ihid}; the invoice's title is {@code reference} (its
 * {@code name} is the bill-to name); {@code disabled} and the schedule's {@code end_date} say whether it still bills;
 * lines carry {@code recurring_invoice_quantity_type} (0: fixed). Lists answer {@code record_count} and cap a page at
 * {@link #cap} items whatever {@code page_size} asks. Tokens come from {@code /auth/token} (client credentials).
 */
class HaloStub extends HttpFakePsa {

    /** Lines whose quantity Halo computes: world line key → quantity type (1 licences, 2 users, 3 devices, 4 subscriptions). */
    final Map<String, Integer> computed = new ConcurrentHashMap<>();
    /** The most items a list page holds. */
    volatile int cap = 100;

    private final AtomicInteger tokens = new AtomicInteger();
    private volatile boolean rejecting;
    private final AtomicInteger invoiceIds = new AtomicInteger(90);
    private final Clock clock;

    HaloStub(Clock clock) {
        super(
                HaloPsaConnector.DESCRIPTOR.settings(),
                Map.of("clientId", "halo-client", "clientSecret", "halo-secret", "tenant", "trueup"),
                clock);
        this.clock = clock;
        server.authCheck(call -> call.role() == Role.TOKEN
                        || (call.header("Authorization") != null
                                && call.header("Authorization").startsWith("Bearer tok-"))
                ? null
                : error(401, "Unauthorized"));
    }

    @Override
    protected String newId(String key) {
        return key.startsWith("k") ? Integer.toString(-invoiceIds.incrementAndGet()) : super.newId(key);
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
        rejecting = true;
    }

    @Override
    public Answer error(int status, String message) {
        return Answer.json(status, "\"" + message + "\"");
    }

    @Override
    protected void routes() {
        server.on("POST", "/auth/token", Role.TOKEN, (call, m) -> {
            Map<String, String> form = call.form();
            if (rejecting) {
                return Answer.json(
                        401, map("error", "invalid_client", "error_description", "credentials rejected by the stub"));
            }
            if (!"trueup".equals(call.query("tenant"))
                    || !"client_credentials".equals(form.get("grant_type"))
                    || !"halo-client".equals(form.get("client_id"))
                    || !"halo-secret".equals(form.get("client_secret"))) {
                return Answer.json(
                        400, map("error", "invalid_client", "error_description", "The client secret is not valid"));
            }
            return Answer.ok(map(
                    "access_token",
                    "tok-" + tokens.incrementAndGet(),
                    "token_type",
                    "Bearer",
                    "expires_in",
                    3600,
                    "scope",
                    form.get("scope")));
        });
        server.on(
                "GET",
                "/api/Client",
                Role.READ,
                (call, m) -> list(
                        call,
                        "clients",
                        world.companies().stream()
                                .map(c -> map(
                                        "id",
                                        num(c.key()),
                                        "name",
                                        c.name(),
                                        "inactive",
                                        !c.billable(),
                                        "toplevel_id",
                                        1,
                                        "toplevel_name",
                                        "Customers"))
                                .toList()));
        server.on(
                "GET",
                "/api/Item",
                Role.READ,
                (call, m) -> list(
                        call,
                        "items",
                        world.products().stream()
                                .map(p -> map(
                                        "id",
                                        num(p.key()),
                                        "name",
                                        p.name(),
                                        "internalreference",
                                        p.code(),
                                        "externalreference",
                                        "",
                                        "baseprice",
                                        p.price(),
                                        "costprice",
                                        p.cost(),
                                        "status",
                                        0))
                                .toList()));
        server.on("GET", "/api/RecurringInvoice", Role.READ, (call, m) -> {
            String clientId = call.query("client_id");
            boolean withLines = "true".equals(call.query("includelines"));
            return list(
                    call,
                    "invoices",
                    world.contracts().stream()
                            .filter(k -> clientId == null || id(k.companyKey()).equals(clientId))
                            .map(k -> invoice(k, withLines))
                            .toList());
        });
        server.on("GET", "/api/RecurringInvoice/(-?\\d+)", Role.READ_LINE, (call, m) -> {
            String key = key(m.group(1));
            return key == null || world.contract(key) == null
                    ? error(404, "Recurring invoice not found")
                    : Answer.ok(invoice(world.contract(key), true));
        });
        server.on("POST", "/api/RecurringInvoice/updatelines", Role.WRITE_QUANTITY, (call, m) -> {
            for (JsonNode sent : call.json()) {
                if (!sent.path("ihid").isIntegralNumber() || !sent.path("id").isIntegralNumber()) {
                    return error(400, "ihid and id must be integers");
                }
                Optional<PsaWorld.Line> line = world.line(key(sent.path("id").asString()));
                if (line.isEmpty()) {
                    return error(400, "Invoice line " + sent.path("id") + " not found");
                }
                line.get().quantity = sent.path("qty_order").decimalValue();
            }
            return new Answer(200, "", Map.of());
        });
        server.on("POST", "/api/RecurringInvoice/Lines", Role.CREATE_LINE, (call, m) -> {
            for (JsonNode sent : call.json()) {
                if (!sent.path("ihid").isIntegralNumber()
                        || !sent.path("_itemid").isIntegralNumber()) {
                    return error(400, "ihid and _itemid must be integers");
                }
                String product = key(sent.path("_itemid").asString());
                world.create(
                        key(sent.path("ihid").asString()),
                        product,
                        sent.path("qty_order").decimalValue(),
                        sent.path("unit_price").decimalValue(),
                        sent.path("unit_cost").decimalValue());
            }
            return new Answer(200, "", Map.of());
        });
    }

    private Map<String, Object> invoice(PsaWorld.Contract k, boolean withLines) {
        PsaWorld.Company company = world.company(k.companyKey());
        boolean ended = k.kind() == PsaWorld.ContractKind.ENDED;
        Map<String, Object> header = map(
                "disabled",
                k.kind() == PsaWorld.ContractKind.NOT_RECURRING,
                "id",
                num(k.key()),
                "client_id",
                num(k.companyKey()),
                "client_name",
                company.name(),
                "name",
                company.name(),
                "reference",
                k.name(),
                "is_recurring_invoice",
                true,
                "schedule",
                map(
                        "id",
                        150,
                        "disabled",
                        false,
                        "startdate",
                        "2023-01-01T12:00:00",
                        "end_date",
                        ended ? "2024-01-31T00:00:00" : "2099-12-31T00:00:00",
                        "period",
                        2));
        if (withLines) {
            List<Object> lines = new ArrayList<>();
            lines.add(map(
                    "id",
                    9,
                    "ihid",
                    num(k.key()),
                    "_itemid",
                    0,
                    "item_shortdescription",
                    "Monthly services",
                    "isgroupdesc",
                    true,
                    "qty_order",
                    0.0));
            world.linesOf(k.key()).forEach(l -> lines.add(line(l)));
            header.put("lines", lines);
        }
        return header;
    }

    private Map<String, Object> line(PsaWorld.Line l) {
        LocalDate ended = LocalDate.now(clock).minusDays(14);
        return map(
                "id",
                num(l.key),
                "ihid",
                num(l.contractKey),
                "_itemid",
                num(l.productKey),
                "item_code",
                "",
                "item_shortdescription",
                world.product(l.productKey).name(),
                "qty_order",
                l.quantity,
                "unit_price",
                l.price,
                "unit_cost",
                l.cost,
                "isinactive",
                l.cancelled,
                "isgroupdesc",
                false,
                "recurring_invoice_quantity_type",
                computed.getOrDefault(l.key, 0),
                "startdate",
                "2023-01-01T00:00:00",
                "enddate",
                l.cancelled ? ended + "T00:00:00" : null);
    }

    private Answer list(Call call, String field, List<Map<String, Object>> all) {
        int asked = call.query("page_size") == null ? 50 : Integer.parseInt(call.query("page_size"));
        int page = call.query("page_no") == null ? 1 : Integer.parseInt(call.query("page_no"));
        int size = Math.min(asked, cap); // Halo pages by at most `cap` items, whatever page_size asks
        return Answer.ok(map("page_size", asked, "record_count", all.size(), field, page(all, page, size)));
    }

    private long num(String key) {
        return Long.parseLong(id(key));
    }

    int tokensIssued() {
        return tokens.get();
    }
}
