package com.trueup.psa.connectwise;

import com.trueup.psa.contract.HttpFakePsa;
import com.trueup.psa.contract.PsaWorld;
import com.trueup.psa.contract.StubServer.Answer;
import com.trueup.psa.contract.StubServer.Call;
import com.trueup.psa.contract.StubServer.Role;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * ConnectWise Manage as its REST API 3.0 answers (field names from the API's models: Company, CatalogItem,
 * Agreement, AgreementAddition; errors {code, message, errors[]}): Basic auth "companyId+publicKey:privateKey" plus
 * the clientId header; lists paged with page/pageSize (at most 1,000), filtered with "conditions".
 */
class ConnectWiseStub extends HttpFakePsa {

    static final String API = "/v4_6_release/apis/3.0";
    private static final String AUTH = "Basic "
            + Base64.getEncoder().encodeToString("acme+public-key:private-key".getBytes(StandardCharsets.UTF_8));

    private final Clock clock;
    /** The name of the status ConnectWise marks inactive (MSPs rename and translate them). */
    volatile String inactiveStatusName = "Gone Away";
    /** When set, the answer to the status list (e.g. 403 for a member without the right). */
    volatile Answer statusesAnswer;

    ConnectWiseStub(Clock clock) {
        super(
                ConnectWiseConnector.DESCRIPTOR.settings(),
                Map.of(
                        "companyId",
                        "acme",
                        "publicKey",
                        "public-key",
                        "privateKey",
                        "private-key",
                        "clientId",
                        "6ca3a4bb-0000-4000-8000-000000000001"),
                clock);
        this.clock = clock;
        server.authCheck(call -> call.path().startsWith("/login/companyinfo/")
                        || AUTH.equals(call.header("Authorization"))
                                && "6ca3a4bb-0000-4000-8000-000000000001".equals(call.header("clientId"))
                ? null
                : error(401, "Basic authentication failed"));
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
        return Map.of("pageSize", "2");
    }

    @Override
    public void rejectCredentials() {
        server.authCheck(call -> error(401, "credentials rejected by the stub"));
    }

    @Override
    public Answer error(int status, String message) {
        return Answer.json(
                status,
                map("code", status == 400 ? "InvalidObject" : "Error", "message", message, "errors", List.of()));
    }

    @Override
    protected void routes() {
        server.on(
                "GET",
                API + "/system/info",
                Role.READ,
                (call, m) -> Answer.ok(map("version", "v2024.1", "isCloud", true)));
        server.on(
                "GET",
                "/login/companyinfo/acme",
                Role.OTHER,
                (call, m) -> Answer.ok(map(
                        "CompanyName",
                        "Acme MSP",
                        "Codebase",
                        "v4_6_release/",
                        "VersionCode",
                        "v2024.1",
                        "VersionNumber",
                        "v4.6.12345",
                        "CompanyID",
                        "acme",
                        "IsCloud",
                        "False")));
        server.on(
                "GET",
                API + "/company/companies/statuses",
                Role.READ,
                (call, m) -> statusesAnswer != null
                        ? statusesAnswer
                        : paged(
                                call,
                                List.of(
                                        map("id", 1, "name", "Active", "defaultFlag", true, "inactiveFlag", false),
                                        map(
                                                "id",
                                                3,
                                                "name",
                                                "Gone Away",
                                                "defaultFlag",
                                                false,
                                                "inactiveFlag",
                                                true))));
        server.on(
                "GET",
                API + "/company/companies",
                Role.READ,
                (call, m) -> paged(
                        call,
                        world.companies().stream()
                                .map(c -> map(
                                        "id",
                                        num(c.key()),
                                        "identifier",
                                        c.key().toUpperCase(),
                                        "name",
                                        c.name(),
                                        "status",
                                        map(
                                                "id",
                                                c.standing() == PsaWorld.Standing.INACTIVE ? 3 : 1,
                                                "name",
                                                c.standing() == PsaWorld.Standing.INACTIVE
                                                        ? inactiveStatusName
                                                        : "Active"),
                                        "types",
                                        List.of(map(
                                                "id",
                                                c.standing() == PsaWorld.Standing.PROSPECT ? 2 : 1,
                                                "name",
                                                c.standing() == PsaWorld.Standing.PROSPECT ? "Prospect" : "Client")),
                                        "deletedFlag",
                                        false,
                                        "leadFlag",
                                        false))
                                .toList()));
        server.on(
                "GET",
                API + "/procurement/catalog",
                Role.READ,
                (call, m) -> paged(
                        call,
                        world.products().stream()
                                .map(p -> map(
                                        "id",
                                        num(p.key()),
                                        "identifier",
                                        p.code(),
                                        "description",
                                        p.name(),
                                        "price",
                                        p.price(),
                                        "cost",
                                        p.cost(),
                                        "inactiveFlag",
                                        false,
                                        "recurringFlag",
                                        true))
                                .toList()));
        server.on("GET", API + "/finance/agreements", Role.READ, (call, m) -> {
            String conditions = call.query("conditions");
            Matcher company = Pattern.compile("company/id=(\\d+)").matcher(conditions == null ? "" : conditions);
            String companyKey = company.find() ? key(company.group(1)) : null;
            return paged(
                    call,
                    world.contracts().stream()
                            .filter(k -> companyKey == null || k.companyKey().equals(companyKey))
                            .map(this::agreement)
                            .toList());
        });
        server.on("GET", API + "/finance/agreements/(\\d+)/additions", Role.READ, (call, m) -> {
            String agreement = key(m.group(1));
            String conditions = call.query("conditions");
            Matcher product = Pattern.compile("product/id=(\\d+)").matcher(conditions == null ? "" : conditions);
            String productKey = product.find() ? key(product.group(1)) : null;
            return paged(
                    call,
                    world.linesOf(agreement).stream()
                            .filter(l -> productKey == null || l.productKey.equals(productKey))
                            .map(this::addition)
                            .toList());
        });
        server.on(
                "GET",
                API + "/finance/agreements/(\\d+)/additions/(\\d+)",
                Role.READ_LINE,
                (call, m) -> line(m).map(l -> Answer.ok(addition(l))).orElseGet(() -> notFound()));
        server.on("PATCH", API + "/finance/agreements/(\\d+)/additions/(\\d+)", Role.WRITE_QUANTITY, (call, m) -> {
            Optional<PsaWorld.Line> line = line(m);
            if (line.isEmpty()) {
                return notFound();
            }
            for (JsonNode op : call.json()) {
                if (!"replace".equals(op.path("op").asString())) {
                    return error(400, "Unsupported patch operation");
                }
                if ("quantity".equals(op.path("path").asString())) {
                    line.get().quantity = op.path("value").decimalValue();
                }
            }
            return Answer.ok(addition(line.get()));
        });
        server.on("POST", API + "/finance/agreements/(\\d+)/additions", Role.CREATE_LINE, (call, m) -> {
            JsonNode body = call.json();
            if (!body.has("billCustomer")) {
                return error(400, "billCustomer is required");
            }
            String productKey = key(body.path("product").path("id").asString());
            PsaWorld.Line created = world.create(
                    key(m.group(1)),
                    productKey,
                    body.path("quantity").decimalValue(),
                    body.path("unitPrice").decimalValue(),
                    body.path("unitCost").decimalValue());
            return Answer.json(201, addition(created));
        });
    }

