package com.trueup.psa.accelo;

import com.trueup.psa.connector.AuthKind;
import com.trueup.psa.connector.BaseUrlField;
import com.trueup.psa.connector.Capabilities;
import com.trueup.psa.connector.ConnectorContext;
import com.trueup.psa.connector.ConnectorDescriptor;
import com.trueup.psa.connector.ConnectorException;
import com.trueup.psa.connector.ContractTerms;
import com.trueup.psa.connector.CredentialField;
import com.trueup.psa.connector.PsaClient;
import com.trueup.psa.connector.RateLimits;
import com.trueup.psa.connector.RemoteCompany;
import com.trueup.psa.connector.RemoteContract;
import com.trueup.psa.connector.RemoteProduct;
import com.trueup.psa.connector.SettingField;
import com.trueup.psa.connector.SnapshotPart;
import com.trueup.psa.connector.SnapshotSink;
import com.trueup.psa.connector.http.HttpApi;
import com.trueup.psa.connector.http.HttpKit;
import com.trueup.psa.connector.http.Json;
import com.trueup.psa.connector.http.JsonHttpConnector;
import com.trueup.psa.connector.http.Paging;
import com.trueup.psa.connector.http.PsaRequest;
import com.trueup.psa.connector.http.Urls;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Accelo (public REST API v0), read only. Reads companies, item templates (the catalog) and contracts ("retainers")
 * with their value, dates, standing and periods (budget type, allowance, budget value). Accelo has no recurring product
 * lines with a quantity and no endpoint that creates or changes a contract, so lines come from a file import and
 * approved changes go to the change sheet. Auth: a service application's client credentials, exchanged at
 * {@code /oauth2/v0/token} for a bearer token (30 days by default) that is cached until it expires.
 */
@Component
class AcceloConnector extends JsonHttpConnector {

    static final String TYPE = "accelo";
    private static final String HOST_SUFFIX = ".api.accelo.com";

    static final ConnectorDescriptor DESCRIPTOR = ConnectorDescriptor.builder(TYPE, "Accelo")
            .description(
                    "Uses a service application's client ID and secret (Configuration > API > Register Application, "
                            + "type Service Application). Reads companies, item templates and contracts with their value, dates and "
                            + "periods; recurring lines come from a file import and changes go to the change sheet.")
            .baseUrl(BaseUrlField.required(
                    "Deployment or address",
                    "Your Accelo deployment (planet-express) or its API "
                            + "address (https://planet-express.api.accelo.com)"))
            .credential(CredentialField.plain(
                    "clientId",
                    "Client ID",
                    "Of the service application, as Accelo shows it " + "(e.g. 5ba17c78ao@planet-express.accelo.com)."))
            .credential(CredentialField.secret("clientSecret", "Client secret", "Of the service application."))
            .setting(SettingField.list(
                    "billableCompanyStandings",
                    "Billable company standings",
                    "active",
                    "Company standings (from the company's status) that are billed."))
            .setting(SettingField.list(
                    "billableContractStandings",
                    "Billable contract standings",
                    "active",
                    "Contract standings that count as billable; a contract past its expiry date never does."))
            .setting(SettingField.flag(
                    "readContractPeriods",
                    "Read contract periods",
                    true,
                    "Read each billable contract's periods and budgets (one request per contract)."))
            .setting(SettingField.text(
                    "timeZone",
                    "Time zone",
                    "UTC",
                    "The zone of your Accelo deployment: Accelo gives dates as Unix times, this turns them into days."))
            .setting(SettingField.text(
                    "scope", "Scope", "read(all)", "The OAuth2 scope asked for (read access is enough)."))
            .setting(JsonHttpConnector.pageSize(100))
            .auth(AuthKind.OAUTH2_CLIENT_CREDENTIALS)
            .setupHelp(
                    "In Accelo, register a Service Application (Configuration > API > Register Application) and copy its "
                            + "client ID and secret; its token reads with the scope read(all). Then export your recurring lines "
                            + "(company, item, quantity) to a CSV file and import it with TrueUp's file import.")
            .capabilities(Capabilities.builder()
                    .reads(SnapshotPart.COMPANIES, SnapshotPart.PRODUCTS, SnapshotPart.CONTRACTS)
                    // "5000/hour per deployment": every application of the deployment counts against it
                    .rateLimits(RateLimits.perHour(5000).sharedByAllIntegrations())
                    .limitation(
                            "Accelo has no recurring product lines with a quantity: the lines come from a file import, "
                                    + "matched to Accelo's companies and item templates by id or exact name.")
                    .limitation(
                            "Accelo's API cannot create or change contracts: approved changes go to the change sheet, "
                                    + "to apply by hand; contract value and period budgets are shown, never written.")
                    .build())
            .build();

