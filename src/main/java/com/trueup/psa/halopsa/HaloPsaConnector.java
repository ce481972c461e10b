package com.trueup.psa.halopsa;

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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * HaloPSA. Reads clients, items and recurring invoices with their lines; sets a recurring invoice line's
 * {@code qty_order} through {@code POST /RecurringInvoice/updatelines} and adds lines for new revenue. Auth: OAuth2
 * client credentials, the token cached until shortly before it expires. Credentials: {@code clientId},
 * {@code clientSecret}, optional {@code tenant} (hosted Halo), optional {@code authUrl} (a token URL of its own), and
 * {@code host} when the connection has no base URL.
 */
@Component
class HaloPsaConnector implements PsaConnector {

    static final String TYPE = "halopsa";
    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 1000;
    private static final int MAX_PAGES = 10_000;
    private static final Duration TOKEN_MARGIN = Duration.ofSeconds(60);
    private static final ConnectorCapabilities CAPABILITIES = new ConnectorCapabilities(false, false, true, true, 0);

    private final PsaHttp http;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    HaloPsaConnector(PsaHttpSettings settings, Sleeper sleeper, Clock clock) {
        this.http = new PsaHttp("HaloPSA", settings, sleeper, clock, HaloPsaConnector::errorMessage);
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
        JsonNode clients = api.get("/Client", Map.of("pageinate", "true", "page_size", 1, "page_no", 1));
        BigDecimal count = Json.decimal(clients, "record_count");
        return "Connected to HaloPSA" + (count == null ? "" : " (" + count.toPlainString() + " clients)");
    }

    @Override
    public void readSnapshot(ConnectorContext context, SnapshotSink sink) {
        Api api = api(context);
        LocalDate today = LocalDate.now(context.clock());
        api.forEachPage("/Client", "clients", Map.of("includeinactive", "true"), client ->
                sink.company(new RemoteCompany(Json.id(client, "id"), Json.text(client, "name"),
                        !Json.bool(client, "inactive", false))));
        api.forEachPage("/Item", "items", Map.of("includeinactive", "true"), item -> sink.product(product(item)));
        java.util.Set<String> nonBillableNames = Settings.list(context.setting("nonBillableInvoiceNames", ""));
        api.forEachPage("/RecurringInvoice", "invoices", Map.of("includelines", "true", "includeinactive", "true"), invoice -> {
            boolean billable = invoiceBillable(invoice) && !Settings.contains(nonBillableNames, invoiceName(invoice));
            String id = Json.id(invoice, "id");
            String clientId = Json.id(invoice, "client_id");
            sink.contract(new RemoteContract(id, clientId, invoiceName(invoice), billable));
            if (billable) {
                for (JsonNode line : Json.array(invoice, "lines")) {
                    if (isItemLine(line)) {
                        sink.line(new RemoteLine(Json.id(line, "id"), id, clientId, Json.id(line, "_itemid"),
                                Json.decimal(line, "qty_order"), Json.decimal(line, "unit_price"), Json.decimal(line, "unit_cost"),
                                lineActive(line, today)));
                    }
                }
            }
        });
    }

    @Override
    public BigDecimal readQuantity(ConnectorContext context, LineRef line) {
        return readLine(api(context), line.externalContractId(), line.externalLineId());
    }

    @Override
    public WriteResult setQuantity(ConnectorContext context, LineRef line, BigDecimal target, LocalDate effectiveDate,
                                   String idempotencyKey) {
        return setQuantity(api(context), line.externalContractId(), line.externalLineId(), target, false);
    }

    @Override
    public WriteResult createLine(ConnectorContext context, String companyExternalId, String contractExternalId,
                                  RemoteProduct product, BigDecimal quantity, LocalDate effectiveDate, String idempotencyKey) {
        Api api = api(context);
        String invoiceId = contractExternalId != null ? contractExternalId : billableInvoiceOf(api, companyExternalId);
        return WriteGuard.ensureLine(api.session,
                () -> findItemLine(api, invoiceId, product.externalId()),
                lineId -> setQuantity(api, invoiceId, lineId, quantity, true),
                () -> {
                    ObjectNode line = Json.object();
                    line.set("ihid", Json.idValue(invoiceId));
                    line.set("_itemid", Json.idValue(product.externalId()));
                    line.put("item_code", product.identifier());
                    line.put("item_shortdescription", product.name());
                    line.set("qty_order", Json.number(quantity));
                    if (product.unitPrice() != null) {
                        line.set("unit_price", Json.number(product.unitPrice()));
                    }
                    if (product.unitCost() != null) {
                        line.set("unit_cost", Json.number(product.unitCost()));
                    }
                    if (effectiveDate != null) {
                        line.put("startdate", effectiveDate + "T00:00:00");
                    }
                    api.session.write(PsaRequest.post(api.uri("/RecurringInvoice/Lines", Map.of()), Json.array().add(line)));
                    String lineId = findItemLine(api, invoiceId, product.externalId()).orElse(null);
                    return new WriteResult(lineId, quantity, "line for " + product.identifier() + " added to recurring invoice "
                            + invoiceId);
                });
    }