    private Map<String, Object> agreement(PsaWorld.Contract k) {
        boolean ended = k.kind() == PsaWorld.ContractKind.ENDED;
        return map(
                "id",
                num(k.key()),
                "name",
                k.name(),
                "type",
                map("id", 1, "name", k.kind() == PsaWorld.ContractKind.NOT_RECURRING ? "Project" : "Managed Services"),
                "company",
                map(
                        "id",
                        num(k.companyKey()),
                        "identifier",
                        k.companyKey().toUpperCase(),
                        "name",
                        world.company(k.companyKey()).name()),
                "agreementStatus",
                ended ? "Expired" : "Active",
                "cancelledFlag",
                false,
                "billingCycle",
                k.kind() == PsaWorld.ContractKind.NOT_RECURRING
                        ? map("id", 0, "name", "None")
                        : map("id", 2, "name", "Monthly"),
                "startDate",
                "2023-01-01T00:00:00Z",
                "endDate",
                ended ? "2024-01-31T00:00:00Z" : null,
                "noEndingDateFlag",
                !ended);
    }

    private Map<String, Object> addition(PsaWorld.Line l) {
        return map(
                "id",
                num(l.key),
                "product",
                map(
                        "id",
                        num(l.productKey),
                        "identifier",
                        world.product(l.productKey).code()),
                "quantity",
                l.quantity,
                "lessIncluded",
                BigDecimal.ZERO,
                "unitPrice",
                l.price,
                "unitCost",
                l.cost,
                "billCustomer",
                "Billable",
                "effectiveDate",
                "2023-01-01T00:00:00Z",
                "cancelledDate",
                l.cancelled ? LocalDate.now(clock).minusDays(10) + "T00:00:00Z" : null,
                "agreementId",
                num(l.contractKey));
    }

    private Optional<PsaWorld.Line> line(Matcher m) {
        String key = key(m.group(2));
        return key == null ? Optional.empty() : world.line(key).filter(l -> l.contractKey.equals(key(m.group(1))));
    }

    private Answer paged(Call call, List<Map<String, Object>> all) {
        int size = call.query("pageSize") == null ? 25 : Math.min(1000, Integer.parseInt(call.query("pageSize")));
        int page = call.query("page") == null ? 1 : Integer.parseInt(call.query("page"));
        return Answer.ok(page(all, page, size));
    }

    private Answer notFound() {
        return Answer.json(404, map("code", "NotFound", "message", "Not found", "errors", List.of()));
    }

    private long num(String key) {
        return Long.parseLong(id(key));
    }
}
