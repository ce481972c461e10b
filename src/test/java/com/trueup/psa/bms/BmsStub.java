package com.trueup.psa.bms;

import com.trueup.psa.connector.ConnectorDescriptor;
import com.trueup.psa.contract.HttpFakePsa;
import com.trueup.psa.contract.PsaWorld;
import com.trueup.psa.contract.StubServer.Answer;
import com.trueup.psa.contract.StubServer.Call;
import com.trueup.psa.contract.StubServer.Role;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/**
 * The BMS platform's V2 API as its OpenAPI description documents it (Kaseya BMS and Pulseway PSA answer alike):
 * multipart sign-in and refresh with {@code Result {AccessToken, RefreshToken, AccessTokenExpireOn,
 * RefreshTokenExpireOn}}; Bearer tokens; every answer in the envelope {@code {Success, Error, Result, TotalRecords}}
 * (the description types Error and Result as objects, so an answer leaves out the one it does not carry), failures as HTTP 200 with {@code Success: false} and {@code Error {Code, Message, Details, StackStrace}}; lists paged
 * with {@code PageSize}/{@code PageNumber}; keys in PascalCase, or camelCase as real servers have been seen to answer.
 * The world's lines are the contracts' recurring services: no route reads their units (none is documented); the
 * related-services search lists them without units, and adding services creates them. A request body with a field the
 * description does not declare is refused, as the real DTOs do. The world's "prospect" is an account of type Vendor.
 */
class BmsStub extends HttpFakePsa {

    static final String USER = "api.trueup";
    static final String PASSWORD = "s3cret-Passw0rd";
    static final String TENANT = "Acme MSP";
    /** Lifetime of the access tokens the stub issues. */
    static final Duration TOKEN_LIFETIME = Duration.ofHours(1);

    /** True plays a server answering in camelCase ({@code result.accessToken}). */
    volatile boolean camelCase;

    private volatile String rejection;
    /** The stub's time (token expiries); a test may move it. */
    volatile Clock clock;

    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>();
    private final AtomicInteger issued = new AtomicInteger();