    private WriteResult setQuantity(Api api, String invoiceId, String lineId, BigDecimal target, boolean readFirst) {
        return WriteGuard.toTarget(api.session, lineId, target, readFirst, () -> readLine(api, invoiceId, lineId), current -> {
            ObjectNode line = Json.object();
            line.set("id", Json.idValue(lineId));
            line.set("ihid", Json.idValue(invoiceId));
            line.set("qty_order", Json.number(target));
            api.session.write(PsaRequest.post(api.uri("/RecurringInvoice/updatelines", Map.of()), Json.array().add(line)));
            return new WriteResult(lineId, target, "qty_order set to " + target.toPlainString());
        });
    }

    /** The line's qty_order; null when the invoice or the line is gone or the line is inactive. */
    private BigDecimal readLine(Api api, String invoiceId, String lineId) {
        JsonNode invoice = invoice(api, invoiceId);
        if (invoice == null) {
            return null;
        }
        LocalDate today = LocalDate.now(api.context.clock());
        return Json.array(invoice, "lines").stream()
                .filter(l -> lineId.equals(Json.id(l, "id")) && lineActive(l, today))
                .findFirst()
                .map(l -> Json.decimal(l, "qty_order"))
                .orElse(null);
    }

    private Optional<String> findItemLine(Api api, String invoiceId, String itemId) {
        JsonNode invoice = invoice(api, invoiceId);
        LocalDate today = LocalDate.now(api.context.clock());
        return invoice == null ? Optional.empty() : Json.array(invoice, "lines").stream()
                .filter(l -> itemId.equals(Json.id(l, "_itemid")) && lineActive(l, today))
                .map(l -> Json.id(l, "id"))
                .findFirst();
    }

