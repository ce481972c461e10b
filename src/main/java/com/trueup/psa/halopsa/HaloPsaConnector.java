package com.trueup.psa.halopsa;

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
import com.trueup.psa.connector.RemoteCompany;
import com.trueup.psa.connector.RemoteContract;
import com.trueup.psa.connector.RemoteLine;
import com.trueup.psa.connector.RemoteProduct;
import com.trueup.psa.connector.SettingField;
import com.trueup.psa.connector.SnapshotSink;
import com.trueup.psa.connector.WriteResult;
import com.trueup.psa.connector.WriteStyle;
import com.trueup.psa.connector.http.HttpApi;
import com.trueup.psa.connector.http.HttpKit;
import com.trueup.psa.connector.http.Json;
import com.trueup.psa.connector.http.JsonHttpConnector;
import com.trueup.psa.connector.http.Paging;
import com.trueup.psa.connector.http.PsaRequest;
import com.trueup.psa.connector.http.Urls;
import java.math.BigDecimal;
import java.net.URI;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * HaloPSA ("Halo API" v2). Reads clients, items and recurring invoices with their lines; sets a recurring invoice line's
 * {@code qty_order} through {@code POST /RecurringInvoice/updatelines} and adds lines for new revenue with
 * {@code POST /RecurringInvoice/Lines}. Recurring invoices have negative ids in Halo; ids go out as JSON integers.
 * Lines whose quantity Halo computes (from licences, users, devices or subscriptions) are read-only. Auth: OAuth2
 * client credentials.
 */
@Component
class HaloPsaConnector extends JsonHttpConnector {

    static final String TYPE = "halopsa";
    /** Halo answers at most 100 records a page on some lists whatever page_size asks (paging follows record_count). */
    static final int MAX_PAGE_SIZE = 100;
    /** {@code recurring_invoice_quantity_type} of a line whose quantity is the fixed {@code qty_order}. */
    private static final int FIXED_QUANTITY = 0;

    static final ConnectorDescriptor DESCRIPTOR = ConnectorDescriptor.builder(TYPE, "HaloPSA")
            .description("Uses an API application with 'Client ID and Secret (Services)' authentication "
                    + "(Configuration > Integrations > HaloPSA API).")
            .baseUrl(BaseUrlField.required(
                    "Host",
                    "Your Halo address, e.g. https://acme.halopsa.com (token at " + "/auth/token, API at /api)"))
            .credential(CredentialField.plain("clientId", "Client ID", "Of the API application."))
            .credential(CredentialField.secret(
                    "clientSecret", "Client secret", "Of the API application; shown once by Halo."))
            .credential(CredentialField.plain(
                            "tenant",
                            "Tenant",
                            "Your Halo tenant name (hosted Halo); leave blank for " + "self-hosted.")
                    .optional())
            .credential(CredentialField.plain(
                            "authUrl",
                            "Token URL",
                            "Optional: the token URL when your authorisation " + "server is not at <host>/auth/token.")
                    .optional())
            .setting(SettingField.list(
                    "nonBillableInvoiceNames",
                    "Recurring invoices not billed",
                    "",
                    "Titles (reference) of recurring invoices whose lines TrueUp leaves alone."))
            .setting(SettingField.choice(
                    "itemIdentifier",
                    "Item code",
                    "name",
                    List.of("name", "internalreference"),
                    "What mapping shows and searches as an item's product code: its name or its internal reference."))
            .setting(SettingField.text("scope", "Token scope", "all", "The OAuth2 scope asked for."))
            .setting(pageSize(MAX_PAGE_SIZE))
            .auth(AuthKind.OAUTH2_CLIENT_CREDENTIALS)
            .setupHelp("In Halo, create an API application (Configuration > Integrations > HaloPSA API) with "
                    + "'Client ID and Secret (Services)' authentication, the permissions to read clients, items and "
                    + "recurring invoices and to edit recurring invoices, and copy its client ID and secret.")
            .capabilities(Capabilities.builder()
                    .readsEverything()
                    .updatesLines(WriteStyle.ABSOLUTE)
                    .createsLines()
                    .ignoresEffectiveDate("the next invoice the recurring invoice creates")
                    .limitation(
                            "Lines whose quantity Halo computes (from licences, users, devices or subscriptions) are "
                                    + "shown read-only: TrueUp never writes them.")
                    .build())
            .build();

    HaloPsaConnector(HttpKit kit) {
        super(DESCRIPTOR, kit);
    }