    BmsStub(ConnectorDescriptor descriptor, Clock clock) {
        super(descriptor.settings(), Map.of("userName", USER, "password", PASSWORD, "tenant", TENANT), clock);
        this.clock = clock;
        server.authCheck(call -> {
            if (rejection != null) {
                return error(401, rejection);
            }
            if (call.role() == Role.TOKEN) {
                return null;
            }
            String auth = call.header("Authorization");
            return auth != null && auth.startsWith("Bearer ") && validTokens.contains(auth.substring(7))
                    ? null
                    : new Answer(401, "", Map.of());
        });
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
    public boolean keepsCancelledLines() {
        return false;
    }

    @Override
    public void rejectCredentials() {
        rejection = "credentials rejected by the stub";
    }

    /** Every access token issued so far stops working (as when they expire). */
    void expireTokens() {
        validTokens.clear();
    }

    /** Refresh tokens issued so far are no longer taken. */
    void forgetRefreshTokens() {
        refreshTokens.clear();
    }

    @Override
    public Answer error(int status, String message) {
        return Answer.json(
                status,
                render(map(
                        "Success",
                        false,
                        "Error",
                        map(
                                "Code",
                                status,
                                "Message",
                                message,
                                "Details",
                                null,
                                "StackStrace",
                                null,
                                "SubErrors",
                                null))));
    }

    /** HTTP 200 with Success false, as the API answers most failures; the stack trace must never reach a user. */
    Answer failure(int code, String message) {
        return Answer.ok(render(map(
                "Success",
                false,
                "Error",
                map(
                        "Code",
                        code,
                        "Message",
                        message,
                        "Details",
                        "Validation failed",
                        "StackStrace",
                        "   at Bms.Api.Secret.Internal()",
                        "SubErrors",
                        List.of()))));
    }

    @Override
    protected void routes() {
        server.on("POST", "/v2/security/authenticate", Role.TOKEN, (call, m) -> {
            Map<String, String> form = call.form();
            if (!multipart(call) || !"password".equals(form.get("GrantType"))) {
                return failure(400, "GrantType is required");
            }
            if (!USER.equals(form.get("UserName"))
                    || !PASSWORD.equals(form.get("Password"))
                    || !TENANT.equals(form.get("Tenant"))) {
                return failure(0, "Invalid user name, password or company");
            }
            return tokenAnswer();
        });
        server.on("POST", "/v2/security/refreshtoken", Role.TOKEN, (call, m) -> {
            Map<String, String> form = call.form();
            if (!multipart(call) || form.get("AccessToken") == null) {
                return failure(400, "AccessToken is required");
            }
            String access = refreshTokens.remove(form.getOrDefault("RefreshToken", ""));
            if (access == null || !access.equals(form.get("AccessToken"))) {
                return failure(0, "Invalid refresh token");
            }
            validTokens.remove(access);
            return tokenAnswer();
        });
        server.on(
                "GET",
                "/v2/security/userinfo",
                Role.READ,
                (call, m) -> ok(map(
                        "UserId",
                        41,
                        "FullName",
                        "TrueUp API",
                        "EmailAddress",
                        "api@acme-msp.test",
                        "TenantId",
                        7,
                        "BusinessName",
                        TENANT,
                        "IsUserSystemAdmin",
                        false)));
        server.on(
                "GET",
                "/v2/crm/accounts/summary",
                Role.READ,
                (call, m) -> paged(
                        call.query("PageSize"),
                        call.query("PageNumber"),
                        world.companies().stream()
                                .map(c -> (Object) map(
                                        "Id",
                                        num(c.key()),
                                        "AccountName",
                                        c.name(),
                                        "AccountCode",
                                        c.key().toUpperCase(),
                                        "AccountTypeId",
                                        1,
                                        "AccountType",
                                        c.standing() == PsaWorld.Standing.PROSPECT ? "Vendor" : "Client",
                                        "IsActive",
                                        c.standing() != PsaWorld.Standing.INACTIVE,
                                        "IsBilling",
                                        true,
                                        "ParentId",
                                        null))
                                .toList()));
        server.on("POST", "/v2/admin/finance/services/search", Role.READ, (call, m) -> {
            Answer refused = refuseUnknown(call.json(), Set.of("PageSize", "PageNumber", "Sort", "Exclude", "Filter"));
            return refused != null
                    ? refused
                    : paged(
                            call.json().path("PageSize").asString(null),
                            call.json().path("PageNumber").asString(null),
                            world.products().stream()
                                    .map(p -> (Object) map(
                                            "Id",
                                            num(p.key()),
                                            "Name",
                                            p.name(),
                                            "Description",
                                            p.name() + " per user",
                                            "UnitCost",
                                            p.cost(),
                                            "UnitPrice",
                                            p.price(),
                                            "Category",
                                            "Security",
                                            "UnitOfMeasure",
                                            "User",
                                            "IsActive",
                                            true,
                                            "IsTaxable",
                                            false))
                                    .toList());
        });
        server.on(
                "GET",
                "/v2/finance/contracts/summary",
                Role.READ,
                (call, m) -> paged(
                        call.query("PageSize"),
                        call.query("PageNumber"),
                        world.contracts().stream()
                                .map(k -> (Object) contract(k))
                                .toList()));
        server.on("GET", "/v2/finance/contracts/lookup", Role.READ, (call, m) -> {
            String account = call.query("AccountId");
            boolean excludeExpired = "true".equals(call.query("ExcludeExpiredContracts"));
            return ok(world.contracts().stream()
                    .filter(k -> account == null || id(k.companyKey()).equals(account))
                    .filter(k -> !excludeExpired || k.kind() != PsaWorld.ContractKind.ENDED)
                    .map(k -> map(
                            "Id",
                            num(k.key()),
                            "Name",
                            k.name(),
                            "IsDefault",
                            false,
                            "IsActive",
                            k.kind() == PsaWorld.ContractKind.RECURRING,
                            "EndDate",
                            end(k) + "T00:00:00Z"))
                    .toList());
        });
        server.on("POST", "/v2/admin/finance/services/(\\d+)/relatedservices/search", Role.READ_LINE, (call, m) -> {
            Answer refused = refuseUnknown(call.json(), Set.of("PageSize", "PageNumber", "Sort", "Exclude", "Filter"));
            String product = key(m.group(1));
            return refused != null
                    ? refused
                    : paged(
                            call.json().path("PageSize").asString(null),
                            call.json().path("PageNumber").asString(null),
                            world.lines().stream()
                                    .filter(l -> !l.cancelled && l.productKey.equals(product))
                                    .map(l -> (Object) related(l))
                                    .toList());
        });
        server.on("POST", "/v2/finance/contracts/recurringservices/(\\d+)/services", Role.CREATE_LINE, (call, m) -> {
            PsaWorld.Contract contract = world.contract(key(m.group(1)));
            if (contract == null) {
                return failure(404, "Contract not found");
            }
            JsonNode body = call.json();
            if (!body.isArray() || body.isEmpty()) {
                return failure(400, "At least one service is required");
            }
            List<PsaWorld.Line> created = new ArrayList<>();
            for (JsonNode service : body) {
                Answer refused = refuseUnknown(
                        service,
                        Set.of(
                                "ServiceId",
                                "ServiceName",
                                "ServiceDescription",
                                "Units",
                                "UnitCost",
                                "UnitPrice",
                                "EffectiveDate",
                                "SortOrder"));
                if (refused != null) {
                    return refused;
                }
                if (!service.path("ServiceId").isIntegralNumber()
                        || key(service.path("ServiceId").asString()) == null) {
                    return failure(400, "Service not found");
                }
                if (!service.path("Units").isIntegralNumber()) {
                    return failure(400, "Units must be a whole number");
                }
                if (!service.path("EffectiveDate").isString()) {
                    return failure(400, "EffectiveDate is required");
                }
            }
            for (JsonNode service : body) {
                created.add(world.create(
                        contract.key(),
                        key(service.path("ServiceId").asString()),
                        service.path("Units").decimalValue(),
                        decimal(service, "UnitPrice"),
                        decimal(service, "UnitCost")));
            }
            PsaWorld.Line first = created.get(0);
            return ok(map(
                    "Id",
                    num(first.key),
                    "ServiceId",
                    num(first.productKey),
                    "ServiceName",
                    world.product(first.productKey).name(),
                    "ContractId",
                    num(contract.key()),
                    "ContractName",
                    contract.name(),
                    "Units",
                    first.quantity.doubleValue(),
                    "UnitCost",
                    first.cost,
                    "UnitPrice",
                    first.price,
                    "EffectiveDate",
                    body.get(0).path("EffectiveDate").asString(),
                    "SortOrder",
                    0));
        });
    }

    private Answer tokenAnswer() {
        int n = issued.incrementAndGet();
        String access = "eyJhbGciOiJIUzI1NiJ9.access-" + n;
        String refresh = "refresh-" + n;
        validTokens.add(access);
        refreshTokens.put(refresh, access);
        return ok(map(
                "AccessToken",
                access,
                "RefreshToken",
                refresh,
                "AccessTokenExpireOn",
                clock.instant().plus(TOKEN_LIFETIME).toString(),
                "RefreshTokenExpireOn",
                clock.instant().plus(Duration.ofDays(14)).toString()));
    }

    private Map<String, Object> contract(PsaWorld.Contract k) {
        String type = k.kind() == PsaWorld.ContractKind.NOT_RECURRING ? "Fixed Price" : "Recurring Services";
        return map(
                "Id",
                num(k.key()),
                "ContractName",
                k.name(),
                "AccountName",
                world.company(k.companyKey()).name(),
                "ContractType",
                type,
                "ContractBillingPrice",
                0.0,
                "Status",
                "Active",
                "ContractNumber",
                "C-" + id(k.key()),
                "BillingCycle",
                "Monthly",
                "StartDate",
                "2023-01-01T00:00:00Z",
                "EndDate",
                end(k) + "T00:00:00Z");
    }

    private LocalDate end(PsaWorld.Contract k) {
        LocalDate today = LocalDate.now(clock);
        return k.kind() == PsaWorld.ContractKind.ENDED ? today.minusMonths(2) : today.plusYears(2);
    }

    private Map<String, Object> related(PsaWorld.Line l) {
        PsaWorld.Contract k = world.contract(l.contractKey);
        return map(
                "Id",
                num(l.key),
                "ServiceId",
                num(l.productKey),
                "ContractId",
                num(l.contractKey),
                "AccountId",
                num(k.companyKey()),
                "ServiceName",
                world.product(l.productKey).name(),
                "ContractName",
                k.name(),
                "AccountName",
                world.company(k.companyKey()).name(),
                "EffectiveDate",
                "2024-01-01T00:00:00Z",
                "UnitCost",
                l.cost,
                "UnitPrice",
                l.price,
                "MarginType",
                0,
                "Margin",
                0,
                "ExcludeFromContractBulkUpdates",
                false);
    }

    private Answer paged(String pageSize, String pageNumber, List<Object> all) {
        int size = pageSize == null ? 10 : Integer.parseInt(pageSize);
        int page = pageNumber == null ? 1 : Integer.parseInt(pageNumber);
        return Answer.ok(render(map("Success", true, "Result", page(all, page, size), "TotalRecords", all.size())));
    }

    private Answer ok(Object result) {
        return Answer.ok(render(map("Success", true, "Result", result)));
    }

    /** A DTO field the description does not declare is refused, as the API's DTOs do. */
    private Answer refuseUnknown(JsonNode body, Set<String> declared) {
        if (body == null || !body.isObject()) {
            return failure(400, "A JSON object is required");
        }
        for (String name : body.propertyNames()) {
            if (!declared.contains(name)) {
                return failure(400, "Could not find member '" + name + "'");
            }
        }
        return null;
    }

    private static boolean multipart(Call call) {
        String type = call.header("Content-Type");
        return type != null && type.startsWith("multipart/form-data");
    }

    private static BigDecimal decimal(JsonNode node, String field) {
        return node.path(field).isNumber() ? node.path(field).decimalValue() : null;
    }

    /** The answer's keys as this server writes them: PascalCase, or camelCase. */
    private Object render(Object value) {
        if (value instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(
                    camelCase ? Character.toLowerCase(((String) k).charAt(0)) + ((String) k).substring(1) : (String) k,
                    render(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(this::render).toList();
        }
        return value;
    }

    private long num(String key) {
        return Long.parseLong(id(key));
    }
}