    private JsonNode invoice(Api api, String invoiceId) {
        try {
            return api.get("/RecurringInvoice/" + Urls.segment(invoiceId), Map.of("includelines", "true"));
        } catch (PsaCallException e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
    }

    private String billableInvoiceOf(Api api, String clientId) {
        String[] found = new String[1];
        java.util.Set<String> nonBillableNames = Settings.list(api.context.setting("nonBillableInvoiceNames", ""));
        api.forEachPage("/RecurringInvoice", "invoices", Map.of("client_id", Urls.segment(clientId)), invoice -> {
            if (found[0] == null && invoiceBillable(invoice) && !Settings.contains(nonBillableNames, invoiceName(invoice))
                    && clientId.equals(Json.id(invoice, "client_id"))) {
                found[0] = Json.id(invoice, "id");
            }
        });
        if (found[0] == null) {
            throw new PsaException(Kind.PERMANENT, "HaloPSA: client " + clientId + " has no active recurring invoice to add the line to");
        }
        return found[0];
    }

    private static RemoteProduct product(JsonNode item) {
        String name = Json.text(item, "name");
        String code = Stream.of(Json.text(item, "code"), Json.text(item, "item_code"), name)
                .filter(v -> v != null && !v.isBlank()).findFirst().orElse(null);
        return new RemoteProduct(Json.id(item, "id"), code, name, Json.decimal(item, "baseprice"), Json.decimal(item, "costprice"));
    }

    private static boolean invoiceBillable(JsonNode invoice) {
        return !Json.bool(invoice, "inactive", false) && !Json.bool(invoice, "isinactive", false)
                && !Json.bool(invoice, "disabled", false);
    }

    private static String invoiceName(JsonNode invoice) {
        return Stream.of(Json.text(invoice, "name"), Json.text(invoice, "invoice_title"), Json.text(invoice, "reference"))
                .filter(v -> v != null && !v.isBlank()).findFirst()
                .orElse("Recurring invoice " + Json.id(invoice, "id"));
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

    /** Halo errors: a JSON string, {"error","error_description"} (token), {"message"} or {"ClassName","Message"}. */
    static String errorMessage(JsonNode body) {
        for (String field : List.of("error_description", "message", "Message", "error", "title")) {
            String value = Json.text(body, field);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        List<JsonNode> errors = Json.array(body, "errors");
        return errors.isEmpty() ? null : errors.get(0).isValueNode() ? errors.get(0).asString() : Json.text(errors.get(0), "message");
    }

    private Api api(ConnectorContext context) {
        String clientId = required(context, "clientId");
        String secret = required(context, "clientSecret");
        String origin = origin(context);
        String tenant = context.credential("tenant");
        String authUrl = context.credential("authUrl");
        String tokenBase = authUrl != null && !authUrl.isBlank() ? authUrl.strip() : origin + "/auth/token";
        URI tokenUri = tenant == null || tenant.isBlank()
                ? URI.create(tokenBase)
                : URI.create(tokenBase + (tokenBase.contains("?") ? "&" : "?") + "tenant=" + Urls.encode(tenant.strip()));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId);
        form.put("client_secret", secret);
        form.put("scope", context.setting("scope", "all"));
        String key = tokenUri + "|" + clientId + "|" + sha256(secret) + "|" + form.get("scope");
        PsaSession session = http.session(new TokenAuth(key, tokenUri, form, context.clock()), RequestGate.OPEN);
        return new Api(session, origin + "/api", context,
                Settings.pageSize(context.setting("pageSize", null), DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE));
    }

    /** "https://host" from the base URL (with or without /api) or from the host credential. */
    private static String origin(ConnectorContext context) {
        String base = context.baseUrl();
        if (base == null || base.isBlank()) {
            base = context.credential("host");
        }
        if (base == null || base.isBlank()) {
            throw new PsaException(Kind.PERMANENT, "HaloPSA: the connection needs a base URL or a host");
        }
        String origin = Urls.origin(base);
        return origin.toLowerCase(java.util.Locale.ROOT).endsWith("/api") ? origin.substring(0, origin.length() - 4) : origin;
    }

    private static String required(ConnectorContext context, String name) {
        String value = context.credential(name);
        if (value == null || value.isBlank()) {
            throw new PsaException(Kind.PERMANENT, "HaloPSA: the connection has no " + name);
        }
        return value.strip();
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Token(String value, Instant expiresAt) {
    }

    /** Bearer auth with an OAuth2 client-credentials token, cached per connection until shortly before it expires. */
    private final class TokenAuth implements CallAuth {
        private final String key;
        private final URI tokenUri;
        private final Map<String, String> form;
        private final Clock clock;

        TokenAuth(String key, URI tokenUri, Map<String, String> form, Clock clock) {
            this.key = key;
            this.tokenUri = tokenUri;
            this.form = form;
            this.clock = clock;
        }

        @Override
        public Map<String, String> headers() {
            Token token = tokens.get(key);
            if (token == null || !clock.instant().isBefore(token.expiresAt())) {
                token = fetch();
                tokens.put(key, token);
            }
            return Map.of("Authorization", "Bearer " + token.value());
        }

        @Override
        public boolean renewAfterUnauthorized() {
            tokens.remove(key);
            return true;
        }

        private Token fetch() {
            PsaSession anonymous = http.session(CallAuth.of(Map.of()), RequestGate.OPEN);
            JsonNode answer = anonymous.read(PsaRequest.postForm(tokenUri, form)).body();
            String value = Json.text(answer, "access_token");
            if (value == null || value.isBlank()) {
                throw new PsaException(Kind.PERMANENT, "HaloPSA: the token endpoint answered without an access_token");
            }
            BigDecimal seconds = Json.decimal(answer, "expires_in");
            Duration life = Duration.ofSeconds(seconds == null ? 3600 : seconds.longValue()).minus(TOKEN_MARGIN);
            return new Token(value, clock.instant().plus(life.isNegative() ? Duration.ZERO : life));
        }
    }

    /** One operation's view of a connection. */
    private static final class Api {
        final PsaSession session;
        final String base;
        final ConnectorContext context;
        final int pageSize;

        Api(PsaSession session, String base, ConnectorContext context, int pageSize) {
            this.session = session;
            this.base = base;
            this.context = context;
            this.pageSize = pageSize;
        }

        URI uri(String path, Map<String, ?> query) {
            return Urls.of(base, path, query);
        }

        JsonNode get(String path, Map<String, ?> query) {
            return session.read(PsaRequest.get(uri(path, query))).body();
        }

        /** pageinate=true&page_size&page_no until a short page or record_count is reached. */
        void forEachPage(String path, String listField, Map<String, String> query, Consumer<JsonNode> each) {
            int seen = 0;
            for (int page = 1; page <= MAX_PAGES; page++) {
                Map<String, Object> q = new LinkedHashMap<>();
                q.put("pageinate", "true");
                q.put("page_size", pageSize);
                q.put("page_no", page);
                q.putAll(query);
                JsonNode body = get(path, q);
                List<JsonNode> items = Json.array(body, listField);
                items.forEach(each);
                seen += items.size();
                BigDecimal total = Json.decimal(body, "record_count");
                if (items.size() < pageSize || (total != null && seen >= total.longValue())) {
                    return;
                }
            }
            throw new PsaException(Kind.PERMANENT, "HaloPSA: more than " + MAX_PAGES + " pages of " + path);
        }
    }
}
