package com.trueup.psa.accelo;

import com.trueup.psa.contract.HttpFakePsa;
import com.trueup.psa.contract.PsaWorld;
import com.trueup.psa.contract.StubServer.Answer;
import com.trueup.psa.contract.StubServer.Call;
import com.trueup.psa.contract.StubServer.Role;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Accelo's public API v0 as its documentation (api.accelo.com/docs, source Accelo/docs) shows it: a service
 * application's token from {@code POST /oauth2/v0/token} (HTTP Basic client id:secret, form grant_type and scope;
 * {@code expires_in} a string of seconds); every resource answer wrapped as {"meta": {status, message, more_info},
 * "response": ...}; ids, numbers and Unix times as strings; the default fields only (id, name / title) unless
 * {@code _fields} asks for more, linked objects with {@code field(subfield)}; {@code _page} from 0 and {@code _limit};
 * errors with the meta's status and message.
 */
class AcceloStub extends HttpFakePsa {

    static final String CLIENT_ID = "5ba17c78ao@planet-express.accelo.com";
    static final String CLIENT_SECRET = "zTfFgiyQCVDFk-1EtUerVLRk1is6LgL6";
    static final String DEPLOYMENT = "planet-express";

    /** Contract keys whose expiry date has passed although their standing is still "active". */
    final Set<String> expired = ConcurrentHashMap.newKeySet();
    /** The contract value and period budget the stub gives every contract. */
    static final String VALUE = "1200.00";

    static final String BUDGET = "300.00";

    private final AtomicInteger tokens = new AtomicInteger();
    private volatile String spentUntil;
    private volatile String token;
    private volatile String rejection;
    private final Clock clock;

    AcceloStub(Clock clock) {
        super(
                AcceloConnector.DESCRIPTOR.settings(),
                Map.of("clientId", CLIENT_ID, "clientSecret", CLIENT_SECRET),
                clock);
        this.clock = clock;
        server.authCheck(call -> {
            if (call.role() == Role.TOKEN) {
                return null;
            }
            return token != null && ("Bearer " + token).equals(call.header("Authorization"))
                    ? null
                    : error(401, "Invalid client authentication");
        });
    }

    @Override
    public String identifier(PsaWorld.Product product) {
        return product.code();
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
        String code = switch (status) {
            case 401 -> "invalid_client";
            case 403 -> "invalid_permission";
            case 429 -> "too_many_requests";
            default -> status >= 500 ? "server_error" : "invalid_request";
        };
        return Answer.json(
                status,
                map(
                        "response",
                        null,
                        "meta",
                        map(
                                "status",
                                code,
                                "message",
                                message,
                                "more_info",
                                "https://api.accelo.com/docs/#status-codes")));
    }

    /** Tokens the stub has issued. */
    int tokensIssued() {
        return tokens.get();
    }

    @Override
    protected void routes() {
        server.on("POST", "/oauth2/v0/token", Role.TOKEN, (call, m) -> {
            String basic = "Basic "
                    + Base64.getEncoder()
                            .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
            if (rejection != null) {
                return error(401, rejection);
            }
            if (!basic.equals(call.header("Authorization"))) {
                return error(401, "Invalid client authentication");
            }
            if (!"client_credentials".equals(call.form().get("grant_type"))) {
                return error(400, "The authorization grant type is not supported");
            }
            token = "Ck9ma73_db-" + tokens.incrementAndGet();
            return Answer.ok(map(
                    "access_token",
                    token,
                    "expires_in",
                    "2592000",
                    "token_type",
                    "bearer",
                    "deployment",
                    DEPLOYMENT,
                    "deployment_name",
                    "Planet Express",
                    "account_id",
                    "42"));
        });
        server.on(
                "GET",
                "/api/v0/tokeninfo",
                Role.READ,
                (call, m) -> ok(map(
                        "email",
                        "billing@planetexpress.test",
                        "expiry_date",
                        "1718445600",
                        "firstname",
                        "Hermes",
                        "surname",
                        "Conrad",
                        "deployment",
                        DEPLOYMENT,
                        "staff_id",
                        "7")));
        server.on(
                "GET",
                "/api/v0/companies",
                Role.READ,
                (call, m) -> ok(page(
                        call,
                        world.companies().stream()
                                .map(c -> fields(
                                        call,
                                        map("id", id(c.key()), "name", c.name()),
                                        map(
                                                "standing",
                                                c.billable() ? "active" : "inactive",
                                                "status",
                                                c.billable() ? "1" : "3")))
                                .toList())));
        server.on(
                "GET",
                "/api/v0/object_budgets/templates",
                Role.READ,
                (call, m) -> ok(page(
                        call,
                        world.products().stream()
                                .map(p -> fields(
                                        call,
                                        map("id", id(p.key()), "title", p.name()),
                                        map(
                                                "code",
                                                p.code(),
                                                "price",
                                                p.price().setScale(4).toPlainString(),
                                                "cost",
                                                p.cost().setScale(4).toPlainString(),
                                                "quantity",
                                                "1.0000",
                                                "standing",
                                                "active",
                                                "type",
                                                "service",
                                                "description",
                                                p.name())))
                                .toList())));
        server.on(
                "GET",
                "/api/v0/contracts",
                Role.READ,
                (call, m) -> ok(page(
                        call,
                        world.contracts().stream()
                                .map(k -> fields(
                                        call,
                                        map("id", id(k.key()), "title", k.name(), "period_template_id", "2"),
                                        contract(k)))
                                .toList())));
        server.on("GET", "/api/v0/contracts/(\\d+)/periods", Role.READ, (call, m) -> {
            String key = key(m.group(1));
            if (key == null || world.contract(key) == null) {
                return error(
                        400,
                        "The request could not be interpreted. Please ensure that the resource you are "
                                + "requesting actually exists.");
            }
            List<Map<String, Object>> periods = new ArrayList<>();
            LocalDate first = LocalDate.now(clock).withDayOfMonth(1);
            for (int i = 0; i < 2; i++) {
                LocalDate start = first.minusMonths(1 - i);
                periods.add(fields(
                        call,
                        map("id", id(key + "-period-" + i)),
                        map(
                                "date_commenced",
                                unix(start),
                                "date_expires",
                                unix(start.plusMonths(1)),
                                "standing",
                                i == 0 ? "closed" : "opened",
                                "budget_type",
                                "pre-paid",
                                "allowance_type",
                                "fixed value",
                                "contract_id",
                                m.group(1),
                                "contract_budget",
                                Map.of("id", id(key + "-budget-" + i), "value", BUDGET))));
            }
            return ok(page(call, periods));
        });
    }