    @Override
    protected PsaClient open(ConnectorContext context, Connection connection) {
        String clientId = context.requiredCredential("clientId");
        String secret = context.requiredCredential("clientSecret");
        String origin = origin(context);
        String tenant = context.credential("tenant");
        String authUrl = context.credential("authUrl");
        String tokenBase = authUrl != null ? authUrl : origin + "/auth/token";
        URI tokenUri = URI.create(
                tenant == null
                        ? tokenBase
                        : tokenBase + (tokenBase.contains("?") ? "&" : "?") + "tenant=" + Urls.encode(tenant));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId);
        form.put("client_secret", secret);
        form.put("scope", context.settings().text("scope"));
        var auth = connection.clientCredentials(tokenUri, form, Map.of());
        return new Client(connection.api(origin + "/api", auth, origin + "|" + clientId));
    }

    /** "https://host" from the base URL, with or without /api. */
    private static String origin(ConnectorContext context) {
        if (context.baseUrl() == null) {
            throw ConnectorException.permanent("HaloPSA: the connection needs a base URL");
        }
        String origin = Urls.origin(context.baseUrl());
        return origin.toLowerCase(java.util.Locale.ROOT).endsWith("/api")
                ? origin.substring(0, origin.length() - 4)
                : origin;
    }

    private static final class Client implements PsaClient {

        private final HttpApi api;

        Client(HttpApi api) {
            this.api = api;
        }

        @Override
        public String testConnection() {
            JsonNode clients = api.get("/Client", Map.of("pageinate", "true", "page_size", 1, "page_no", 1));
            BigDecimal count = Json.decimal(clients, "record_count");
            return "Connected to HaloPSA" + (count == null ? "" : " (" + count.toPlainString() + " clients)");
        }

        @Override
        public void readSnapshot(SnapshotSink sink) {
            LocalDate today = api.context().today();
            forEachPage(
                    "/Client",
                    "clients",
                    Map.of("includeinactive", "true"),
                    client -> sink.company(new RemoteCompany(
                            Json.id(client, "id"), Json.text(client, "name"), !Json.bool(client, "inactive", false))));
            forEachPage("/Item", "items", Map.of("includeinactive", "true"), item -> sink.product(product(item)));
            forEachPage("/RecurringInvoice", "invoices", Map.of("includelines", "true"), invoice -> {
                boolean billable = billable(invoice, today);
                String id = Json.id(invoice, "id");
                String clientId = Json.id(invoice, "client_id");
                sink.contract(new RemoteContract(id, clientId, title(invoice), billable));
                if (billable) {
                    for (JsonNode line : Json.array(invoice, "lines")) {
                        if (isItemLine(line)) {
                            sink.line(new RemoteLine(
                                    Json.id(line, "id"),
                                    id,
                                    clientId,
                                    Json.id(line, "_itemid"),
                                    Json.decimal(line, "qty_order"),
                                    Json.decimal(line, "unit_price"),
                                    Json.decimal(line, "unit_cost"),
                                    lineActive(line, today),
                                    computedBy(line)));
                        }
                    }
                }
            });
        }

        @Override
        public Optional<BigDecimal> readQuantity(LineRef line, LocalDate date) {
            return activeLines(line.externalContractId())
                    .filter(l -> line.externalLineId().equals(Json.id(l, "id")))
                    .findFirst()
                    .map(l -> Json.decimal(l, "qty_order"));
        }

        @Override
        public WriteResult writeQuantity(LineRef line, QuantityChange change) {
            JsonNode current = activeLines(line.externalContractId())
                    .filter(l -> line.externalLineId().equals(Json.id(l, "id")))
                    .findFirst()
                    .orElseThrow(() -> ConnectorException.permanent(
                            "HaloPSA: recurring invoice line " + line.externalLineId() + " no longer exists"));
            String computed = computedBy(current);
            if (computed != null) {
                throw ConnectorException.permanent("HaloPSA: " + computed + "; TrueUp does not write it");
            }
            ObjectNode body = Json.object();
            body.set("id", Json.idValue(line.externalLineId()));
            body.set("ihid", Json.idValue(line.externalContractId()));
            body.set("qty_order", Json.number(change.target()));
            api.write(PsaRequest.post(
                    api.uri("/RecurringInvoice/updatelines"), Json.array().add(body)));
            return new WriteResult(
                    line.externalLineId(),
                    change.target(),
                    "qty_order set to " + change.target().toPlainString());
        }

        @Override
        public String contractForNewLine(String clientId) {
            String[] found = new String[1];
            forEachPage("/RecurringInvoice", "invoices", Map.of("client_id", Urls.segment(clientId)), invoice -> {
                if (found[0] == null
                        && billable(invoice, api.context().today())
                        && clientId.equals(Json.id(invoice, "client_id"))) {
                    found[0] = Json.id(invoice, "id");
                }
            });
            if (found[0] == null) {
                throw ConnectorException.permanent(
                        "HaloPSA: client " + clientId + " has no active recurring invoice to add the line to");
            }
            return found[0];
        }

        @Override
        public Optional<String> findLine(NewLine line) {
            return activeLines(line.contractExternalId())
                    .filter(l -> line.product().externalId().equals(Json.id(l, "_itemid")))
                    .map(l -> Json.id(l, "id"))
                    .findFirst();
        }

        @Override
        public WriteResult createLine(NewLine line) {
            ObjectNode body = Json.object();
            body.set("ihid", Json.idValue(line.contractExternalId()));
            body.set("_itemid", Json.idValue(line.product().externalId()));
            body.put("item_shortdescription", line.product().name());
            body.set("qty_order", Json.number(line.quantity()));
            if (line.product().unitPrice() != null) {
                body.set("unit_price", Json.number(line.product().unitPrice()));
            }
            if (line.product().unitCost() != null) {
                body.set("unit_cost", Json.number(line.product().unitCost()));
            }
            if (line.effectiveDate() != null) {
                body.put("startdate", line.effectiveDate() + "T00:00:00");
            }
            api.write(PsaRequest.post(
                    api.uri("/RecurringInvoice/Lines"), Json.array().add(body)));
            String lineId = findLine(line).orElse(null);
            return new WriteResult(
                    lineId,
                    line.quantity(),
                    "line for " + line.product().identifier() + " added to recurring invoice "
                            + line.contractExternalId());
        }

        /** The invoice's lines that are active today; none when the invoice is gone. */
        private Stream<JsonNode> activeLines(String invoiceId) {
            LocalDate today = api.context().today();
            return api.find("/RecurringInvoice/" + Urls.segment(invoiceId), Map.of())
                    .map(invoice -> Json.array(invoice, "lines").stream().filter(l -> lineActive(l, today)))
                    .orElseGet(Stream::empty);
        }

        /**
         * Not disabled, its schedule neither disabled nor ended (Halo writes "no end" as a far-future date or a date
         * before 2000), and not named in nonBillableInvoiceNames.
         */
        private boolean billable(JsonNode invoice, LocalDate today) {
            JsonNode schedule = invoice.path("schedule");
            LocalDate end = Json.date(schedule, "end_date");
            boolean ended = end != null && end.getYear() >= 2000 && end.isBefore(today);
            return !Json.bool(invoice, "disabled", false)
                    && !Json.bool(schedule, "disabled", false)
                    && !ended
                    && !api.context().settings().contains("nonBillableInvoiceNames", title(invoice));
        }

        private RemoteProduct product(JsonNode item) {
            String name = Json.text(item, "name");
            String reference = Json.text(item, "internalreference");
            boolean byReference =
                    "internalreference".equals(api.context().settings().text("itemIdentifier"));
            String identifier = byReference && reference != null && !reference.isBlank() ? reference : name;
            return new RemoteProduct(
                    Json.id(item, "id"),
                    identifier,
                    name,
                    Json.decimal(item, "baseprice"),
                    Json.decimal(item, "costprice"));
        }

        /** pageinate=true&page_size&page_no until record_count items were read (some lists cap pages below page_size). */
        private void forEachPage(String path, String listField, Map<String, String> query, Consumer<JsonNode> each) {
            int size = api.pageSize();
            api.forEach(
                    Paging.numbered(
                            1,
                            page -> {
                                Map<String, Object> q = new LinkedHashMap<>();
                                q.put("pageinate", "true");
                                q.put("page_size", size);
                                q.put("page_no", page);
                                q.putAll(query);
                                return PsaRequest.get(api.uri(path, q));
                            },
                            body -> Json.array(body, listField),
                            Paging.totalRecords(body -> Json.decimal(body, "record_count"))),
                    each);
        }
    }

    /** The invoice's title ({@code reference}; its {@code name} is the bill-to name). */
    private static String title(JsonNode invoice) {
        String reference = Json.text(invoice, "reference");
        return reference != null && !reference.isBlank() ? reference : "Recurring invoice " + Json.id(invoice, "id");
    }

    /** Why Halo computes the line's quantity itself, or null for a fixed quantity. */
    private static String computedBy(JsonNode line) {
        BigDecimal type = Json.decimal(line, "recurring_invoice_quantity_type");
        if (type == null || type.intValue() == FIXED_QUANTITY) {
            return null;
        }
        String from = switch (type.intValue()) {
            case 1 -> "licence counts";
            case 2 -> "user counts";
            case 3 -> "device counts";
            case 4 -> "subscriptions";
            default -> "a rule of its own";
        };
        return "Halo computes this line's quantity from " + from;
    }

    /** A line billing an item (group headers and free-text lines without an item are not billing lines). */
    private static boolean isItemLine(JsonNode line) {
        BigDecimal item = Json.decimal(line, "_itemid");
        return item != null && item.signum() > 0 && !Json.bool(line, "isgroupdesc", false);
    }

    /** Not flagged inactive and not ended before {@code today} (Halo writes "no date" as 1899-12-30 or 1900-01-01). */
    private static boolean lineActive(JsonNode line, LocalDate today) {
        if (Json.bool(line, "isinactive", false)) {
            return false;
        }
        LocalDate end = Json.date(line, "enddate");
        return end == null || end.getYear() <= 1900 || !end.isBefore(today);
    }
}
