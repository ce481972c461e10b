package com.trueup.psa.bms;

import com.trueup.psa.connector.Capabilities;
import com.trueup.psa.connector.ConnectorContext;
import com.trueup.psa.connector.ConnectorDescriptor;
import com.trueup.psa.connector.ConnectorException;
import com.trueup.psa.connector.NewLine;
import com.trueup.psa.connector.PsaClient;
import com.trueup.psa.connector.RateLimits;
import com.trueup.psa.connector.RemoteCompany;
import com.trueup.psa.connector.RemoteContract;
import com.trueup.psa.connector.RemoteProduct;
import com.trueup.psa.connector.SettingField;
import com.trueup.psa.connector.SnapshotPart;
import com.trueup.psa.connector.SnapshotSink;
import com.trueup.psa.connector.WriteResult;
import com.trueup.psa.connector.http.AnswerCheck;
import com.trueup.psa.connector.http.HttpApi;
import com.trueup.psa.connector.http.HttpKit;
import com.trueup.psa.connector.http.Json;
import com.trueup.psa.connector.http.JsonHttpConnector;
import com.trueup.psa.connector.http.Paging;
import com.trueup.psa.connector.http.PsaRequest;
import com.trueup.psa.connector.http.PsaSession;
import com.trueup.psa.connector.http.TokenAuthenticator;
import com.trueup.psa.connector.http.Urls;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Kaseya BMS platform's V2 REST API, spoken by Kaseya BMS and Pulseway PSA alike (one family, a descriptor each).
 * What always holds:
 * <ul>
 * <li>Sign-in {@code POST /v2/security/authenticate} (multipart: UserName, Password, Tenant, GrantType) gives a Bearer
 * token with its expiry and a refresh token; the token is refreshed ({@code POST /v2/security/refreshtoken}) before it
 * expires and once after a 401, and a refused refresh signs in again.</li>
 * <li>Answer keys are read without regard to case (documented PascalCase, camelCase seen in real answers).</li>
 * <li>An HTTP 200 with {@code Success: false} is a failure carrying {@code Error.Message} (never its stack trace).</li>
 * <li>Snapshot: accounts, services, recurring contracts. The API has no documented read of a contract's services with
 * their units, so lines come from the file route; nothing here reports a line.</li>
 * <li>Writes: only adding a service to a recurring contract (whole units, an effective date). The API has no documented
 * way to change the units of a service already on a contract; such changes go to the change sheet.</li>
 * </ul>
 */
abstract class BmsFamilyConnector extends JsonHttpConnector {

    static final String SIGN_IN = "/v2/security/authenticate";
    static final String REFRESH = "/v2/security/refreshtoken";
    /** Access tokens whose answer names no expiry are renewed after this long (the lifetime is not documented). */
    static final Duration UNSTATED_LIFETIME = Duration.ofMinutes(20);

    static SettingField billableContractTypes() {
        return SettingField.list(
                "billableContractTypes",
                "Billable contract types",
                "Recurring Services",
                "Contract types (ContractType) whose services are billed every period.");
    }

    static SettingField billableContractStatuses() {
        return SettingField.list(
                "billableContractStatuses",
                "Billable contract statuses",
                "Active",
                "Contract statuses (Status) that count as billable.");
    }

    static SettingField nonBillableAccountTypes() {
        return SettingField.list(
                "nonBillableAccountTypes",
                "Account types not billed",
                "Competitor,Former Client,Vendor",
                "Accounts of one of these account types (AccountType) are not billed; inactive accounts never are.");
    }

    /** What the V2 API lets TrueUp do, the same for every member of the family. */
    static Capabilities familyCapabilities(String psa) {
        return Capabilities.builder()
                .reads(SnapshotPart.COMPANIES, SnapshotPart.PRODUCTS, SnapshotPart.CONTRACTS)
                .createsLines()
                .wholeQuantitiesOnly()
                .honoursEffectiveDate()
                .rateLimits(RateLimits.perHour(1500).countedPerEndpoint())
                .limitation(psa + "'s API has no documented read of a contract's services with their units: contract "
                        + "lines and quantities come from a file import, matched by contract and service id.")
                .limitation(psa + "'s API has no documented way to change the units of a service already on a "
                        + "contract: such changes go to the change sheet, to apply by hand.")
                .limitation("New revenue adds the service to the contract with whole units from the effective date; a "
                        + "service already on the contract is never added a second time.")
                .build();
    }