    AcceloConnector(HttpKit kit) {
        super(DESCRIPTOR, kit);
    }

    @Override
    protected PsaClient open(ConnectorContext context, Connection connection) {
        String origin = origin(context.baseUrl());
        String clientId = context.requiredCredential("clientId");
        String secret = context.requiredCredential("clientSecret");
        String basic = "Basic "
                + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        var auth = connection.clientCredentials(
                URI.create(origin + "/oauth2/v0/token"),
                Map.of(
                        "grant_type",
                        "client_credentials",
                        "scope",
                        context.settings().text("scope")),
                Map.of("Authorization", basic));
        // Accelo counts its limit per deployment: the origin is the budget key
        return new Client(connection.api(origin + "/api/v0", auth, origin), zone(context));
    }

    /**
     * "planet-express", "planet-express.accelo.com", "https://planet-express.api.accelo.com" or the API URL → the
     * deployment's API origin "https://planet-express.api.accelo.com". Another host (a proxy of yours) is used as it is.
     */
    static String origin(String baseUrl) {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw ConnectorException.permanent("Accelo: the connection needs your deployment or address");
        }
        URI uri = URI.create(Urls.origin(baseUrl.strip()));
        String host = uri.getHost();
        if (host == null) {
            throw ConnectorException.permanent("Accelo: '" + baseUrl + "' is not an address");
        }
        if (!host.contains(".")) {
            host = host + HOST_SUFFIX;
        } else if (host.endsWith(".accelo.com") && !host.endsWith(HOST_SUFFIX)) {
            host = host.substring(0, host.length() - ".accelo.com".length()) + HOST_SUFFIX;
        }
        return uri.getScheme() + "://" + host + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    private static ZoneId zone(ConnectorContext context) {
        String name = context.settings().text("timeZone");
        try {
            return ZoneId.of(name == null || name.isBlank() ? "UTC" : name.strip());
        } catch (DateTimeException e) {
            throw ConnectorException.permanent(
                    "Accelo: the time zone '" + name + "' is not known (e.g. Australia/Sydney)");
        }
    }

    /** Accelo's errors: {"meta": {"status", "message", "more_info"}, "response": null}; lockouts: {"message": ...}. */
    @Override
    protected String errorMessage(JsonNode body) {
        String meta = Json.text(body.path("meta"), "message");
        if (meta != null && !meta.isBlank()) {
            return meta;
        }
        return super.errorMessage(body);
    }

    /**
     * Accelo's 429 says when the hourly window resets ({@code X-RateLimit-Reset}, a Unix time) and sends no
     * Retry-After; a Retry-After (sent with lockouts) wins when there is one.
     */
    @Override
    protected Duration retryAfter(Function<String, String> header, Clock clock) {
        Duration retryAfter = super.retryAfter(header, clock);
        if (retryAfter != null) {
            return retryAfter;
        }
        return untilReset(header.apply("X-RateLimit-Reset"), clock);
    }

    /** An answer with {@code X-RateLimit-Remaining: 0}: the budget is spent until {@code X-RateLimit-Reset}. */
    @Override
    protected Duration budgetSpentFor(Function<String, String> header, Clock clock) {
        String remaining = header.apply("X-RateLimit-Remaining");
        if (remaining == null || !remaining.strip().equals("0")) {
            return null;
        }
        return untilReset(header.apply("X-RateLimit-Reset"), clock);
    }

    static Duration untilReset(String reset, Clock clock) {
        if (reset == null || !reset.strip().matches("\\d{1,12}")) {
            return null;
        }
        Duration wait = Duration.between(clock.instant(), Instant.ofEpochSecond(Long.parseLong(reset.strip())));
        return wait.isNegative() ? Duration.ZERO : wait;
    }

    private static final class Client implements PsaClient {

        private final HttpApi api;
        private final ZoneId zone;

        Client(HttpApi api, ZoneId zone) {
            this.api = api;
            this.zone = zone;
        }

        @Override
        public String testConnection() {
            JsonNode info = api.get("/tokeninfo", Map.of()).path("response");
            String deployment = Json.text(info, "deployment");
            String email = Json.text(info, "email");
            return "Connected to Accelo" + (deployment == null ? "" : " deployment " + deployment)
                    + (email == null ? "" : " as " + email);
        }

