package com.trueup.psa.syncro;

import com.trueup.psa.contract.HttpFakePsa;
import com.trueup.psa.contract.PsaWorld;
import com.trueup.psa.contract.StubServer.Answer;
import com.trueup.psa.contract.StubServer.Call;
import com.trueup.psa.contract.StubServer.Role;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Syncro as its REST API v1 answers (shapes of the official swagger's examples and of a captured GET /schedules):
 * {@code Authorization: Bearer <token>}; integer ids; customers paged with a {@code meta} object (100 a page),
 * products and schedules 25 a page without {@code meta}; schedules carry their {@code lines}; a line's
 * {@code quantity} is a decimal string, prices both dollars and integer cents; a PUT of a line item replaces the whole
 * line (a missing name is refused as Syncro does, 422 {"error":[...]}).
 */
class SyncroStub extends HttpFakePsa {

    /** The API's path; none behind a validating proxy, which drops the description's server path. */
    static final String API = via() == null ? "/api/v1" : "";

    static final String TOKEN = "syncro-token-1234";

    /** Lines whose quantity Syncro counts itself: world line key → recurring_type_id. */
    final Map<String, Integer> counted = new ConcurrentHashMap<>();
    /** False plays a Syncro whose schedule list comes without lines (read one schedule at a time). */
    volatile boolean linesInList = true;

    private volatile String rejection;
    private final Clock clock;

    SyncroStub(Clock clock) {
        super(SyncroConnector.DESCRIPTOR.settings(), Map.of("apiToken", TOKEN), clock);
        this.clock = clock;
        server.authCheck(call -> {
            if (rejection != null) {
                return error(401, rejection);
            }
            return ("Bearer " + TOKEN).equals(call.header("Authorization"))
                    ? null
                    : Answer.json(401, map("error", "Not authorized. Please check your API token."));
        });
    }

    @Override
    protected String baseUrl() {
        return server.url() + API;
    }

    @Override
    public String identifier(PsaWorld.Product product) {
        return product.code();
    }

    @Override
    public Map<String, String> smallPages() {
        return Map.of();
    }

    @Override
    public boolean keepsCancelledLines() {
        return false;
    }

    @Override
    public void rejectCredentials() {
        rejection = "credentials rejected by the stub";
    }

    @Override
    public Answer error(int status, String message) {
        return Answer.json(status, map("error", List.of(message)));
    }

    @Override
    protected void routes() {
        server.on(
                "GET",
                API + "/me",
                Role.READ,
                (call, m) -> Answer.ok(map(
                        "user_token",
                        "00000000-secret-user-token",
                        "user_email",
                        "billing@acme-msp.test",
                        "user_name",
                        "Billing Bot",
                        "user_id",
                        7,
                        "admin",
                        false,
                        "subdomain",
                        "acme",
                        "permissions",
                        map())));
        server.on("GET", API + "/customers", Role.READ, (call, m) -> {
            List<Map<String, Object>> all = world.companies().stream()
                    .map(c -> map(
                            "id",
                            num(c.key()),
                            "firstname",
                            null,
                            "lastname",
                            null,
                            "fullname",
                            "",
                            "business_name",
                            c.name(),
                            "business_then_name",
                            c.name(),
                            "email",
                            null,
                            "disabled",
                            !c.billable()))
                    .toList();
            int page = page(call);
            int pages = Math.max(1, (all.size() + 99) / 100);
            return Answer.ok(map(
                    "customers",
                    page(all, page, 100),
                    "meta",
                    map("total_pages", pages, "total_entries", all.size(), "per_page", 100, "page", page)));
        });
        server.on(
                "GET",
                API + "/products",
                Role.READ,
                (call, m) -> Answer.ok(map(
                        "products",
                        page(
                                world.products().stream()
                                        .map(p -> map(
                                                "id",
                                                num(p.key()),
                                                "name",
                                                p.name(),
                                                "description",
                                                p.name(),
                                                "price_retail",
                                                p.price(),
                                                "price_cost",
                                                p.cost(),
                                                "disabled",
                                                false,
                                                "taxable",
                                                true,
                                                "upc_code",
                                                null,
                                                "product_skus",
                                                List.of(map(
                                                        "id",
                                                        num(p.key()) + 70_000,
                                                        "vendor_name",
                                                        "Keeper",
                                                        "sku",
                                                        p.code()))))
                                        .toList(),
                                page(call),
                                25))));
        server.on("GET", API + "/schedules", Role.READ, (call, m) -> {
            String customer = call.query("customer_id");
            return Answer.ok(map(
                    "schedules",
                    page(
                            world.contracts().stream()
                                    .filter(k -> customer == null
                                            || id(k.companyKey()).equals(customer))
                                    .map(k -> schedule(k, linesInList))
                                    .toList(),
                            page(call),
                            25)));
        });
        server.on("GET", API + "/schedules/(\\d+)", Role.READ_LINE, (call, m) -> {
            PsaWorld.Contract k = contract(m.group(1));
            return k == null ? new Answer(404, "", Map.of()) : Answer.ok(map("schedule", schedule(k, true)));
        });
        server.on("PUT", API + "/schedules/(\\d+)/line_items/(\\d+)", Role.WRITE_QUANTITY, (call, m) -> {
            PsaWorld.Contract k = contract(m.group(1));
            Optional<PsaWorld.Line> line =
                    world.line(key(m.group(2))).filter(l -> k != null && l.contractKey.equals(k.key()));
            if (line.isEmpty()) {
                return new Answer(404, "", Map.of());
            }
            JsonNode body = call.json();
            if (!body.path("quantity").isNumber()) {
                return Answer.json(422, map("error", List.of("Quantity is not a number")));
            }
            if (!body.hasNonNull("name") || body.path("name").asString().isBlank()) {
                return Answer.json(422, map("error", List.of("Name can't be blank")));
            }
            line.get().quantity = body.path("quantity").decimalValue();
            return Answer.ok(map("schedule_line_item", line(line.get())));
        });
        server.on("POST", API + "/schedules/(\\d+)/add_line_item", Role.CREATE_LINE, (call, m) -> {
            PsaWorld.Contract k = contract(m.group(1));
            JsonNode body = call.json();
            if (k == null) {
                return new Answer(404, "", Map.of());
            }
            if (!body.path("quantity").isNumber() || !body.path("product_id").isIntegralNumber()) {
                return Answer.json(422, map("error", List.of("Product can't be blank")));
            }
            PsaWorld.Line created = world.create(
                    k.key(),
                    key(body.path("product_id").asString()),
                    body.path("quantity").decimalValue(),
                    cents(body, "retail_cents"),
                    cents(body, "cost_cents"));
            return Answer.ok(map("schedule_line_item", line(created)));
        });
    }

    private Map<String, Object> schedule(PsaWorld.Contract k, boolean withLines) {
        Map<String, Object> schedule = map(
                "id",
                num(k.key()),
                "account_id",
                649,
                "customer_id",
                num(k.companyKey()),
                "email_customer",
                true,
                "frequency",
                "Monthly",
                "name",
                k.name(),
                "next_run",
                java.time.LocalDate.now(clock).withDayOfMonth(1).plusMonths(1).toString(),
                "snail_mail",
                false,
                "charge_mop",
                true,
                "subtotal",
                0,
                "invoice_unbilled_ticket_charges",
                false,
                "paused",
                !k.billable(),
                "last_invoice_paid",
                null);
        schedule.put(
                "lines",
                withLines
                        ? world.linesOf(k.key()).stream()
                                .filter(l -> !l.cancelled)
                                .map(this::line)
                                .toList()
                        : List.of());
        return schedule;
    }

    private Map<String, Object> line(PsaWorld.Line l) {
        return map(
                "id",
                num(l.key),
                "cost_cents",
                centsOf(l.cost),
                "description",
                world.product(l.productKey).name(),
                "name",
                world.product(l.productKey).name(),
                "position",
                1,
                "product_id",
                num(l.productKey),
                "quantity",
                l.quantity.setScale(Math.max(1, l.quantity.scale())).toPlainString(),
                "retail_cents",
                centsOf(l.price),
                "schedule_id",
                num(l.contractKey),
                "taxable",
                false,
                "user_id",
                null,
                "price_cost",
                l.cost,
                "price_retail",
                l.price,
                "product_category",
                null,
                "asset_type_id",
                null,
                "recurring_type_id",
                counted.get(l.key),
                "device_ids",
                List.of(),
                "one_time_charge",
                false);
    }

    private PsaWorld.Contract contract(String id) {
        String key = key(id);
        return key == null ? null : world.contract(key);
    }

    private static int page(Call call) {
        return call.query("page") == null ? 1 : Integer.parseInt(call.query("page"));
    }

    private static long centsOf(BigDecimal dollars) {
        return dollars == null
                ? 0
                : dollars.movePointRight(2).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    private static BigDecimal cents(JsonNode body, String field) {
        return body.path(field).isNumber() ? body.path(field).decimalValue().movePointLeft(2) : null;
    }

    private long num(String key) {
        return Long.parseLong(id(key));
    }
}
