package com.trueup.psa.connectwise;

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
import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * ConnectWise Manage (REST API 3.0). Reads companies (their status's inactiveFlag decides whether they bill), the
 * product catalog, agreements and their additions; changes an addition's quantity with a JSON-Patch of the quantity
 * alone (its effective date is the addition's billing history and stays) and creates additions for new revenue. For a
 * cloud site the API is on the site's {@code api-} host.
 */
@Component
class ConnectWiseConnector extends JsonHttpConnector {

    static final String TYPE = "connectwise";
    static final int MAX_PAGE_SIZE = 1000;
    /** The codebase an on-premises ConnectWise answers; cloud sites answer their version (e.g. v2025_1/). */
    static final String ON_PREMISES_CODEBASE = "v4_6_release/";

    static final ConnectorDescriptor DESCRIPTOR = ConnectorDescriptor.builder(TYPE, "ConnectWise PSA (Manage)")
            .description("Uses an API member's keys (System > Members > API Members > API Keys) and a client id from "
                    + "developer.connectwise.com.")
            .baseUrl(BaseUrlField.required(
                            "Site / API URL",
                            "The site you sign in to, e.g. https://na.myconnectwise.net "
                                    + "(TrueUp finds the API: on cloud sites the api- host, e.g. https://api-na.myconnectwise.net), or the "
                                    + "full API URL, e.g. https://api-na.myconnectwise.net/v2025_1/apis/3.0")
                    .choice("North America (cloud)", "https://na.myconnectwise.net")
                    .choice("Europe (cloud)", "https://eu.myconnectwise.net")
                    .choice("Australia (cloud)", "https://au.myconnectwise.net"))
            .credential(CredentialField.plain(
                    "companyId", "Company ID", "The company id you enter when you sign in to ConnectWise."))
            .credential(CredentialField.plain("publicKey", "Public key", "Of the API member's API key."))
            .credential(
                    CredentialField.secret("privateKey", "Private key", "Shown only once when the API key is created."))
            .credential(CredentialField.plain(
                    "clientId",
                    "Client ID",
                    "Your integration's client id (a GUID) from " + "developer.connectwise.com."))
            .setting(SettingField.list(
                    "billableContractStatuses",
                    "Billable agreement statuses",
                    "Active",
                    "Agreement statuses (agreementStatus) that count as billable."))
            .setting(SettingField.list(
                    "billableContractTypes",
                    "Billable agreement types",
                    "",
                    "Agreement type names that count as billable; empty: every type."))
            .setting(SettingField.list(
                    "nonBillableBillingCycles",
                    "Billing cycles not billed",
                    "None",
                    "Agreements with one of these billing cycles are not recurring."))
            .setting(SettingField.list(
                    "nonBillableCompanyStatuses",
                    "More company statuses not billed",
                    "",
                    "Status names not billed besides the statuses ConnectWise marks inactive (used alone when the API "
                            + "member may not read the status list: then e.g. Inactive, Not-Approved)."))
            .setting(SettingField.list(
                    "nonBillableCompanyTypes",
                    "Company types not billed",
                    "Prospect",
                    "Companies of one of these type names are not billed."))
            .setting(pageSize(MAX_PAGE_SIZE))
            .auth(AuthKind.BASIC)
            .setupHelp(
                    "In ConnectWise, create an API member (System > Members > API Members) with a security role that "
                            + "can read companies, the product catalog and agreements and edit agreement additions; create an "
                            + "API key for it, and register your integration at developer.connectwise.com for a client id.")
            .capabilities(Capabilities.builder()
                    .readsEverything()
                    .updatesLines(WriteStyle.ABSOLUTE)
                    .createsLines()
                    .ignoresEffectiveDate("the agreement's next invoice")
                    .limitation("A changed quantity keeps the addition's effective and cancelled dates: they are its "
                            + "billing history. A new addition starts on the effective date.")
                    .build())
            .build();

    /** Each login's codebase, discovered again after a while (trueup.psa.http.discovery-cache-*). */
    private final Cache<String, String> codebases;

    ConnectWiseConnector(HttpKit kit) {
        super(DESCRIPTOR, kit);
        this.codebases = kit.newDiscoveryCache();
    }

    @Override
    protected PsaClient open(ConnectorContext context, Connection connection) {
        String companyId = context.requiredCredential("companyId");
        String publicKey = context.requiredCredential("publicKey");
        String privateKey = context.requiredCredential("privateKey");
        String clientId = context.requiredCredential("clientId");
        Authenticator auth = Authenticator.basic(companyId + "+" + publicKey, privateKey, Map.of("clientId", clientId));
        String base = apiRoot(context, connection, companyId);
        return new Client(connection.api(base, auth, base + "|" + companyId + "|" + publicKey), context.settings());
    }

    /**
     * The API root: the base URL when it is one (…/apis/3.0); when it names only the site, the codebase is discovered
     * from the company info on the sign-in host, and a cloud site's API is on its api- host.
     */
    private String apiRoot(ConnectorContext context, Connection connection, String companyId) {
        String base = context.baseUrl() == null ? "" : context.baseUrl().strip();
        if (base.contains("/apis/")) {
            return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        }
        if (base.isEmpty()) {
            throw ConnectorException.permanent("ConnectWise: the connection needs a site or API URL");
        }
        URI site = URI.create(Urls.origin(base));
        String signIn = origin(site, withoutApiPrefix(site.getHost()));
        return codebases.get(signIn + "|" + companyId, key -> {
            JsonNode info = connection
                    .anonymous()
                    .read(PsaRequest.get(Urls.of(signIn, "/login/companyinfo/" + Urls.encode(companyId))))
                    .body();
            String codebase = Json.text(info, "Codebase");
            if (codebase == null || codebase.isBlank()) {
                throw ConnectorException.permanent(
                        "ConnectWise: the site did not tell its codebase for company " + companyId);
            }
            return apiOrigin(site, codebase, Json.text(info, "IsCloud")) + "/"
                    + (codebase.endsWith("/") ? codebase : codebase + "/") + "apis/3.0";
        });
    }

    /** On-premises sites answer on their own host (codebase v4_6_release/); cloud sites on the api- host. */
    static String apiOrigin(URI site, String codebase, String isCloud) {
        boolean cloud = "true".equalsIgnoreCase(isCloud)
                || !ON_PREMISES_CODEBASE.equalsIgnoreCase(codebase.endsWith("/") ? codebase : codebase + "/");
        String host = withoutApiPrefix(site.getHost());
        return origin(site, cloud ? "api-" + host : site.getHost());
    }

    private static String withoutApiPrefix(String host) {
        return host.toLowerCase(java.util.Locale.ROOT).startsWith("api-") ? host.substring(4) : host;
    }

    private static String origin(URI site, String host) {
        return site.getScheme() + "://" + host + (site.getPort() < 0 ? "" : ":" + site.getPort());
    }

    /** ConnectWise errors: {"code","message","errors":[{"code","message","resource","field"}]}. */
    @Override
    protected String errorMessage(JsonNode body) {
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

    /**
     * Which companies and agreements count as billable, from the connection's settings and the company statuses
     * ConnectWise marks inactive ({@code inactiveStatuses}: status ids; null when the status list could not be read).
     */
    private record Rules(ConnectorSettings settings, Set<String> inactiveStatuses) {

        boolean companyBillable(JsonNode company) {
            if (Json.bool(company, "deletedFlag", false) || Json.bool(company, "leadFlag", false)) {
                return false;
            }
            JsonNode status = company.path("status");
            if (settings.contains("nonBillableCompanyStatuses", Json.text(status, "name"))) {
                return false;
            }
            if (inactiveStatuses != null && inactiveStatuses.contains(Json.id(status, "id"))) {
                return false;
            }
            if (inactiveStatuses == null
                    && settings.list("nonBillableCompanyStatuses").isEmpty()
                    && List.of("inactive", "not-approved")
                            .contains(String.valueOf(Json.text(status, "name")).toLowerCase(java.util.Locale.ROOT))) {
                return false;
            }
            List<JsonNode> types = new ArrayList<>(Json.array(company, "types"));
            if (company.path("type").isObject()) {
                types.add(company.path("type"));
            }
            return types.stream().noneMatch(t -> settings.contains("nonBillableCompanyTypes", Json.text(t, "name")));
        }

        boolean agreementBillable(JsonNode agreement, LocalDate today) {
            if (Json.bool(agreement, "cancelledFlag", false)) {
                return false;
            }
            String status = Json.text(agreement, "agreementStatus");
            if (status != null && !settings.contains("billableContractStatuses", status)) {
                return false;
            }
            String cycle = Json.text(agreement.path("billingCycle"), "name");
            if (cycle == null || settings.contains("nonBillableBillingCycles", cycle)) {
                return false;
            }
            if (!settings.list("billableContractTypes").isEmpty()
                    && !settings.contains("billableContractTypes", Json.text(agreement.path("type"), "name"))) {
                return false;
            }
            LocalDate end = Json.date(agreement, "endDate");
            return Json.bool(agreement, "noEndingDateFlag", false) || end == null || !end.isBefore(today);
        }
    }

    private static final class Client implements PsaClient {

        private final HttpApi api;
        private final ConnectorSettings settings;
        private Rules rules;

        Client(HttpApi api, ConnectorSettings settings) {
            this.api = api;
            this.settings = settings;
        }

        /** The rules, with the status list read once per operation (a member that may not read it falls back to names). */
        private Rules rules() {
            if (rules == null) {
                Set<String> inactive = new java.util.HashSet<>();
                try {
                    forEachPage("/company/companies/statuses", Map.of(), status -> {
                        if (Json.bool(status, "inactiveFlag", false)) {
                            inactive.add(Json.id(status, "id"));
                        }
                    });
                    rules = new Rules(settings, inactive);
                } catch (ConnectorException e) {
                    if (e.status() != 403 && e.status() != 404) {
                        throw e;
                    }
                    rules = new Rules(settings, null);
                }
            }
            return rules;
        }

        @Override
        public String testConnection() {
            JsonNode info = api.get("/system/info", Map.of());
            String version = Json.text(info, "version");
            return "Connected to ConnectWise Manage" + (version == null ? "" : " " + version);
        }

        @Override
        public void readSnapshot(SnapshotSink sink) {
            LocalDate today = api.context().today();
            forEachPage(
                    "/company/companies",
                    Map.of("conditions", "deletedFlag=false"),
                    company -> sink.company(new RemoteCompany(
                            Json.id(company, "id"), Json.text(company, "name"), rules().companyBillable(company))));
            forEachPage("/procurement/catalog", Map.of(), item -> sink.product(product(item)));
            Map<String, String> billable = new LinkedHashMap<>();
            forEachPage("/finance/agreements", Map.of("conditions", "cancelledFlag=false"), agreement -> {
                boolean isBillable = rules().agreementBillable(agreement, today);
                String id = Json.id(agreement, "id");
                String companyId = Json.id(agreement.path("company"), "id");
                sink.contract(new RemoteContract(id, companyId, Json.text(agreement, "name"), isBillable));
                if (isBillable) {
                    billable.put(id, companyId);
                }
            });
            billable.forEach((agreementId, companyId) -> forEachPage(
                    additionsPath(agreementId),
                    Map.of(),
                    addition -> sink.line(new RemoteLine(
                            Json.id(addition, "id"),
                            agreementId,
                            companyId,
                            Json.id(addition.path("product"), "id"),
                            Json.decimal(addition, "quantity"),
                            Json.decimal(addition, "unitPrice"),
                            Json.decimal(addition, "unitCost"),
                            !cancelled(addition, today)))));
        }

        @Override
        public Optional<BigDecimal> readQuantity(LineRef line, LocalDate date) {
            return api.find(additionPath(line), Map.of())
                    .filter(addition -> !cancelled(addition, api.context().today()))
                    .map(addition -> Json.decimal(addition, "quantity"));
        }

        @Override
        public WriteResult writeQuantity(LineRef line, QuantityChange change) {
            ArrayNode ops = Json.array();
            ops.add(Json.object()
                    .put("op", "replace")
                    .put("path", "quantity")
                    .set("value", Json.number(change.target())));
            JsonNode updated = api.write(PsaRequest.patch(api.uri(additionPath(line)), ops));
            return new WriteResult(
                    line.externalLineId(),
                    Json.decimal(updated, "quantity"),
                    "addition quantity set to " + change.target().toPlainString());
        }

        @Override
        public String contractForNewLine(String companyId) {
            LocalDate today = api.context().today();
            List<String> ids = new ArrayList<>();
            forEachPage(
                    "/finance/agreements",
                    Map.of("conditions", "company/id=" + Urls.segment(companyId) + " and cancelledFlag=false"),
                    agreement -> {
                        if (rules().agreementBillable(agreement, today)) {
                            ids.add(Json.id(agreement, "id"));
                        }
                    });
            return ids.stream()
                    .findFirst()
                    .orElseThrow(() -> ConnectorException.permanent("ConnectWise: company " + companyId
                            + " has no active agreement with a billing cycle to add the line to"));
        }

        @Override
        public Optional<String> findLine(NewLine line) {
            LocalDate today = api.context().today();
            String productId = line.product().externalId();
            List<String> found = new ArrayList<>();
            forEachPage(
                    additionsPath(line.contractExternalId()),
                    Map.of("conditions", "product/id=" + productId),
                    addition -> {
                        if (productId.equals(Json.id(addition.path("product"), "id")) && !cancelled(addition, today)) {
                            found.add(Json.id(addition, "id"));
                        }
                    });
            return found.stream().findFirst();
        }

        @Override
        public WriteResult createLine(NewLine line) {
            ObjectNode body = Json.object();
            body.set(
                    "product",
                    Json.object().set("id", Json.idValue(line.product().externalId())));
            body.set("quantity", Json.number(line.quantity()));
            if (line.product().unitPrice() != null) {
                body.set("unitPrice", Json.number(line.product().unitPrice()));
            }
            if (line.product().unitCost() != null) {
                body.set("unitCost", Json.number(line.product().unitCost()));
            }
            body.put("billCustomer", "Billable");
            if (line.effectiveDate() != null) {
                body.put("effectiveDate", dateTime(line.effectiveDate()));
            }
            JsonNode created = api.write(PsaRequest.post(api.uri(additionsPath(line.contractExternalId())), body));
            return new WriteResult(
                    Json.id(created, "id"),
                    Json.decimal(created, "quantity"),
                    "addition of product " + line.product().identifier() + " created in agreement "
                            + line.contractExternalId());
        }

        /** Pages through a list ordered by id (page/pageSize) until a page comes back short. */
        private void forEachPage(String path, Map<String, String> query, Consumer<JsonNode> each) {
            int size = api.pageSize();
            api.forEach(
                    Paging.numbered(
                            1,
                            page -> {
                                Map<String, Object> q = new LinkedHashMap<>(query);
                                q.put("orderBy", "id asc");
                                q.put("page", page);
                                q.put("pageSize", size);
                                return PsaRequest.get(api.uri(path, q));
                            },
                            Json::elements,
                            Paging.shortPage(size)),
                    each);
        }
    }

    private static RemoteProduct product(JsonNode item) {
        String identifier = Json.text(item, "identifier");
        String description = Json.text(item, "description");
        return new RemoteProduct(
                Json.id(item, "id"),
                identifier,
                description == null ? identifier : description,
                Json.decimal(item, "price"),
                Json.decimal(item, "cost"));
    }

    /** Cancelled on or before {@code today}; an addition cancelled in the future is still billed until then. */
    private static boolean cancelled(JsonNode addition, LocalDate today) {
        LocalDate cancelled = Json.date(addition, "cancelledDate");
        return cancelled != null && !cancelled.isAfter(today);
    }

    private static String additionsPath(String agreementId) {
        return "/finance/agreements/" + Urls.segment(agreementId) + "/additions";
    }

    private static String additionPath(LineRef line) {
        return additionsPath(line.externalContractId()) + "/" + Urls.segment(line.externalLineId());
    }

    private static String dateTime(LocalDate date) {
        return date + "T00:00:00Z";
    }
}
