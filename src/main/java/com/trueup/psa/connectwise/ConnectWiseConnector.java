package com.trueup.psa.connectwise;

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
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * ConnectWise Manage (REST API 3.0). Reads companies, the product catalog, agreements and their additions; writes
 * an addition's quantity with a JSON-Patch and creates additions for new revenue. Credentials: {@code companyId},
 * {@code publicKey}, {@code privateKey}, {@code clientId}, and {@code site} when the connection has no base URL (the
 * codebase is then discovered). Settings: see docs/psa-connectors.md.
 */
@Component
class ConnectWiseConnector implements PsaConnector {

    static final String TYPE = "connectwise";
    static final int MAX_PAGE_SIZE = 1000;
    private static final int MAX_PAGES = 10_000;
    private static final ConnectorCapabilities CAPABILITIES = new ConnectorCapabilities(false, true, true, true, 0);

    private final PsaHttp http;
    private final Map<String, String> codebases = new ConcurrentHashMap<>();

    ConnectWiseConnector(PsaHttpSettings settings, Sleeper sleeper, Clock clock) {
        this.http = new PsaHttp("ConnectWise", settings, sleeper, clock, ConnectWiseConnector::errorMessage);
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
        JsonNode info = api.get("/system/info", Map.of());
        String version = Json.text(info, "version");
        return "Connected to ConnectWise Manage" + (version == null ? "" : " " + version);
    }

    @Override
    public void readSnapshot(ConnectorContext context, SnapshotSink sink) {
        Api api = api(context);
        Rules rules = new Rules(context);
        LocalDate today = LocalDate.now(context.clock());
        api.forEachPage("/company/companies", Map.of("conditions", "deletedFlag=false"), company ->
                sink.company(new RemoteCompany(Json.id(company, "id"), Json.text(company, "name"), rules.companyBillable(company))));
        api.forEachPage("/procurement/catalog", Map.of(), item ->
                sink.product(product(item)));
        List<String> billable = new ArrayList<>();
        api.forEachPage("/finance/agreements", Map.of("conditions", "cancelledFlag=false"), agreement -> {
            boolean isBillable = rules.agreementBillable(agreement, today);
            String id = Json.id(agreement, "id");
            sink.contract(new RemoteContract(id, Json.id(agreement.path("company"), "id"), Json.text(agreement, "name"), isBillable));
            if (isBillable) {
                billable.add(id + "\u0000" + Json.id(agreement.path("company"), "id"));
            }
        });
        for (String entry : billable) {
            String agreementId = entry.substring(0, entry.indexOf('\u0000'));
            String companyId = entry.substring(entry.indexOf('\u0000') + 1);
            api.forEachPage(additionsPath(agreementId), Map.of(), addition ->
                    sink.line(new RemoteLine(Json.id(addition, "id"), agreementId, companyId,
                            Json.id(addition.path("product"), "id"), Json.decimal(addition, "quantity"),
                            Json.decimal(addition, "unitPrice"), Json.decimal(addition, "unitCost"),
                            !cancelled(addition, today))));
        }
    }

    @Override
    public BigDecimal readQuantity(ConnectorContext context, LineRef line) {
        return readAddition(api(context), line);
    }

    @Override
    public WriteResult setQuantity(ConnectorContext context, LineRef line, BigDecimal target, LocalDate effectiveDate,
                                   String idempotencyKey) {
        return setQuantity(api(context), line, target, effectiveDate, false);
    }

    @Override
    public WriteResult createLine(ConnectorContext context, String companyExternalId, String contractExternalId,
                                  RemoteProduct product, BigDecimal quantity, LocalDate effectiveDate, String idempotencyKey) {
        Api api = api(context);
        LocalDate today = LocalDate.now(context.clock());
        String agreementId = contractExternalId != null ? contractExternalId
                : billableAgreementOf(api, new Rules(context), companyExternalId, today);
        return WriteGuard.ensureLine(api.session,
                () -> findAddition(api, agreementId, product.externalId(), today),
                additionId -> setQuantity(api, new LineRef(additionId, agreementId, companyExternalId, product.externalId()),
                        quantity, effectiveDate, true),
                () -> {
                    ObjectNode body = Json.object();
                    body.set("product", Json.object().set("id", Json.idValue(product.externalId())));
                    body.set("quantity", Json.number(quantity));
                    if (product.unitPrice() != null) {
                        body.set("unitPrice", Json.number(product.unitPrice()));
                    }
                    if (product.unitCost() != null) {
                        body.set("unitCost", Json.number(product.unitCost()));
                    }
                    body.put("billCustomer", "Billable");
                    if (effectiveDate != null) {
                        body.put("effectiveDate", dateTime(effectiveDate));
                    }
                    JsonNode created = api.session.write(PsaRequest.post(api.uri(additionsPath(agreementId), Map.of()), body)).body();
                    BigDecimal now = Json.decimal(created, "quantity");
                    return new WriteResult(Json.id(created, "id"), now == null ? quantity : now,
                            "addition of product " + product.identifier() + " created in agreement " + agreementId);
                });
    }

