package com.trueup;

import static org.assertj.core.api.Assertions.assertThat;

import com.trueup.support.Http;
import com.trueup.support.IntegrationTest;
import com.trueup.support.RawHttp;
import com.trueup.support.TestTenants.TestTenant;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.util.unit.DataSize;
import tools.jackson.databind.JsonNode;

/**
 * The hostile-input report's examples, one by one: each answers 4xx problem+json with a detail that says what is
 * wrong (and the field where there is one), on the MSP API and the Vendor API; the UI keeps its HTML error pages.
 */
class ApiErrorsIT extends IntegrationTest {

    private RawHttp raw() {
        return new RawHttp("localhost", port);
    }

    private static JsonNode problem(RawHttp.Response r, int status, String detailContains) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.header("Content-Type")).as(r.toString()).startsWith("application/problem+json");
        JsonNode json = Http.JSON.readTree(r.body());
        assertThat(json.get("status").asInt()).isEqualTo(status);
        assertThat(json.get("title").asString()).isNotBlank();
        assertThat(json.get("detail").asString()).containsIgnoringCase(detailContains);
        return json;
    }

    private static Map<String, String> bearer(TestTenant t) {
        return Map.of("Authorization", "Bearer " + t.admin().token(), "Accept", "application/json");
    }

    private record Vendor(String token, String serviceId) {
        Map<String, String> headers() {
            return Map.of("GRADIENT-TOKEN", token, "Content-Type", "application/json");
        }
    }

    private Vendor vendor(TestTenant t) {
        String id = t.api()
                .post("/api/v1/integrations", Map.of("vendor", "keeper"))
                .json()
                .get("id")
                .asString();
        String token = t.api()
                .send("POST", "/api/v1/integrations/" + id + "/token", null, null)
                .json()
                .get("token")
                .asString();
        Http vendor = new Http(baseUrl()).header("GRADIENT-TOKEN", token);
        assertThat(vendor.post(
                                "/api/vendor-api/organization/accounts",
                                List.of(Map.of("id", "c1", "name", "Client One")))
                        .status())
                .isEqualTo(201);
        Http.Response service = vendor.post(
                "/api/vendor-api/service",
                Map.of("name", "Keeper Business", "category", "security", "subcategory", "password management"));
        return new Vendor(token, service.json().get("skus").get(0).get("_id").asString());
    }

    @Test
    void brokenPercentEscapesInTheQueryAre400() {
        TestTenant t = tenants.create();
        problem(raw().send("GET", "/api/v1/reconciliation?size=%zz", bearer(t), null), 400, "percent-escape");
        problem(raw().send("GET", "/api/v1/audit-events?to=%", bearer(t), null), 400, "percent-escape");
        // the UI answers its own 400 page for the same input
        RawHttp.Response page = raw().send("GET", "/audit?to=%", Map.of("Accept", "text/html"), null);
        assertThat(page.status()).isIn(302, 400);
        assertThat(String.valueOf(page.header("Content-Type"))).doesNotStartWith("application/problem+json");
    }

    @Test
    void vendorCountWithABrokenEscapeOrAHugeCountIs400NamingTheField() {
        TestTenant t = tenants.create();
        Vendor v = vendor(t);
        byte[] one = "{\"accountId\":\"c1\",\"unitCount\":1}".getBytes(StandardCharsets.UTF_8);
        JsonNode date = problem(
                raw().send("POST", "/api/vendor-api/service/" + v.serviceId() + "/count?date=%zz", v.headers(), one),
                400,
                "percent-escape");
        assertThat(date.get("field").asString()).isEqualTo("date");
        assertThat(date.get("message").asString()).isEqualTo(date.get("detail").asString());

        for (String count : List.of("1e400", "-1e400", "123456789012345678901234567890", "1000000000000000")) {
            byte[] body = ("{\"accountId\":\"c1\",\"unitCount\":" + count + "}").getBytes(StandardCharsets.UTF_8);
            JsonNode huge = problem(
                    raw().send("POST", "/api/vendor-api/service/" + v.serviceId() + "/count", v.headers(), body),
                    400,
                    "unitCount");
            assertThat(huge.get("field").asString()).isEqualTo("unitCount");
        }
        // nothing was stored by the refused counts
        JsonNode usage = t.api().get("/api/v1/reconciliation").json();
        assertThat(usage.toString()).doesNotContain("E+");
    }

    @Test
    void alertPriorityBeyondAnIntIs400() {
        TestTenant t = tenants.create();
        Vendor v = vendor(t);
        byte[] body = "{\"title\":\"t\",\"priority\":10000000000000000000000000000}".getBytes(StandardCharsets.UTF_8);
        JsonNode json = problem(
                raw().send("POST", "/api/vendor-api/alerting/c1", v.headers(), body),
                400,
                "priority must be 1, 2, 3 or 4");
        assertThat(json.get("field").asString()).isEqualTo("priority");
    }

    @Test
    void decimalsThatDoNotFitAreRefusedNamingTheField() {
        TestTenant t = tenants.create();
        Map<String, String> headers =
                Map.of("Authorization", "Bearer " + t.admin().token(), "Content-Type", "application/json");
        for (String quantity : List.of("1e400", "123456789012345678901234567890.5", "1e-999999999")) {
            byte[] body = ("{\"quantity\":" + quantity + "}").getBytes(StandardCharsets.UTF_8);
            JsonNode json = problem(
                    raw().send("POST", "/api/v1/reconciliation/lines/" + UUID.randomUUID() + "/approve", headers, body),
                    400,
                    "'quantity'");
            assertThat(json.get("field").asString()).isEqualTo("quantity");
        }
    }

    @Test
    void errorsBeforeAControllerIsChosenAreProblemJsonWithADetail() {
        TestTenant t = tenants.create();
        RawHttp.Response notAllowed = raw().send("PUT", "/api/v1/integrations", bearer(t), new byte[0]);
        problem(notAllowed, 405, "PUT");
        assertThat(notAllowed.header("Allow")).contains("GET").contains("POST");
        problem(raw().send("PUT", "/api/v1/reconciliation/export.csv", bearer(t), new byte[0]), 405, "PUT");
        problem(raw().send("GET", "/api/v1/integrations/a;b", bearer(t), null), 400, "rejected");
        problem(raw().send("GET", "/api/v1/integrations/%zz", bearer(t), null), 400, "malformed");
        problem(raw().send("GET", "/api/v1/no-such-thing", bearer(t), null), 404, "/api/v1/no-such-thing");
        Map<String, String> xml =
                Map.of("Authorization", "Bearer " + t.admin().token(), "Content-Type", "application/xml");
        problem(
                raw().send(
                                "POST",
                                "/api/v1/integrations",
                                xml,
                                "<vendor>keeper</vendor>".getBytes(StandardCharsets.UTF_8)),
                415,
                "application/json");
        // an error in a servlet filter: the form body of a PUT is decoded before any controller runs
        Map<String, String> form = Map.of(
                "Authorization", "Bearer " + t.admin().token(), "Content-Type", "application/x-www-form-urlencoded");
        problem(
                raw().send("PATCH", "/api/v1/organisation", form, "name=%zz".getBytes(StandardCharsets.UTF_8)),
                400,
                "percent-escape");
        problem(
                raw().send(
                                "GET",
                                "/api/v1/integrations",
                                Map.of("Authorization", "Bearer " + t.admin().token(), "Accept", "application/xml"),
                                null),
                406,
                "application/json");
        // the Vendor API: the same, in its shape
        JsonNode vendorNotFound = problem(
                raw().send("GET", "/api/vendor-api/no-such-thing", vendor(t).headers(), null), 404, "nothing at");
        assertThat(vendorNotFound.get("message").asString())
                .isEqualTo(vendorNotFound.get("detail").asString());
        // the UI keeps its HTML pages
        RawHttp.Response page = raw().send("GET", "/integrations/a;b", Map.of("Accept", "text/html"), null);
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.header("Content-Type")).startsWith("text/html");
    }

    @Value("${trueup.max-upload-size}")
    private DataSize uploadLimit;

    @Test
    void anUploadOverTheLimitIs413ProblemJson() {
        TestTenant t = tenants.create();
        byte[] head = ("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"usage.csv\"\r\n"
                        + "Content-Type: text/csv\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] tail = "\r\n--b--\r\n".getBytes(StandardCharsets.ISO_8859_1);
        int part = Math.toIntExact(uploadLimit.toBytes() + 1024 * 1024);
        byte[] body = new byte[head.length + part + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        java.util.Arrays.fill(body, head.length, head.length + part, (byte) 'x');
        System.arraycopy(tail, 0, body, head.length + part, tail.length);
        Map<String, String> headers = Map.of(
                "Authorization", "Bearer " + t.admin().token(), "Content-Type", "multipart/form-data; boundary=b");
        problem(raw().send("POST", "/api/v1/integrations", headers, body), 413, "too large");
    }
}
