package com.trueup.psa.syncro;

import com.trueup.psa.connector.AuthKind;
import com.trueup.psa.connector.BaseUrlField;
import com.trueup.psa.connector.Capabilities;
import com.trueup.psa.connector.ConnectorContext;
import com.trueup.psa.connector.ConnectorDescriptor;
import com.trueup.psa.connector.ConnectorException;
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
import java.math.RoundingMode;
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Syncro (REST API v1). Reads customers, products and recurring invoice schedules with their line items; sets a line
 * item's quantity with {@code PUT /schedules/{id}/line_items/{line_item_id}} (the whole line: Syncro resets what is
 * left out) and adds lines for new revenue with {@code POST /schedules/{id}/add_line_item}. Lines whose quantity Syncro
 * counts itself (assets, contacts, policy folders...) are read-only. Auth: an API token as a Bearer token.
 */
@Component
class SyncroConnector extends JsonHttpConnector {

    static final String TYPE = "syncro";
    private static final String HOST_SUFFIX = ".syncromsp.com";
    private static final String API_PATH = "/api/v1";
    /** Line types whose quantity TrueUp may set: none (a plain line), 1 (recurring invoice) and 3 (general subscription). */
    private static final Set<Integer> SETTABLE_TYPES = Set.of(1, 3);

    static final ConnectorDescriptor DESCRIPTOR = ConnectorDescriptor.builder(TYPE, "Syncro")
            .description(
                    "Uses an API token (Admin > API > API Tokens) with the permissions to list customers and products "
                            + "and to list, edit and create recurring invoices.")
            .baseUrl(BaseUrlField.required(
                    "Subdomain or address",
                    "Your Syncro subdomain (acme), address "
                            + "(https://acme.syncromsp.com) or API URL (https://acme.syncromsp.com/api/v1)"))
            .credential(CredentialField.secret(
                    "apiToken", "API token", "Admin > API > API Tokens > New Token; copy it " + "when it is shown."))
            .auth(AuthKind.API_TOKEN)
            .setupHelp(
                    "In Syncro, create an API token (Admin > API > API Tokens > New Token, custom permissions) with: "
                            + "Customers - List/Search, Products - List/Search, Recurring Invoices - List, Recurring Invoices - "
                            + "Edit, Recurring Invoices - New.")
            .capabilities(Capabilities.builder()
                    .readsEverything()
                    .updatesLines(WriteStyle.ABSOLUTE)
                    .createsLines()
                    .ignoresEffectiveDate("the schedule's next run")
                    .rateLimits(RateLimits.perMinute(180))
                    .limitation("Line items whose quantity Syncro counts itself (assets, contacts, policy folders, "
                            + "vendor and backup lines) are shown read-only: TrueUp never writes them.")
                    .limitation("Lines without a product cannot be mapped and are not read.")
                    .build())
            .build();

    SyncroConnector(HttpKit kit) {
        super(DESCRIPTOR, kit);
    }

    @Override
    protected PsaClient open(ConnectorContext context, Connection connection) {
        String base = apiRoot(context.baseUrl());
        return new Client(connection.api(base, Authenticator.bearer(context.requiredCredential("apiToken")), base));
    }