        @Override
        public void readSnapshot(SnapshotSink sink) {
            Set<String> companyStandings = api.context().settings().list("billableCompanyStandings");
            Set<String> contractStandings = api.context().settings().list("billableContractStandings");
            LocalDate today = LocalDate.now(api.context().clock().withZone(zone));
            forEachPage(
                    "/companies",
                    "standing",
                    company -> sink.company(new RemoteCompany(
                            Json.id(company, "id"),
                            Json.text(company, "name"),
                            companyStandings.contains(standing(company)))));
            forEachPage("/object_budgets/templates", "code,price,cost,standing", template -> {
                String title = Json.text(template, "title");
                String code = Json.text(template, "code");
                sink.product(new RemoteProduct(
                        Json.id(template, "id"),
                        code == null || code.isBlank() ? title : code,
                        title,
                        Json.decimal(template, "price"),
                        Json.decimal(template, "cost")));
            });
            List<JsonNode> contracts = new ArrayList<>();
            forEachPage(
                    "/contracts",
                    "standing,value,date_started,date_expires,against_type,against_id,company",
                    contracts::add);
            boolean periods = api.context().settings().flag("readContractPeriods");
            for (JsonNode contract : contracts) {
                String company = companyOf(contract);
                if (company == null) {
                    continue; // against a contact or job without a company: nothing to map it to
                }
                LocalDate expires = day(contract, "date_expires");
                boolean billable =
                        contractStandings.contains(standing(contract)) && (expires == null || !expires.isBefore(today));
                String id = Json.id(contract, "id");
                List<ContractTerms.Period> read = billable && periods ? periods(id) : List.of();
                sink.contract(new RemoteContract(
                        id,
                        company,
                        Json.text(contract, "title"),
                        billable,
                        null,
                        new ContractTerms(
                                Json.decimal(contract, "value"),
                                day(contract, "date_started"),
                                expires,
                                Json.text(contract, "standing"),
                                read)));
            }
        }

        private List<ContractTerms.Period> periods(String contractId) {
            List<ContractTerms.Period> periods = new ArrayList<>();
            forEachPage(
                    "/contracts/" + Urls.segment(contractId) + "/periods",
                    "date_commenced,date_expires,standing,budget_type,allowance_type,contract_budget(value)",
                    period -> {
                        JsonNode budget = period.path("contract_budget");
                        periods.add(new ContractTerms.Period(
                                Json.id(period, "id"),
                                day(period, "date_commenced"),
                                day(period, "date_expires"),
                                Json.text(period, "standing"),
                                Json.text(period, "budget_type"),
                                Json.text(period, "allowance_type"),
                                budget.isObject() ? Json.decimal(budget, "value") : null));
                    });
            return periods;
        }

        /** The company the contract is against: its {@code company}, else {@code against_id} when against a company. */
        private static String companyOf(JsonNode contract) {
            JsonNode company = contract.path("company");
            String id = company.isObject() ? Json.id(company, "id") : Json.id(contract, "company");
            if (id != null && !id.isBlank() && !"0".equals(id)) {
                return id;
            }
            return "company".equals(Json.text(contract, "against_type")) ? Json.id(contract, "against_id") : null;
        }

        /** A Unix-time field as a day in the deployment's zone; null when absent or 0. */
        private LocalDate day(JsonNode node, String field) {
            BigDecimal seconds = Json.decimal(node, field);
            if (seconds == null || seconds.signum() <= 0) {
                return null;
            }
            return Instant.ofEpochSecond(seconds.longValue()).atZone(zone).toLocalDate();
        }

        private static String standing(JsonNode node) {
            String standing = Json.text(node, "standing");
            return standing == null ? "" : standing.strip().toLowerCase(Locale.ROOT);
        }

        /** {@code _page} from 0 with {@code _limit} items, ordered by id, until a short page; items in {@code response}. */
        private void forEachPage(String path, String fields, Consumer<JsonNode> each) {
            int size = api.pageSize();
            api.forEach(
                    Paging.numbered(
                            0,
                            page -> {
                                Map<String, Object> query = new LinkedHashMap<>();
                                query.put("_fields", fields);
                                query.put("_filters", "order_by_asc(id)");
                                query.put("_limit", size);
                                query.put("_page", page);
                                return PsaRequest.get(api.uri(path, query));
                            },
                            body -> Json.array(body, "response"),
                            Paging.shortPage(size)),
                    each);
        }
    }
}
