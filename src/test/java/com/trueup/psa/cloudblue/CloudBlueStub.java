package com.trueup.psa.cloudblue;

import com.trueup.psa.contract.HttpFakePsa;
import com.trueup.psa.contract.PsaWorld;
import com.trueup.psa.contract.StubServer;
import com.trueup.psa.contract.StubServer.Answer;
import com.trueup.psa.contract.StubServer.Role;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * CloudBlue PSA's web API as its public sources show it (Microsoft's Power Query connector page and the vendor's
 * CloudBluePSA.pq, public client code): {@code GET /webapi/v1/companies/getcustomers?filter={json}&api_key=...}, the
 * filter's {@code pageno} from 1 and {@code pagesize}, an answer that is a JSON array of rows holding the
 * {@code gridcolumns} asked for ({@code AccountID}, {@code CompanyName}; {@code TotalRows} the count of all rows).
 * Account ids are codes such as "CUS-1001". The error body is not public: the stub answers text.
 */
class CloudBlueStub extends HttpFakePsa {

    static final String API_KEY = "81b6d0f4-secret-key-a7f4766b58a4";

    private volatile String rejection;

    CloudBlueStub(Clock clock) {
        super(CloudBlueConnector.DESCRIPTOR.settings(), Map.of("apiKey", API_KEY), clock);
        server.authCheck(call -> {
            if (rejection != null) {
                return error(401, rejection);
            }
            return API_KEY.equals(call.query("api_key")) ? null : error(401, "Invalid API key");
        });
    }

    @Override
    protected String baseUrl() {
        return server.url();
    }

    @Override
    protected String newId(String key) {
        return "CUS-" + super.newId(key);
    }

    @Override
    public String identifier(PsaWorld.Product product) {
        return product.code();
    }

    /** No customer status column is publicly named: every customer listed is billed. */
    @Override
    public boolean tellsWhichCompaniesAreBilled() {
        return false;
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
        return new Answer(status, message, Map.of("Content-Type", "text/plain"));
    }

    @Override
    protected void routes() {
        server.on("GET", "/webapi/v1/companies/getcustomers", Role.READ, (call, m) -> {
            JsonNode filter = StubServer.JSON.readTree(call.query("filter"));
            int page = filter.path("pageno").asInt(1);
            int size = filter.path("pagesize").asInt(10);
            List<String> columns =
                    Arrays.asList(filter.path("gridcolumns").asString("").split(","));
            List<Map<String, Object>> rows = new ArrayList<>();
            List<PsaWorld.Company> all = world.companies().stream()
                    .sorted(java.util.Comparator.comparing(c -> id(c.key())))
                    .toList();
            for (PsaWorld.Company c : page(all, page, size)) {
                Map<String, Object> row = new LinkedHashMap<>();
                if (columns.contains("AccountID")) {
                    row.put("AccountID", id(c.key()));
                }
                if (columns.contains("CompanyName")) {
                    row.put("CompanyName", c.name());
                }
                if (columns.contains("TotalRows")) {
                    row.put("TotalRows", all.size());
                }
                rows.add(row);
            }
            return Answer.ok(rows);
        });
    }
}
