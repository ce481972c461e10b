package com.trueup.psa;

import static org.assertj.core.api.Assertions.assertThat;

import com.trueup.support.BrowserSession;
import com.trueup.support.Http;
import com.trueup.support.TestTenants;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class PsaConnectionsIT extends PsaIntegrationTest {

    private static final String SECRET = "s3cret-Pr1vate-Key-" + UUID.randomUUID();

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TestPsaConnectors.StubConnector stub;

    private static Map<String, Object> stubConnection(String name) {
        return Map.of(
                "type",
                TestPsaConnectors.StubConnector.TYPE,
                "name",
                name,
                "baseUrl",
                "psa.example.test/api/",
                "credentials",
                Map.of("user", "api-user", "privateKey", SECRET),
                "settings",
                Map.of("roundingMode", "UP", "billableContractTypes", "recurring"));
    }

    @Test
    void credentialsAreNeverReturnedAndUnreadableInTheDatabase() {
        var t = tenants.create();
        UUID id = createConnection(t, stubConnection("My PSA"));

        Http.Response one = t.api().get("/api/v1/psa-connections/" + id);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.body()).doesNotContain(SECRET).doesNotContain("api-user");
        assertThat(one.json().get("credentials").get("privateKey").asString()).isEqualTo("set");
        assertThat(one.json().get("credentials").get("user").asString()).isEqualTo("set");
        assertThat(one.json().get("baseUrl").asString()).isEqualTo("https://psa.example.test/api");
        assertThat(one.json().get("settings").get("roundingMode").asString()).isEqualTo("UP");
        assertThat(one.json().get("settings").get("defaultEffectiveDate").asString())
                .isEqualTo("FIRST_OF_NEXT_MONTH");
        assertThat(one.json().get("primary").asBoolean()).isTrue();
        assertThat(t.api().get("/api/v1/psa-connections").body()).doesNotContain(SECRET);

        byte[] stored = jdbc.sql("select credentials from psa_connection where id = :id")
                .param("id", id)
                .query((rs, n) -> rs.getBytes(1))
                .single();
        String storedText = new String(stored, StandardCharsets.ISO_8859_1);
        assertThat(storedText)
                .doesNotContain(SECRET)
                .doesNotContain("privateKey")
                .doesNotContain("api-user");
        assertThat(stored.length).isGreaterThan(SECRET.length());
        // every stored column of the row, as text
        String row = jdbc.sql("select * from psa_connection where id = :id")
                .param("id", id)
                .query((rs, n) -> {
                    StringBuilder all = new StringBuilder();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        all.append(rs.getString(i)).append('|');
                    }
                    return all.toString();
                })
                .single();
        assertThat(row).doesNotContain(SECRET);
        assertThat(jdbc.sql("select count(*) from audit_event where detail like :s or subject like :s")
                        .param("s", "%" + SECRET + "%")
                        .query(Long.class)
                        .single())
                .isZero();

        // ...yet the connector receives them decrypted
        var test = t.api().post("/api/v1/psa-connections/" + id + "/test", null);
        assertThat(test.json().get("ok").asBoolean()).isTrue();
        assertThat(test.json().get("message").asString()).isEqualTo("stub PSA reached");
        assertThat(stub.lastContext.get(id).credential("user")).isEqualTo("api-user");
        assertThat(stub.lastContext.get(id).credential("privateKey")).isEqualTo(SECRET);
        assertThat(stub.lastContext.get(id).settings().list("billableContractTypes"))
                .containsExactly("recurring");
        assertThat(stub.lastContext.get(id).toString()).doesNotContain(SECRET);

        // replacing one field keeps the others
        String newSecret = "replaced-" + UUID.randomUUID();
        var patched =
                t.api().patch("/api/v1/psa-connections/" + id, Map.of("credentials", Map.of("privateKey", newSecret)));
        assertThat(patched.status()).isEqualTo(200);
        assertThat(patched.body()).doesNotContain(newSecret);
        t.api().post("/api/v1/psa-connections/" + id + "/test", null);
        assertThat(stub.lastContext.get(id).credential("privateKey")).isEqualTo(newSecret);
        assertThat(stub.lastContext.get(id).credential("user")).isEqualTo("api-user");

        // the UI shows "set", never a value
        var session = new BrowserSession(baseUrl());
        session.login(t.admin().email(), TestTenants.PASSWORD);
        for (String page : List.of("/psa", "/psa/connections/" + id)) {
            var html = session.get(page);
            assertThat(html.status()).as(page).isEqualTo(200);
            assertThat(html.body())
                    .as(page)
                    .doesNotContain(SECRET)
                    .doesNotContain(newSecret)
                    .doesNotContain("api-user");
        }
        assertThat(session.get("/psa/connections/" + id).body())
                .contains("privateKey")
                .contains("set");
        assertThat(t.api().get("/api/v1/audit-events?kind=psa.connection").body())
                .contains("psa.connection.created")
                .contains("psa.connection.updated")
                .contains("psa.connection.tested")
                .doesNotContain(newSecret)
                .doesNotContain(SECRET);
    }

    @Test
    void anotherOrganisationCannotSeeOrUseAConnection() {
        var mine = tenants.create();
        var theirs = tenants.create();
        UUID id = createConnection(theirs, stubConnection("Theirs"));
        var run = syncAndWait(theirs, id);
        String base = "/api/v1/psa-connections/" + id;

        Http api = mine.api();
        assertThat(api.get(base).status()).isEqualTo(404);
        assertThat(api.patch(base, Map.of("name", "Stolen")).status()).isEqualTo(404);
        assertThat(api.post(base + "/test", null).status()).isEqualTo(404);
        assertThat(api.post(base + "/sync", null).status()).isEqualTo(404);
        assertThat(api.get(base + "/sync-runs").status()).isEqualTo(404);
        assertThat(api.get("/api/v1/sync-runs/" + run.get("id").asString()).status())
                .isEqualTo(404);
        assertThat(api.get(base + "/companies").status()).isEqualTo(404);
        assertThat(api.get(base + "/products").status()).isEqualTo(404);
        assertThat(api.get(base + "/contracts").status()).isEqualTo(404);
        assertThat(api.post(base + "/sandbox/demo-data", null).status()).isEqualTo(404);
        assertThat(api.get(base + "/sandbox/changes").status()).isEqualTo(404);
        assertThat(api.delete(base).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/psa-connections").body()).doesNotContain(id.toString());

        var session = new BrowserSession(baseUrl());
        session.login(mine.admin().email(), TestTenants.PASSWORD);
        assertThat(session.get("/psa/connections/" + id).status()).isEqualTo(404);
        assertThat(session.get("/psa/connections/" + id + "/snapshot").status()).isEqualTo(404);
        assertThat(session.submit("/psa", "/psa/connections/" + id + "/delete", Map.of())
                        .status())
                .isIn(302, 404);
        assertThat(session.submit("/psa", "/psa/connections/" + id + "/sync", Map.of())
                        .status())
                .isIn(302, 404);

        var still = theirs.api().get(base);
        assertThat(still.status()).isEqualTo(200);
        assertThat(still.json().get("name").asString()).isEqualTo("Theirs");
        assertThat(theirs.api().get(base + "/sync-runs").json().get("items")).hasSize(1);
    }

    @Test
    void inputIsValidatedPerTypeAndNamesTheField() {
        var t = tenants.create();
        var unknown = t.api().post("/api/v1/psa-connections", Map.of("type", "quickbooks"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("field").asString()).isEqualTo("type");

        assertThat(unknown.json().get("detail").asString()).contains("sandbox");

        Map<String, Object> misspelt = new HashMap<>(stubConnection("x"));
        misspelt.put("settings", Map.of("billableContractType", "recurring"));
        var typo = t.api().post("/api/v1/psa-connections", misspelt);
        assertThat(typo.status()).isEqualTo(400);
        assertThat(typo.json().get("field").asString()).isEqualTo("settings.billableContractType");
        assertThat(typo.json().get("detail").asString()).contains("billableContractTypes");

        Map<String, Object> badPageSize = new HashMap<>(stubConnection("x"));
        badPageSize.put("settings", Map.of("pageSize", "lots"));
        var pageSize = t.api().post("/api/v1/psa-connections", badPageSize);
        assertThat(pageSize.status()).isEqualTo(400);
        assertThat(pageSize.json().get("field").asString()).isEqualTo("settings.pageSize");
        assertThat(pageSize.json().get("detail").asString()).contains("whole number");

        var sandboxWithCredentials = t.api()
                .post("/api/v1/psa-connections", Map.of("type", "sandbox", "credentials", Map.of("password", "x")));
        assertThat(sandboxWithCredentials.status()).isEqualTo(400);
        assertThat(sandboxWithCredentials.json().get("field").asString()).isEqualTo("credentials.password");

        Map<String, Object> badRounding = new HashMap<>(stubConnection("x"));
        badRounding.put("settings", Map.of("roundingMode", "DOWN"));
        var rounding = t.api().post("/api/v1/psa-connections", badRounding);
        assertThat(rounding.status()).isEqualTo(400);
        assertThat(rounding.json().get("field").asString()).isEqualTo("settings.roundingMode");

        Map<String, Object> badUrl = new HashMap<>(stubConnection("x"));
        badUrl.put("baseUrl", "ftp://psa.example.test");
        assertThat(t.api()
                        .post("/api/v1/psa-connections", badUrl)
                        .json()
                        .get("field")
                        .asString())
                .isEqualTo("baseUrl");
        assertThat(t.api().get("/api/v1/psa-connections").json().get("items")).isEmpty();
    }

    @Test
    void theApiIsInTheOpenApiDocument() {
        assertThat(http().get("/v3/api-docs").body())
                .contains("/api/v1/psa-connections/{id}/sync")
                .contains("/api/v1/sync-runs/{id}")
                .contains("/api/v1/psa-connections/{id}/contracts")
                .contains("/api/v1/psa-connections/{id}/sandbox/demo-data")
                .contains("PSA connections");
    }

    @Test
    void onePrimaryPlusOneForAMigrationAndRoles() {
        var t = tenants.create();
        UUID first = createConnection(t, stubConnection("Old PSA"));
        UUID second = createSandbox(t);
        var third = t.api().post("/api/v1/psa-connections", Map.of("type", "sandbox"));
        assertThat(third.status()).isEqualTo(409);

        var viewer = t.as(t.viewer());
        assertThat(viewer.get("/api/v1/psa-connections").json().get("items")).hasSize(2);
        assertThat(viewer.post("/api/v1/psa-connections/" + second + "/sync", null)
                        .status())
                .isEqualTo(403);
        assertThat(viewer.patch("/api/v1/psa-connections/" + second, Map.of("name", "x"))
                        .status())
                .isEqualTo(403);
        assertThat(viewer.delete("/api/v1/psa-connections/" + second).status()).isEqualTo(403);
        assertThat(t.as(t.approver())
                        .post("/api/v1/psa-connections", Map.of("type", "sandbox"))
                        .status())
                .isEqualTo(403);

        var made = t.api()
                .patch(
                        "/api/v1/psa-connections/" + second,
                        Map.of(
                                "primary",
                                true,
                                "name",
                                "New PSA",
                                "settings",
                                Map.of("defaultEffectiveDate", "TODAY")));
        assertThat(made.json().get("primary").asBoolean()).isTrue();
        assertThat(made.json().get("settings").get("defaultEffectiveDate").asString())
                .isEqualTo("TODAY");
        assertThat(t.api()
                        .get("/api/v1/psa-connections/" + first)
                        .json()
                        .get("primary")
                        .asBoolean())
                .isFalse();
        assertThat(t.api()
                        .get("/api/v1/psa-connections")
                        .json()
                        .get("items")
                        .get(0)
                        .get("id")
                        .asString())
                .isEqualTo(second.toString());

        assertThat(t.api().delete("/api/v1/psa-connections/" + second).status()).isEqualTo(204);
        assertThat(t.api()
                        .get("/api/v1/psa-connections/" + first)
                        .json()
                        .get("primary")
                        .asBoolean())
                .isTrue();
        assertThat(t.api().get("/api/v1/psa-connections/" + second).status()).isEqualTo(404);
        assertThat(t.api()
                        .get("/api/v1/audit-events?kind=psa.connection.deleted")
                        .body())
                .contains("New PSA");
    }

    @Test
    void connectTestAndConfigureThroughThePages() {
        var t = tenants.create();
        var admin = new BrowserSession(baseUrl());
        admin.login(t.admin().email(), TestTenants.PASSWORD);
        var index = admin.get("/psa");
        assertThat(index.body())
                .contains("Connect your PSA")
                .contains("/psa/new?type=sandbox")
                .contains("needs no credentials")
                .contains("/psa/new?type=connectwise")
                .doesNotContain("Not supported yet");

        var form = admin.get("/psa/new?type=" + TestPsaConnectors.StubConnector.TYPE);
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body())
                .contains("name=\"cred.user\"")
                .contains("name=\"cred.privateKey\"")
                .contains("name=\"setting.billableContractTypes\"")
                .contains("name=\"setting.pageSize\"");
        var tested = admin.submit(
                "/psa/new?type=sandbox",
                "/psa/connections/test",
                Map.of("type", TestPsaConnectors.StubConnector.TYPE, "cred.user", "typed-user"));
        assertThat(tested.status()).isEqualTo(200);
        assertThat(tested.body())
                .contains("Connection works.")
                .contains("stub PSA reached")
                .doesNotContain("typed-user");
        var invalid = admin.submit(
                "/psa/new?type=sandbox",
                "/psa/connections",
                Map.of(
                        "type",
                        TestPsaConnectors.StubConnector.TYPE,
                        "name",
                        "",
                        "baseUrl",
                        "ftp://nope",
                        "cred.user",
                        "typed-user"));
        assertThat(invalid.status()).isEqualTo(200);
        assertThat(invalid.body())
                .contains("baseUrl must be an http(s) address")
                .doesNotContain("typed-user");

        var saved =
                admin.submit("/psa/new?type=sandbox", "/psa/connections", Map.of("type", "sandbox", "name", "Try it"));
        assertThat(saved.status()).isEqualTo(302);
        String location = saved.header("Location");
        assertThat(location).contains("/psa/connections/");
        UUID id = UUID.fromString(location.substring(location.lastIndexOf('/') + 1));
        var detail = admin.get("/psa/connections/" + id);
        assertThat(detail.body())
                .contains("Try it")
                .contains("Open the Sandbox PSA")
                .contains("No sync yet");

        assertThat(detail.body())
                .contains("name=\"setting.billableContractTypes\"")
                .contains("name=\"setting.billableContractStatuses\"");
        var settings = admin.submit(
                "/psa/connections/" + id,
                "/psa/connections/" + id + "/settings",
                Map.of(
                        "roundingMode",
                        "UP",
                        "defaultEffectiveDate",
                        "TODAY",
                        "setting.billableContractTypes",
                        "recurring, one-time"));
        assertThat(settings.status()).isEqualTo(302);
        var json = t.api().get("/api/v1/psa-connections/" + id).json().get("settings");
        assertThat(json.get("roundingMode").asString()).isEqualTo("UP");
        assertThat(json.get("defaultEffectiveDate").asString()).isEqualTo("TODAY");
        assertThat(json.get("billableContractTypes").asString()).isEqualTo("recurring,one-time");
        assertThat(json.get("billableContractStatuses").asString()).isEqualTo("active");
        var refused = admin.submit(
                "/psa/connections/" + id,
                "/psa/connections/" + id + "/settings",
                Map.of(
                        "roundingMode",
                        "UP",
                        "defaultEffectiveDate",
                        "TODAY",
                        "setting.billableContractTypes",
                        "managed"));
        assertThat(refused.status()).isEqualTo(302);
        assertThat(admin.get("/psa/connections/" + id).body()).contains("billableContractTypes has &#39;managed&#39;");
        assertThat(t.api()
                        .get("/api/v1/psa-connections/" + id)
                        .json()
                        .get("settings")
                        .get("billableContractTypes")
                        .asString())
                .isEqualTo("recurring,one-time");

        var viewer = new BrowserSession(baseUrl());
        viewer.login(t.viewer().email(), TestTenants.PASSWORD);
        assertThat(viewer.get("/psa/new?type=sandbox").status()).isEqualTo(403);
        assertThat(viewer.get("/psa/connections/" + id).body())
                .doesNotContain("Save connection")
                .doesNotContain("Delete connection");
        assertThat(viewer.submit("/psa", "/psa/connections/" + id + "/delete", Map.of())
                        .status())
                .isEqualTo(403);
        assertThat(admin.submit("/psa/connections/" + id, "/psa/connections/" + id + "/delete", Map.of())
                        .status())
                .isEqualTo(302);
        assertThat(t.api().get("/api/v1/psa-connections/" + id).status()).isEqualTo(404);
    }

    @Test
    void failedTestIsAnAnswerWithThePsasMessage() {
        var t = tenants.create();
        UUID id = createConnection(t, stubConnection("Failing"));
        stub.script(id).failTestWith = "401 Unauthorized: the API member's keys were revoked";
        var test = t.api().post("/api/v1/psa-connections/" + id + "/test", null);
        assertThat(test.status()).isEqualTo(200);
        assertThat(test.json().get("ok").asBoolean()).isFalse();
        assertThat(test.json().get("message").asString())
                .isEqualTo("401 Unauthorized: the API member's keys were revoked");
        assertThat(t.api()
                        .get("/api/v1/psa-connections/" + id)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("error");

        var unsaved = t.api().post("/api/v1/psa-connections/test", Map.of("type", "sandbox"));
        assertThat(unsaved.json().get("ok").asBoolean()).isTrue();
        assertThat(unsaved.json().get("message").asString()).contains("nothing to check");
    }
}
