package com.trueup.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.trueup.support.Http;
import com.trueup.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Every bad input gets a clear 4xx naming the problem, never a 500, and nothing stored before is lost. */
class VendorApiErrorsIT extends IntegrationTest {

    private static void assertProblem(Http.Response r, int status, String field, String detailContains) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = r.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("detail").asString()).containsIgnoringCase(detailContains);
        assertThat(problem.get("message").asString())
                .isEqualTo(problem.get("detail").asString());
        if (field != null) {
            assertThat(problem.get("field").asString()).isEqualTo(field);
        }
    }

    @Test
    void authenticationFailuresAre401() {
        var t = tenants.create();
        var c = VendorFixtures.keeper(t);
        Http anonymous = new Http(baseUrl());
        assertProblem(anonymous.get("/api/vendor-api/organization"), 401, null, "Missing GRADIENT-TOKEN");
        assertProblem(anonymous.get("/api/vendor-api"), 401, null, "Missing GRADIENT-TOKEN");
        assertProblem(
                anonymous.header("GRADIENT-TOKEN", "not base64 !!").get("/api/vendor-api/organization"),
                401,
                null,
                "Malformed");
        String unknown = Base64.getEncoder().encodeToString("tuv_x:tup_y".getBytes(StandardCharsets.UTF_8));
        assertProblem(
                anonymous.header("GRADIENT-TOKEN", unknown).get("/api/vendor-api/organization"),
                401,
                null,
                "Unknown or revoked");
        // the right partner key with a wrong vendor key
        String forged =
                Base64.getEncoder().encodeToString(("tuv_forged:" + c.partnerKey()).getBytes(StandardCharsets.UTF_8));
        assertProblem(
                anonymous.header("GRADIENT-TOKEN", forged).get("/api/vendor-api/organization"),
                401,
                null,
                "Unknown or revoked");
        // the two halves as issued work
        String rebuilt = Base64.getEncoder()
                .encodeToString((c.vendorKey() + ":" + c.partnerKey()).getBytes(StandardCharsets.UTF_8));
        assertThat(rebuilt).isEqualTo(c.token());
        assertThat(anonymous
                        .header("gradient-token", rebuilt)
                        .get("/api/vendor-api/organization")
                        .status())
                .isEqualTo(200);
        // a user's personal API token does not open the Vendor API
        assertProblem(t.api().get("/api/vendor-api/organization"), 401, null, "Missing GRADIENT-TOKEN");
    }

    @org.springframework.beans.factory.annotation.Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    private long fastAnswers(int status) {
        var timer = meters.find("trueup.vendor.count.requests")
                .tag("status", Integer.toString(status))
                .timer();
        return timer == null ? 0 : timer.count();
    }

    /**
     * Counts are answered ahead of the servlet filters, whatever their service id; their answers carry the same security
     * headers as any other, and a URL the firewall refuses is refused the same way.
     */
    @Test
    void countAnswersCarryTheSecurityHeadersOfEveryVendorApiAnswer() {
        var t = tenants.create();
        var c = VendorFixtures.keeper(t);
        String serviceId = VendorFixtures.seed(c, "Keeper Business", "kc-1001");
        long fastNotFoundBefore = fastAnswers(404);
        var batches = meters.find("trueup.vendor.counts.batch").summary();
        double countsInBatchesBefore = batches.totalAmount();
        List<String> securityHeaders = List.of(
                "X-Content-Type-Options", "X-XSS-Protection", "Cache-Control", "Pragma", "Expires", "X-Frame-Options");
        Http.Response reference = c.vendor().get("/api/vendor-api/organization");
        assertThat(reference.status()).isEqualTo(200);
        Http.Response stored = VendorFixtures.count(c, serviceId, "kc-1001", 7);
        Http.Response anonymous = new Http(baseUrl())
                .post(
                        "/api/vendor-api/service/" + serviceId + "/count",
                        Map.of("accountId", "kc-1001", "unitCount", 3));
        Http.Response unknownService = VendorFixtures.count(c, "no-such-service", "kc-1001", 3);
        // an id with percent-escapes takes the same path
        Http.Response encodedId = VendorFixtures.count(c, "no%20such%20service", "kc-1001", 3);
        Http.Response semicolon = VendorFixtures.count(c, "a;b", "kc-1001", 3);
        assertThat(stored.status()).isEqualTo(201);
        assertProblem(anonymous, 401, null, "Missing GRADIENT-TOKEN");
        assertProblem(unknownService, 404, null, "No service found with id: no-such-service");
        assertProblem(encodedId, 404, null, "No service found with id: no such service");
        assertProblem(semicolon, 400, null, "rejected");
        assertThat(fastAnswers(404) - fastNotFoundBefore)
                .as("404s answered on the fast path")
                .isEqualTo(2);
        assertThat(batches.totalAmount() - countsInBatchesBefore)
                .as("counts through the count writers")
                .isGreaterThanOrEqualTo(1);
        for (String header : securityHeaders) {
            assertThat(reference.header(header)).as(header).isNotNull();
            for (Http.Response answer : List.of(stored, anonymous, unknownService, encodedId)) {
                assertThat(answer.header(header)).as(header + " of " + answer).isEqualTo(reference.header(header));
            }
        }
    }

    /** No controller serves counts, yet the operation is listed with the Vendor API's others. */
    @Test
    void theCountOperationIsInTheOpenApiDocument() {
        JsonNode docs = new Http(baseUrl()).get("/v3/api-docs").json();
        JsonNode count = docs.get("paths")
                .get("/api/vendor-api/service/{serviceId}/count")
                .get("post");
        assertThat(count.get("tags").get(0).asString()).isEqualTo(VendorApiController.TAG);
        List<String> parameters = new ArrayList<>();
        count.get("parameters")
                .forEach(p -> parameters.add(
                        p.get("in").asString() + ":" + p.get("name").asString()));
        assertThat(parameters).containsExactly("path:serviceId", "query:no_build", "query:date");
        assertThat(count.at("/requestBody/content/application~1json/schema/required")
                        .toString())
                .contains("accountId")
                .contains("unitCount");
        String answer =
                count.at("/responses/201/content/application~1json/schema/$ref").asString();
        assertThat(docs.at("/components/schemas/" + answer.substring(answer.lastIndexOf('/') + 1) + "/properties")
                        .has("message"))
                .isTrue();
    }

    @Test
    void badCountsAreRefusedAndNothingStoredIsLost() {
        var t = tenants.create();
        var c = VendorFixtures.keeper(t);
        String serviceId = VendorFixtures.seed(c, "Keeper Business", "kc-1001");
        assertThat(VendorFixtures.count(c, serviceId, "kc-1001", 7).status()).isEqualTo(201);
        String path = "/api/vendor-api/service/" + serviceId + "/count";

        List<Http.Response> responses = new ArrayList<>();
        Http.Response malformed = c.vendor().post(path, "{\"accountId\": \"kc-1001\", \"unitCount\": ");
        assertProblem(malformed, 400, "body", "not valid JSON");
        responses.add(malformed);
        Http.Response nullCount = VendorFixtures.count(c, serviceId, "kc-1001", null);
        assertProblem(nullCount, 400, "unitCount", "got null");
        Http.Response negative = VendorFixtures.count(c, serviceId, "kc-1001", -3);
        assertProblem(negative, 400, "unitCount", "0 or more");
        Http.Response text = c.vendor().post(path, "{\"accountId\":\"kc-1001\",\"unitCount\":\"12\"}");
        assertProblem(text, 400, "unitCount", "must be a JSON number");
        Http.Response bool = c.vendor().post(path, "{\"accountId\":\"kc-1001\",\"unitCount\":true}");
        assertProblem(bool, 400, "unitCount", "must be a JSON number");
        Http.Response missing = c.vendor().post(path, "{\"accountId\":\"kc-1001\"}");
        assertProblem(missing, 400, "unitCount", "unitCount is required");
        Http.Response noAccount = c.vendor().post(path, "{\"unitCount\":3}");
        assertProblem(noAccount, 400, "accountId", "accountId is required");
        Http.Response array = c.vendor().post(path, "[{\"accountId\":\"kc-1001\",\"unitCount\":3}]");
        assertProblem(array, 400, "body", "JSON object");
        Http.Response empty = c.vendor().send("POST", path, "", "application/json");
        assertProblem(empty, 400, "body", "empty");
        Http.Response huge = c.vendor().post(path, "{\"accountId\":\"kc-1001\",\"unitCount\":1e20}");
        assertProblem(huge, 400, "unitCount", "too large");
        Http.Response unknownService = VendorFixtures.count(c, "no-such-service", "kc-1001", 3);
        assertProblem(unknownService, 404, null, "No service found with id: no-such-service");
        Http.Response unknownAccount = VendorFixtures.count(c, serviceId, "kc-9999", 3);
        assertProblem(unknownAccount, 404, null, "No account found with id: kc-9999");
        Http.Response noBuild =
                c.vendor().post(path + "?no_build=perhaps", Map.of("accountId", "kc-1001", "unitCount", 3));
        assertProblem(noBuild, 400, "no_build", "true or false");
        Http.Response future =
                c.vendor().post(path + "?date=2999-01-01", Map.of("accountId", "kc-1001", "unitCount", 3));
        assertProblem(future, 400, "date", "in the future");
        Http.Response badDate =
                c.vendor().post(path + "?date=31/12/2025", Map.of("accountId", "kc-1001", "unitCount", 3));
        assertProblem(badDate, 400, "date", "YYYY-MM-DD");

        // the count stored before is intact and nothing else was stored
        Http.Response daily = t.api().get(c.path("/usage/daily"));
        assertThat(daily.json().get("items").size()).isEqualTo(1);
        assertThat(daily.json().get("items").get(0).get("quantity").decimalValue())
                .isEqualByComparingTo("7");
    }

    @Test
    void badServicesAccountsAndStatusesAreRefused() {
        var t = tenants.create();
        var c = VendorFixtures.keeper(t);
        VendorFixtures.seed(c, "Keeper Business", "kc-1001");

        assertProblem(
                c.vendor().post("/api/vendor-api/service", Map.of("name", "X", "category", "Security")),
                400,
                "category",
                "unknown category 'Security'");
        assertProblem(
                c.vendor()
                        .post(
                                "/api/vendor-api/service",
                                Map.of("name", "X", "category", "security", "subcategory", "password managers")),
                400,
                "subcategory",
                "unknown subcategory 'password managers'");
        assertProblem(
                c.vendor().post("/api/vendor-api/service", Map.of("category", "security")),
                400,
                "name",
                "name is required");
        assertProblem(c.vendor().post("/api/vendor-api/service", "{\"name\": 42}"), 400, "name", "must be a string");
        assertProblem(
                c.vendor().patch("/api/vendor-api/service/nope", Map.of("name", "Y")),
                404,
                null,
                "No service found with id: nope");
        assertProblem(c.vendor().get("/api/vendor-api/service/nope"), 404, null, "No service found");

        // a batch with one bad account stores none of it
        Http.Response badBatch = c.vendor()
                .post(
                        "/api/vendor-api/organization/accounts",
                        List.of(Map.of("id", "kc-2001", "name", "Fine Co"), Map.of("id", "kc-2002")));
        assertProblem(badBatch, 400, "[1].name", "[1].name is required");
        assertProblem(
                c.vendor().post("/api/vendor-api/organization/accounts", "{\"accounts\": true"),
                400,
                "body",
                "not valid JSON");
        assertProblem(
                c.vendor().post("/api/vendor-api/organization/accounts", "[\"kc-1\"]"),
                400,
                "[0]",
                "must be an object");
        assertThat(c.vendor()
                        .get("/api/vendor-api/organization/accounts")
                        .json()
                        .size())
                .isEqualTo(1);
        assertProblem(
                c.vendor().patch("/api/vendor-api/organization/accounts/kc-404", Map.of("name", "Y")),
                404,
                null,
                "No account found with id: kc-404");
        assertProblem(
                c.vendor().get("/api/vendor-api/organization/accounts?returnUnmapped=maybe"),
                400,
                "returnUnmapped",
                "true or false");

        assertProblem(
                c.vendor().patch("/api/vendor-api/organization/status/running", null),
                400,
                "status",
                "unknown status 'running'");
        assertThat(c.vendor()
                        .get("/api/vendor-api/organization")
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("pending");

        assertProblem(
                c.vendor().post("/api/vendor-api/alerting/kc-1001", Map.of("title", "T", "priority", 7)),
                400,
                "priority",
                "1, 2, 3 or 4");
        assertProblem(
                c.vendor().post("/api/vendor-api/alerting/kc-404", Map.of("title", "T", "priority", 1)),
                404,
                null,
                "No account found with id: kc-404");
        assertProblem(c.vendor().get("/api/vendor-api/alerting/debug/unknown"), 404, null, "No alert found");
    }

    @Test
    void oversizedBodiesAre413() {
        var t = tenants.create();
        var c = VendorFixtures.keeper(t);
        StringBuilder body = new StringBuilder("[");
        while (body.length() < 5 * 1024 * 1024) {
            body.append("{\"id\":\"kc-")
                    .append(body.length())
                    .append("\",\"name\":\"Company with a long enough name\"},");
        }
        body.append("{\"id\":\"last\",\"name\":\"Last\"}]");
        Http.Response r = c.vendor().post("/api/vendor-api/organization/accounts", body.toString());
        assertProblem(r, 413, null, "at most");
        assertThat(c.vendor()
                        .get("/api/vendor-api/organization/accounts")
                        .json()
                        .size())
                .isZero();
    }
}