    /**
     * "acme", "acme.syncromsp.com", "https://acme.syncromsp.com" or the API URL → "https://acme.syncromsp.com/api/v1".
     * An address of another host (a proxy of the MSP's) is taken as the API root as it is.
     */
    static String apiRoot(String baseUrl) {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw ConnectorException.permanent("Syncro: the connection needs your subdomain or address");
        }
        URI uri = URI.create(Urls.origin(baseUrl.strip()));
        String host = uri.getHost();
        if (host == null) {
            throw ConnectorException.permanent("Syncro: '" + baseUrl + "' is not an address");
        }
        if (!host.contains(".")) {
            host = host + HOST_SUFFIX;
        }
        String origin = uri.getScheme() + "://" + host + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        return origin + (path.isEmpty() && host.endsWith(HOST_SUFFIX) ? API_PATH : path);
    }

    /** Syncro errors: {"error": "..." | [...]}, {"errors": "..." | [...] | {field: [...]}}, {"message": [...]}. */
    @Override
    protected String errorMessage(JsonNode body) {
        for (String field : List.of("error", "errors", "message")) {
            String message = Json.messages(body.get(field));
            if (message != null) {
                return message;
            }
        }
        return null;
    }

    private static final class Client implements PsaClient {

        private final HttpApi api;

        Client(HttpApi api) {
            this.api = api;
        }

        @Override
        public String testConnection() {
            JsonNode customers = api.get("/customers", Map.of("page", 1));
            BigDecimal total = Json.decimal(customers.path("meta"), "total_entries");
            JsonNode me = api.get("/me", Map.of());
            String account = Json.text(me, "subdomain");
            String user = Json.text(me, "user_name");
            return "Connected to Syncro" + (account == null ? "" : " account " + account)
                    + (user == null ? "" : " as " + user)
                    + (total == null ? "" : " (" + total.toPlainString() + " customers)");
        }

        @Override
        public void readSnapshot(SnapshotSink sink) {
            forEachPage(
                    "/customers",
                    "customers",
                    Map.of("include_disabled", "true"),
                    customer -> sink.company(new RemoteCompany(
                            Json.id(customer, "id"), customerName(customer), !Json.bool(customer, "disabled", false))));
            forEachPage("/products", "products", Map.of(), product -> sink.product(product(product)));
            List<JsonNode> withoutLines = new ArrayList<>();
            forEachPage("/schedules", "schedules", Map.of(), schedule -> {
                sink.contract(contract(schedule));
                if (schedule.has("lines") && !Json.array(schedule, "lines").isEmpty()) {
                    lines(schedule, sink);
                } else {
                    withoutLines.add(schedule);
                }
            });
            // a list that does not carry the lines: each schedule is read on its own
            for (JsonNode schedule : withoutLines) {
                schedule(Json.id(schedule, "id")).ifPresent(full -> lines(full, sink));
            }
        }

        private void lines(JsonNode schedule, SnapshotSink sink) {
            String id = Json.id(schedule, "id");
            String customer = Json.id(schedule, "customer_id");
            for (JsonNode line : Json.array(schedule, "lines")) {
                if (Json.id(line, "product_id") == null) {
                    continue;
                }
                sink.line(new RemoteLine(
                        Json.id(line, "id"),
                        id,
                        customer,
                        Json.id(line, "product_id"),
                        Json.decimal(line, "quantity"),
                        money(line, "price_retail", "retail_cents"),
                        money(line, "price_cost", "cost_cents"),
                        true,
                        countedBy(line)));
            }
        }

        @Override
        public Optional<BigDecimal> readQuantity(LineRef line, LocalDate date) {
            return lineOf(line).map(l -> Json.decimal(l, "quantity"));
        }

        @Override
        public WriteResult writeQuantity(LineRef line, QuantityChange change) {
            JsonNode current = lineOf(line)
                    .orElseThrow(() -> ConnectorException.permanent("Syncro: line item " + line.externalLineId()
                            + " of schedule " + line.externalContractId() + " no longer exists"));
            String counted = countedBy(current);
            if (counted != null) {
                throw ConnectorException.permanent("Syncro: " + counted + "; TrueUp does not write it");
            }
            ObjectNode body = wholeLine(current);
            body.set("quantity", Json.number(change.target()));
            JsonNode answer = api.write(PsaRequest.put(
                    api.uri("/schedules/" + Urls.segment(line.externalContractId()) + "/line_items/"
                            + Urls.segment(line.externalLineId())),
                    body));
            JsonNode written = answer.path("schedule_line_item");
            return new WriteResult(
                    line.externalLineId(),
                    Json.decimal(written, "quantity"),
                    "line item quantity set to " + change.target().toPlainString());
        }

        @Override
        public String contractForNewLine(String customerId) {
            List<String> found = new ArrayList<>();
            forEachPage("/schedules", "schedules", Map.of("customer_id", Urls.segment(customerId)), schedule -> {
                if (!Json.bool(schedule, "paused", false) && customerId.equals(Json.id(schedule, "customer_id"))) {
                    found.add(Json.id(schedule, "id"));
                }
            });
            return found.stream()
                    .findFirst()
                    .orElseThrow(() -> ConnectorException.permanent("Syncro: customer " + customerId
                            + " has no recurring invoice schedule that is not paused to add the line to"));
        }

        @Override
        public Optional<String> findLine(NewLine line) {
            return schedule(line.contractExternalId())
                    .flatMap(schedule -> Json.array(schedule, "lines").stream()
                            .filter(l -> line.product().externalId().equals(Json.id(l, "product_id"))
                                    && countedBy(l) == null)
                            .map(l -> Json.id(l, "id"))
                            .findFirst());
        }

        @Override
        public WriteResult createLine(NewLine line) {
            ObjectNode body = Json.object();
            body.set("product_id", Json.idValue(line.product().externalId()));
            body.put("name", line.product().name());
            body.put("description", line.product().name());
            body.set("quantity", Json.number(line.quantity()));
            if (line.product().unitPrice() != null) {
                body.put("retail_cents", cents(line.product().unitPrice()));
            }
            if (line.product().unitCost() != null) {
                body.put("cost_cents", cents(line.product().unitCost()));
            }
            JsonNode answer = api.write(PsaRequest.post(
                    api.uri("/schedules/" + Urls.segment(line.contractExternalId()) + "/add_line_item"), body));
            JsonNode created = answer.path("schedule_line_item");
            return new WriteResult(
                    Json.id(created, "id"),
                    Json.decimal(created, "quantity"),
                    "line item for " + line.product().identifier() + " added to schedule " + line.contractExternalId());
        }

        /** The schedule with its lines; empty when Syncro no longer has it. */
        private Optional<JsonNode> schedule(String id) {
            return api.find("/schedules/" + Urls.segment(id), Map.of())
                    .map(body -> body.path("schedule"))
                    .filter(JsonNode::isObject);
        }

        private Optional<JsonNode> lineOf(LineRef line) {
            return schedule(line.externalContractId())
                    .flatMap(schedule -> Json.array(schedule, "lines").stream()
                            .filter(l -> line.externalLineId().equals(Json.id(l, "id")))
                            .findFirst());
        }

        /**
         * Pages {@code ?page=N} until {@code meta.total_pages} is reached; a list without {@code meta} ends at an empty
         * page or one shorter than the first (Syncro's page sizes differ per list).
         */
        private void forEachPage(String path, String listField, Map<String, String> query, Consumer<JsonNode> each) {
            int[] firstPageSize = {-1};
            api.forEach(
                    Paging.numbered(
                            1,
                            page -> {
                                Map<String, Object> q = new LinkedHashMap<>(query);
                                q.put("page", page);
                                return PsaRequest.get(api.uri(path, q));
                            },
                            body -> Json.array(body, listField),
                            (body, number, items, seen) -> {
                                if (firstPageSize[0] < 0) {
                                    firstPageSize[0] = items;
                                }
                                BigDecimal totalPages = Json.decimal(body.path("meta"), "total_pages");
                                if (totalPages != null) {
                                    return items == 0 || number >= totalPages.longValue();
                                }
                                return items == 0 || items < firstPageSize[0];
                            }),
                    each);
        }
    }

    /** The whole line as Syncro's ScheduleLineItem takes it (a PUT resets the fields it is not given). */
    private static ObjectNode wholeLine(JsonNode line) {
        ObjectNode body = Json.object();
        for (String field :
                List.of("product_id", "user_id", "asset_type_id", "position", "retail_cents", "cost_cents")) {
            if (Json.present(line, field)) {
                body.set(field, Json.idValue(Json.id(line, field)));
            }
        }
        for (String field : List.of("name", "description")) {
            if (Json.present(line, field)) {
                body.put(field, Json.text(line, field));
            }
        }
        for (String field : List.of("taxable", "one_time_charge")) {
            if (Json.present(line, field)) {
                body.put(field, Json.bool(line, field, false));
            }
        }
        BigDecimal type = Json.decimal(line, "recurring_type_id");
        if (type != null) {
            body.put("recurring_type_id", type.intValue());
        }
        return body;
    }

    /** Why Syncro counts the line's quantity itself, or null when TrueUp may set it. */
    private static String countedBy(JsonNode line) {
        BigDecimal type = Json.decimal(line, "recurring_type_id");
        if (type == null || SETTABLE_TYPES.contains(type.intValue())) {
            return null;
        }
        String what = switch (type.intValue()) {
            case 2, 7, 11 -> "backup usage";
            case 4 -> "the customer's assets";
            case 5 -> "Kabuto devices";
            case 6 -> "the customer's contacts";
            case 8 -> "remote access devices";
            case 9 -> "the assets of a policy folder";
            case 10 -> "a third-party vendor's units";
            default -> "a rule of its own";
        };
        return "Syncro counts this line's quantity from " + what;
    }

    private static String customerName(JsonNode customer) {
        String business = Json.text(customer, "business_name");
        if (business != null && !business.isBlank()) {
            return business;
        }
        String full = Json.text(customer, "fullname");
        return full != null && !full.isBlank() ? full : "Customer " + Json.id(customer, "id");
    }

    /** SKU as the product code (the first of product_skus; else the UPC code, else the name). */
    private static RemoteProduct product(JsonNode product) {
        String name = Json.text(product, "name");
        String sku = Json.array(product, "product_skus").stream()
                .map(s -> Json.text(s, "sku"))
                .filter(s -> s != null && !s.isBlank())
                .findFirst()
                .orElse(null);
        String upc = Json.text(product, "upc_code");
        String identifier = sku != null ? sku : upc != null && !upc.isBlank() ? upc : name;
        return new RemoteProduct(
                Json.id(product, "id"),
                identifier,
                name,
                Json.decimal(product, "price_retail"),
                Json.decimal(product, "price_cost"));
    }

    private static RemoteContract contract(JsonNode schedule) {
        return new RemoteContract(
                Json.id(schedule, "id"),
                Json.id(schedule, "customer_id"),
                Json.text(schedule, "name"),
                !Json.bool(schedule, "paused", false),
                Json.date(schedule, "next_run"));
    }

    /** A money field in dollars, else its integer cents. */
    private static BigDecimal money(JsonNode line, String dollars, String cents) {
        BigDecimal value = Json.decimal(line, dollars);
        if (value != null) {
            return value;
        }
        BigDecimal c = Json.decimal(line, cents);
        return c == null ? null : c.movePointLeft(2);
    }

    private static int cents(BigDecimal dollars) {
        return dollars.movePointRight(2).setScale(0, RoundingMode.HALF_UP).intValueExact();
    }
}