    private Map<String, Object> contract(PsaWorld.Contract k) {
        String standing = switch (k.kind()) {
            case RECURRING -> "active";
            case NOT_RECURRING -> "pending";
            case ENDED -> "cancelled";
        };
        LocalDate today = LocalDate.now(clock);
        return map(
                "standing",
                standing,
                "value",
                VALUE,
                "date_started",
                unix(LocalDate.of(2024, 1, 1)),
                "date_expires",
                expired.contains(k.key()) ? unix(today.minusDays(10)) : unix(today.plusYears(1)),
                "against_type",
                "company",
                "against_id",
                id(k.companyKey()),
                "company",
                id(k.companyKey()),
                "status",
                "2",
                "auto_renew",
                "no");
    }

    /** The default fields, plus those {@code _fields} names ({@code _ALL}: all); a linked object as {@code name(sub)}. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> fields(Call call, Map<String, Object> defaults, Map<String, Object> optional) {
        Map<String, Object> out = new LinkedHashMap<>(defaults);
        String asked = call.query("_fields");
        if (asked == null) {
            return out;
        }
        Set<String> names =
                Arrays.stream(asked.split(",(?![^(]*\\))")).map(String::strip).collect(Collectors.toSet());
        optional.forEach((name, value) -> {
            for (String n : names) {
                if (n.equals("_ALL") || n.equals(name)) {
                    out.put(name, value instanceof Map<?, ?> linked ? ((Map<String, Object>) linked).get("id") : value);
                } else if (n.startsWith(name + "(") && value instanceof Map<?, ?> linked) {
                    out.put(name, linked);
                }
            }
        });
        return out;
    }

    private static List<Map<String, Object>> page(Call call, List<Map<String, Object>> all) {
        int limit = call.query("_limit") == null ? 10 : Math.min(100, Integer.parseInt(call.query("_limit")));
        int page = call.query("_page") == null ? 0 : Integer.parseInt(call.query("_page"));
        List<Map<String, Object>> ordered = new ArrayList<>(all);
        if ("order_by_asc(id)".equals(call.query("_filters"))) {
            ordered.sort(Comparator.comparingLong(item -> Long.parseLong((String) item.get("id"))));
        }
        return page(ordered, page + 1, limit);
    }

    /** The next resource answer says no request remains until {@code reset} (a Unix time), as Accelo's headers do. */
    void remainingZeroOnce(String reset) {
        spentUntil = reset;
    }

    private Answer ok(Object response) {
        Answer answer = okAnswer(response);
        String reset = spentUntil;
        if (reset != null) {
            spentUntil = null;
            return answer.header("X-RateLimit-Limit", "5000")
                    .header("X-RateLimit-Remaining", "0")
                    .header("X-RateLimit-Reset", reset);
        }
        return answer.header("X-RateLimit-Limit", "5000").header("X-RateLimit-Remaining", "4321");
    }

    private static Answer okAnswer(Object response) {
        return Answer.ok(map(
                "meta",
                map(
                        "more_info",
                        "https://affinitylive.jira.com/wiki/display/APIS/Status+Codes#ok",
                        "status",
                        "ok",
                        "message",
                        "Everything executed as expected."),
                "response",
                response));
    }

    static String unix(LocalDate day) {
        return Long.toString(day.atStartOfDay(ZoneOffset.UTC).toEpochSecond());
    }
}
