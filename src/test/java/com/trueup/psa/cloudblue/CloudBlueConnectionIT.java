package com.trueup.psa.cloudblue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.trueup.psa.contract.PsaWorld;
import com.trueup.psa.contract.StubServer;
import com.trueup.psa.contract.StubServer.Role;
import com.trueup.support.BrowserSession;
import com.trueup.support.Http;
import com.trueup.support.IntegrationTest;
import com.trueup.support.TestTenants;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * A CloudBlue PSA connection end to end against a stub: connect, test, sync the customers with CloudBlue's account ids;
 * a failing sync whose error page echoes the API key stores, shows and audits the failure without the key.
 */
class CloudBlueConnectionIT extends IntegrationTest {

    @Autowired
    private JdbcClient jdbc;

    private CloudBlueStub cloudblue;

    @AfterEach
    void stopStub() {
        if (cloudblue != null) {
            cloudblue.close();
        }
    }

    @Test
    void aCloudBlueConnectionSyncsCustomersAndNeverShowsItsKey() {
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        cloudblue = new CloudBlueStub(clock);
        cloudblue.load(PsaWorld.reference());
        TestTenants.TestTenant t = tenants.create("UTC");
        Http api = t.api();
        var admin = new BrowserSession(baseUrl());
        admin.login(t.admin().email(), TestTenants.PASSWORD);
        assertThat(admin.get("/psa/new?type=cloudblue").body())
                .contains("name=\"cred.apiKey\"")
                .contains("Reads from the PSA's API:")
                .contains("companies")
                .contains("the rest comes from files you import");

        var created = api.post(
                "/api/v1/psa-connections",
                Map.of(
                        "type",
                        "cloudblue",
                        "name",
                        "CloudBlue",
                        "baseUrl",
                        cloudblue.server().orElseThrow().url(),
                        "credentials",
                        Map.of("apiKey", CloudBlueStub.API_KEY)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(CloudBlueStub.API_KEY);
        String connectionId = created.json().get("id").asString();
        var test = api.post("/api/v1/psa-connections/" + connectionId + "/test", null);
        assertThat(test.json().get("message").asString())
                .as(test.body())
                .isEqualTo("Connected to CloudBlue PSA (5 customers)");

        JsonNode run = sync(api, connectionId);
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("succeeded");
        assertThat(run.get("counts").get("companies").asInt()).isEqualTo(5);
        JsonNode companies = api.get("/api/v1/psa-connections/" + connectionId + "/companies")
                .json()
                .get("items");
        assertThat(companies)
                .extracting(c -> c.get("externalId").asString())
                .allMatch(id -> id.startsWith("CUS-"))
                .contains(cloudblue.id("c1"));
        assertThat(companies).extracting(c -> c.get("name").asString()).contains("Acme Dental", "Bayside Law");

        StubServer server = cloudblue.server().orElseThrow();
        for (int i = 0; i < 6; i++) {
            server.next(
                    Role.READ,
                    new StubServer.Fault.Instead(new StubServer.Answer(
                            500,
                            "Server error on " + "/webapi/v1/companies/getcustomers?api_key=" + CloudBlueStub.API_KEY,
                            Map.of("Content-Type", "text/html"))));
        }
        JsonNode failed = sync(api, connectionId);
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("error").asString())
                .contains("HTTP 500")
                .contains("api_key=[redacted]")
                .doesNotContain(CloudBlueStub.API_KEY);
        assertThat(api.get("/api/v1/psa-connections/" + connectionId).body())
                .contains("[redacted]")
                .doesNotContain(CloudBlueStub.API_KEY);
        assertThat(api.get("/api/v1/psa-connections/" + connectionId + "/sync-runs")
                        .body())
                .doesNotContain(CloudBlueStub.API_KEY);
        assertThat(admin.get("/psa").body()).doesNotContain(CloudBlueStub.API_KEY);
        assertThat(admin.get("/psa/connections/" + connectionId).body()).doesNotContain(CloudBlueStub.API_KEY);
        Integer failures = jdbc.sql(
                        "select count(*) from audit_event where kind = 'psa.sync.failed' and detail like '%[redacted]%'")
                .query(Integer.class)
                .single();
        Integer leaked = jdbc.sql("select count(*) from audit_event where detail like :key or subject like :key")
                .param("key", "%" + CloudBlueStub.API_KEY + "%")
                .query(Integer.class)
                .single();
        assertThat(failures).as("the failed sync is audited").isEqualTo(1);
        assertThat(leaked).as("audit entries holding the key").isZero();
    }

    private static JsonNode sync(Http api, String connectionId) {
        String runId = api.post("/api/v1/psa-connections/" + connectionId + "/sync", null)
                .json()
                .get("syncRunId")
                .asString();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !List.of("queued", "running")
                        .contains(api.get("/api/v1/sync-runs/" + runId)
                                .json()
                                .get("status")
                                .asString()));
        return api.get("/api/v1/sync-runs/" + runId).json();
    }
}