    static SettingField pageSizeSetting() {
        return SettingField.integer(
                "pageSize",
                "Page size",
                100,
                1,
                500,
                "Items per page when reading lists (the API documents no maximum).");
    }

    protected BmsFamilyConnector(ConnectorDescriptor descriptor, HttpKit kit) {
        super(descriptor, kit);
    }

    @Override
    protected boolean caseInsensitiveKeys() {
        return true;
    }

    /** The PSA's message of a failed answer: {@code Error.Message} (keys are lower-cased here). */
    @Override
    protected String errorMessage(JsonNode body) {
        String message = Json.text(body.path("error"), "message");
        if (message != null && !message.isBlank()) {
            return message;
        }
        return super.errorMessage(body);
    }

    /**
     * {@code Success: false} in a 200: a failure with the PSA's message. {@code Error.Code} has no documented meaning; a
     * code in the HTTP error range is read as that status (429 and 5xx retryable, 401 renews the token), any other is
     * permanent.
     */
    @Override
    protected AnswerCheck answerCheck() {
        return (body, request, write, failures) -> {
            if (body == null || !body.isObject() || !body.has("success") || Json.bool(body, "success", true)) {
                return;
            }
            JsonNode error = body.path("error");
            BigDecimal code = Json.decimal(error, "code");
            String message = Json.text(error, "message");
            int status = code != null && code.intValue() >= 400 && code.intValue() < 600 ? code.intValue() : 0;
            String text = "answered " + request.describe() + " with Success false"
                    + (code == null ? "" : " (code " + code.toPlainString() + ")")
                    + (message == null || message.isBlank() ? "" : ": " + message.strip());
            boolean retryable = status == 429 || status == 408 || status >= 500;
            throw failures.failure(
                    retryable ? ConnectorException.Kind.RETRYABLE : ConnectorException.Kind.PERMANENT,
                    status,
                    text,
                    null,
                    null);
        };
    }

    @Override
    protected PsaClient open(ConnectorContext context, Connection connection) {
        String base = apiRoot(context.baseUrl());
        String user = context.requiredCredential("userName");
        String password = context.requiredCredential("password");
        String tenant = context.requiredCredential("tenant");
        String account = base + "|" + tenant.toLowerCase(Locale.ROOT) + "|" + user.toLowerCase(Locale.ROOT);
        TokenAuthenticator.Source signIn = new SignIn(base, user, password, tenant, context);
        HttpApi api = connection.api(base, connection.token(account + "|" + fingerprint(password), signIn), account);
        return new Client(api, descriptor().label());
    }