    private WriteResult setQuantity(Api api, LineRef line, BigDecimal target, LocalDate effectiveDate, boolean readFirst) {
        URI uri = api.uri(additionsPath(line.externalContractId()) + "/" + Urls.segment(line.externalLineId()), Map.of());
        return WriteGuard.toTarget(api.session, line.externalLineId(), target, readFirst, () -> readAddition(api, line), current -> {
            ArrayNode ops = Json.array();
            ops.add(Json.object().put("op", "replace").put("path", "quantity").set("value", Json.number(target)));
            if (effectiveDate != null && api.rules.sendEffectiveDate) {
                ops.add(Json.object().put("op", "replace").put("path", "effectiveDate").put("value", dateTime(effectiveDate)));
            }
            JsonNode updated = api.session.write(PsaRequest.patch(uri, ops)).body();
            BigDecimal now = Json.decimal(updated, "quantity");
            return new WriteResult(line.externalLineId(), now == null ? target : now,
                    "addition quantity set to " + target.toPlainString());
        });
    }

    /** The addition's quantity; null when it no longer exists or is cancelled. */
    private BigDecimal readAddition(Api api, LineRef line) {
        JsonNode addition;
        try {
            addition = api.get(additionsPath(line.externalContractId()) + "/" + Urls.segment(line.externalLineId()), Map.of());
        } catch (PsaCallException e) {
            if (e.status() == 404) {
                return null;
            }
            throw e;
        }
        return cancelled(addition, LocalDate.now(api.context.clock())) ? null : Json.decimal(addition, "quantity");
    }

    private Optional<String> findAddition(Api api, String agreementId, String productId, LocalDate today) {
        List<String> found = new ArrayList<>();
        api.forEachPage(additionsPath(agreementId), Map.of("conditions", "product/id=" + productId), addition -> {
            if (productId.equals(Json.id(addition.path("product"), "id")) && !cancelled(addition, today)) {
                found.add(Json.id(addition, "id"));
            }
        });
        return found.stream().findFirst();
    }

    private String billableAgreementOf(Api api, Rules rules, String companyId, LocalDate today) {
        List<String> ids = new ArrayList<>();
        api.forEachPage("/finance/agreements", Map.of("conditions", "company/id=" + Urls.segment(companyId) + " and cancelledFlag=false"),
                agreement -> {
                    if (rules.agreementBillable(agreement, today)) {
                        ids.add(Json.id(agreement, "id"));
                    }
                });
        return ids.stream().findFirst().orElseThrow(() -> new PsaException(Kind.PERMANENT,
                "ConnectWise: company " + companyId + " has no active agreement with a billing cycle to add the line to"));
    }

    private static RemoteProduct product(JsonNode item) {
        String identifier = Json.text(item, "identifier");
        String description = Json.text(item, "description");
        return new RemoteProduct(Json.id(item, "id"), identifier, description == null ? identifier : description,
                Json.decimal(item, "price"), Json.decimal(item, "cost"));
    }

    /** Cancelled on or before {@code today}; an addition cancelled in the future is still billed until then. */
    private static boolean cancelled(JsonNode addition, LocalDate today) {
        LocalDate cancelled = Json.date(addition, "cancelledDate");
        return cancelled != null && !cancelled.isAfter(today);
    }

    private static String additionsPath(String agreementId) {
        return "/finance/agreements/" + Urls.segment(agreementId) + "/additions";
    }

    private static String dateTime(LocalDate date) {
        return date + "T00:00:00Z";
    }

    /** ConnectWise errors: {"code","message","errors":[{"code","message","resource","field"}]}. */
    static String errorMessage(JsonNode body) {
        String message = Json.text(body, "message");
        String details = Json.array(body, "errors").stream()
                .map(e -> {
                    String field = Json.text(e, "field");
                    String m = Json.text(e, "message");
                    return m == null ? null : (field == null ? m : field + ": " + m);
                })
                .filter(m -> m != null && !m.isBlank())
                .collect(Collectors.joining("; "));
        if (message == null) {
            return details.isEmpty() ? null : details;
        }
        return details.isEmpty() ? message : message + " (" + details + ")";
    }

    private Api api(ConnectorContext context) {
        String companyId = required(context, "companyId");
        String publicKey = required(context, "publicKey");
        String privateKey = required(context, "privateKey");
        String clientId = required(context, "clientId");
        String basic = Base64.getEncoder().encodeToString(
                (companyId + "+" + publicKey + ":" + privateKey).getBytes(StandardCharsets.UTF_8));
        PsaSession session = http.session(CallAuth.of(Map.of("Authorization", "Basic " + basic, "clientId", clientId)),
                RequestGate.OPEN);
        return new Api(session, baseUrl(context, companyId), context, new Rules(context));
    }

    /**
     * The API root: the connection's base URL when it is one (…/apis/3.0); when it names only the site (or is blank and
     * a {@code site} credential is set) the codebase is discovered from the site's company info.
     */
    private String baseUrl(ConnectorContext context, String companyId) {
        String base = context.baseUrl() == null ? "" : context.baseUrl().strip();
        if (base.contains("/apis/")) {
            return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        }
        String site = base.isEmpty() ? context.credential("site") : base;
        if (site == null || site.isBlank()) {
            throw new PsaException(Kind.PERMANENT, "ConnectWise: the connection needs a base URL or a site");
        }
        String origin = Urls.origin(site);
        String codebase = codebases.computeIfAbsent(origin + "|" + companyId, key -> {
            PsaSession anonymous = http.session(CallAuth.of(Map.of()), RequestGate.OPEN);
            JsonNode info = anonymous.read(PsaRequest.get(Urls.of(origin, "/login/companyinfo/" + Urls.encode(companyId)))).body();
            String found = Json.text(info, "Codebase");
            if (found == null || found.isBlank()) {
                throw new PsaException(Kind.PERMANENT, "ConnectWise: the site did not tell its codebase for company " + companyId);
            }
            return found.endsWith("/") ? found : found + "/";
        });
        return origin + "/" + codebase + "apis/3.0";
    }

    private static String required(ConnectorContext context, String name) {
        String value = context.credential(name);
        if (value == null || value.isBlank()) {
            throw new PsaException(Kind.PERMANENT, "ConnectWise: the connection has no " + name);
        }
        return value.strip();
    }

    /** Which companies and agreements count as billable, from the connection's settings. */
    private static final class Rules {
        final Set<String> billableStatuses;
        final Set<String> billableTypes;
        final Set<String> nonBillableCycles;
        final Set<String> nonBillableCompanyStatuses;
        final Set<String> nonBillableCompanyTypes;
        final boolean sendEffectiveDate;
        final int pageSize;

        Rules(ConnectorContext context) {
            billableStatuses = Settings.list(context.setting("billableContractStatuses", "Active"));
            billableTypes = Settings.list(context.setting("billableContractTypes", ""));
            nonBillableCycles = Settings.list(context.setting("nonBillableBillingCycles", "None"));
            nonBillableCompanyStatuses = Settings.list(context.setting("nonBillableCompanyStatuses", "Inactive,Not-Approved"));
            nonBillableCompanyTypes = Settings.list(context.setting("nonBillableCompanyTypes", "Prospect"));
            sendEffectiveDate = Settings.flag(context.setting("sendEffectiveDate", "true"), true);
            pageSize = Settings.pageSize(context.setting("pageSize", null), MAX_PAGE_SIZE, MAX_PAGE_SIZE);
        }

        boolean companyBillable(JsonNode company) {
            if (Json.bool(company, "deletedFlag", false) || Json.bool(company, "leadFlag", false)) {
                return false;
            }
            if (Settings.contains(nonBillableCompanyStatuses, Json.text(company.path("status"), "name"))) {
                return false;
            }
            List<JsonNode> types = new ArrayList<>(Json.array(company, "types"));
            if (company.path("type").isObject()) {
                types.add(company.path("type"));
            }
            return types.stream().noneMatch(t -> Settings.contains(nonBillableCompanyTypes, Json.text(t, "name")));
        }

        boolean agreementBillable(JsonNode agreement, LocalDate today) {
            if (Json.bool(agreement, "cancelledFlag", false)) {
                return false;
            }
            String status = Json.text(agreement, "agreementStatus");
            if (status != null && !Settings.contains(billableStatuses, status)) {
                return false;
            }
            String cycle = Json.text(agreement.path("billingCycle"), "name");
            if (cycle == null || Settings.contains(nonBillableCycles, cycle)) {
                return false;
            }
            if (!billableTypes.isEmpty() && !Settings.contains(billableTypes, Json.text(agreement.path("type"), "name"))) {
                return false;
            }
            LocalDate end = Json.date(agreement, "endDate");
            return Json.bool(agreement, "noEndingDateFlag", false) || end == null || !end.isBefore(today);
        }
    }

    /** One operation's view of a connection: session, API root, settings. */
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

        URI uri(String path, Map<String, ?> query) {
            return Urls.of(base, path, query);
        }

        JsonNode get(String path, Map<String, ?> query) {
            return session.read(PsaRequest.get(uri(path, query))).body();
        }

        /** Pages through a list ordered by id (page/pageSize) until a page comes back short. */
        void forEachPage(String path, Map<String, String> query, Consumer<JsonNode> each) {
            int size = rules.pageSize;
            for (int page = 1; page <= MAX_PAGES; page++) {
                Map<String, Object> q = new LinkedHashMap<>(query);
                q.put("orderBy", "id asc");
                q.put("page", page);
                q.put("pageSize", size);
                List<JsonNode> items = Json.elements(get(path, q));
                items.forEach(each);
                if (items.size() < size) {
                    return;
                }
            }
            throw new PsaException(Kind.PERMANENT, "ConnectWise: more than " + MAX_PAGES + " pages of " + path);
        }
    }
}