    /** The API's origin: a host or address, without a path (the API's paths start with /v2). */
    String apiRoot(String baseUrl) {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw ConnectorException.permanent(
                    descriptor().label() + ": the connection needs the API server's address");
        }
        String origin = Urls.origin(baseUrl);
        return origin.replaceAll("/v2/?$", "");
    }

    /** Sign-in and refresh; the answer's expiry decides when the token is renewed. */
    private final class SignIn implements TokenAuthenticator.Source {
        private final String base;
        private final String user;
        private final String password;
        private final String tenant;
        private final ConnectorContext context;

        SignIn(String base, String user, String password, String tenant, ConnectorContext context) {
            this.base = base;
            this.user = user;
            this.password = password;
            this.tenant = tenant;
            this.context = context;
        }

        @Override
        public TokenAuthenticator.Token fetch(PsaSession anonymous) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("UserName", user);
            form.put("Password", password);
            form.put("Tenant", tenant);
            form.put("GrantType", "password");
            return token(anonymous
                    .read(PsaRequest.postMultipart(Urls.of(base, SIGN_IN), form))
                    .body());
        }

        @Override
        public TokenAuthenticator.Token refresh(PsaSession anonymous, TokenAuthenticator.Token expiring) {
            Map<String, String> form = new LinkedHashMap<>();
            form.put("AccessToken", expiring.accessToken());
            form.put("RefreshToken", expiring.refreshToken());
            try {
                return token(anonymous
                        .read(PsaRequest.postMultipart(Urls.of(base, REFRESH), form))
                        .body());
            } catch (ConnectorException refused) {
                if (refused.kind() != ConnectorException.Kind.PERMANENT) {
                    throw refused;
                }
                return fetch(anonymous); // a refresh token that is no longer taken: sign in again
            }
        }

        private TokenAuthenticator.Token token(JsonNode answer) {
            JsonNode result = answer.path("result");
            String access = Json.text(result, "accesstoken");
            if (access == null || access.isBlank()) {
                throw ConnectorException.permanent(
                        descriptor().label() + ": the sign-in answered without an access token");
            }
            Instant now = context.clock().instant();
            Instant expires = instant(Json.text(result, "accesstokenexpireon"));
            return new TokenAuthenticator.Token(
                    access,
                    expires != null ? expires : now.plus(UNSTATED_LIFETIME),
                    Json.text(result, "refreshtoken"),
                    instant(Json.text(result, "refreshtokenexpireon")));
        }
    }

    /** A date-time of an answer; one without an offset is read as UTC. Null when absent or unreadable. */
    static Instant instant(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text.strip()).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text.strip()).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException unreadable) {
                return null;
            }
        }
    }

    private static final class Client implements PsaClient {

        private final HttpApi api;
        private final String label;

        Client(HttpApi api, String label) {
            this.api = api;
            this.label = label;
        }

        @Override
        public String testConnection() {
            JsonNode user = api.get("/v2/security/userinfo", Map.of()).path("result");
            JsonNode accounts = api.get("/v2/crm/accounts/summary", Map.of("PageSize", 1, "PageNumber", 1));
            String business = Json.text(user, "businessname");
            String name = Json.text(user, "fullname");
            BigDecimal total = Json.decimal(accounts, "totalrecords");
            return "Connected to " + label + (business == null || business.isBlank() ? "" : " (" + business + ")")
                    + (name == null || name.isBlank() ? "" : " as " + name)
                    + (total == null ? "" : " (" + total.toPlainString() + " accounts)");
        }

        @Override
        public void readSnapshot(SnapshotSink sink) {
            var settings = api.context().settings();
            Map<String, List<String>> accountsByName = new HashMap<>();
            forEachPage(page -> PsaRequest.get(api.uri("/v2/crm/accounts/summary", query(page))), account -> {
                String id = Json.id(account, "id");
                String name = Json.text(account, "accountname");
                String type = Json.text(account, "accounttype");
                boolean billable =
                        Json.bool(account, "isactive", true) && !settings.contains("nonBillableAccountTypes", type);
                sink.company(new RemoteCompany(id, name == null ? "Account " + id : name, billable));
                if (name != null) {
                    accountsByName
                            .computeIfAbsent(name.strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                            .add(id);
                }
            });
            forEachPage(
                    page -> PsaRequest.post(api.uri("/v2/admin/finance/services/search"), searchBody(page)),
                    service -> {
                        String name = Json.text(service, "name");
                        sink.product(new RemoteProduct(
                                Json.id(service, "id"),
                                name,
                                name,
                                Json.decimal(service, "unitprice"),
                                Json.decimal(service, "unitcost")));
                    });
            LocalDate today = api.context().today();
            Map<String, Map<String, String>> contractsOfAccount = new HashMap<>();
            forEachPage(page -> PsaRequest.get(api.uri("/v2/finance/contracts/summary", query(page))), contract -> {
                String id = Json.id(contract, "id");
                String account = accountOf(contract, accountsByName, contractsOfAccount);
                if (account == null) {
                    return; // a contract of an account TrueUp cannot tell: it cannot be mapped
                }
                String type = Json.text(contract, "contracttype");
                String status = Json.text(contract, "status");
                LocalDate end = Json.date(contract, "enddate");
                boolean billable = settings.contains("billableContractTypes", type)
                        && settings.contains("billableContractStatuses", status)
                        && (end == null || !end.isBefore(today));
                String name = Json.text(contract, "contractname");
                sink.contract(new RemoteContract(id, account, name == null ? "Contract " + id : name, billable));
            });
        }

        /**
         * The account of a contract: the summary names its account only by name, so the account of that name; when
         * several accounts share the name, the one whose contract lookup ({@code AccountId}) lists the contract.
         */
        private String accountOf(
                JsonNode contract,
                Map<String, List<String>> accountsByName,
                Map<String, Map<String, String>> contractsOfAccount) {
            String name = Json.text(contract, "accountname");
            List<String> candidates = name == null
                    ? List.of()
                    : accountsByName.getOrDefault(name.strip().toLowerCase(Locale.ROOT), List.of());
            if (candidates.size() <= 1) {
                return candidates.isEmpty() ? null : candidates.get(0);
            }
            String id = Json.id(contract, "id");
            for (String account : candidates) {
                Map<String, String> ofAccount = contractsOfAccount.computeIfAbsent(account, a -> {
                    Map<String, String> ids = new HashMap<>();
                    JsonNode lookup = api.get("/v2/finance/contracts/lookup", Map.of("AccountId", a));
                    Json.array(lookup, "result").forEach(c -> ids.put(Json.id(c, "id"), a));
                    return ids;
                });
                if (ofAccount.containsKey(id)) {
                    return account;
                }
            }
            return null;
        }

        @Override
        public String contractForNewLine(String companyExternalId) {
            JsonNode lookup = api.get(
                    "/v2/finance/contracts/lookup",
                    Map.of("AccountId", Urls.segment(companyExternalId), "ExcludeExpiredContracts", true));
            return Json.array(lookup, "result").stream()
                    .filter(c -> Json.bool(c, "isactive", false))
                    .map(c -> Json.id(c, "id"))
                    .findFirst()
                    .orElseThrow(() -> ConnectorException.permanent(label + ": account " + companyExternalId
                            + " has no active contract to add the service to"));
        }

        /** The contract's recurring service of the product, from the service's related services (they carry no units). */
        @Override
        public Optional<String> findLine(NewLine line) {
            String service = Urls.segment(line.product().externalId());
            List<String> found = new ArrayList<>();
            forEachPage(
                    page -> PsaRequest.post(
                            api.uri("/v2/admin/finance/services/" + service + "/relatedservices/search"),
                            searchBody(page)),
                    related -> {
                        if (line.contractExternalId().equals(Json.id(related, "contractid"))) {
                            found.add(Json.id(related, "id"));
                        }
                    });
            return found.stream().findFirst();
        }

        /** Adds the service with whole units from the effective date; prices from the catalog. */
        @Override
        public WriteResult createLine(NewLine line) {
            BigDecimal units = line.quantity().stripTrailingZeros();
            if (units.scale() > 0 || units.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
                throw ConnectorException.permanent(
                        label + " takes whole units (at most " + Integer.MAX_VALUE + "), not " + units.toPlainString());
            }
            ObjectNode service = Json.object();
            service.set("ServiceId", Json.idValue(line.product().externalId()));
            service.put("ServiceName", line.product().name());
            service.put("Units", units.intValueExact());
            if (line.product().unitCost() != null) {
                service.set("UnitCost", Json.number(line.product().unitCost()));
            }
            if (line.product().unitPrice() != null) {
                service.set("UnitPrice", Json.number(line.product().unitPrice()));
            }
            service.put("EffectiveDate", line.effectiveDate().toString() + "T00:00:00Z");
            ArrayNode body = Json.array();
            body.add(service);
            JsonNode answer = api.write(PsaRequest.post(
                    api.uri("/v2/finance/contracts/recurringservices/" + Urls.segment(line.contractExternalId())
                            + "/services"),
                    body));
            JsonNode created = answer.path("result");
            if (created.isArray()) {
                created = created.path(0);
            }
            return new WriteResult(
                    Json.id(created, "id"),
                    Json.decimal(created, "units"),
                    "service "
                            + line.product().name() + " added to contract " + line.contractExternalId() + " with "
                            + units.toPlainString() + " units from " + line.effectiveDate());
        }

        private Map<String, Object> query(int page) {
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("PageSize", api.pageSize());
            q.put("PageNumber", page);
            return q;
        }

        private ObjectNode searchBody(int page) {
            ObjectNode body = Json.object();
            body.put("PageSize", api.pageSize());
            body.put("PageNumber", page);
            return body;
        }

        /** Numbered pages ({@code PageNumber} from 1) of {@code Result}, until {@code TotalRecords} were read or a short page. */
        private void forEachPage(IntFunction<PsaRequest> request, Consumer<JsonNode> each) {
            int size = api.pageSize();
            api.forEach(
                    Paging.numbered(
                            1,
                            request,
                            body -> Json.array(body, "result"),
                            Paging.totalRecords(body -> Json.decimal(body, "totalrecords"))
                                    .or(Paging.shortPage(size))),
                    each);
        }
    }
}
