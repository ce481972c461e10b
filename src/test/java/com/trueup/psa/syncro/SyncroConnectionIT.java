package com.trueup.psa.syncro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.trueup.psa.contract.PsaWorld;
import com.trueup.psa.contract.StubServer.Role;
import com.trueup.support.BrowserSession;
import com.trueup.support.Http;
import com.trueup.support.IntegrationTest;
import com.trueup.support.TestTenants;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A Syncro connection end to end against a stub speaking Syncro's API: connect (page and API), test, sync, map,
 * reconcile, an effective date refused with Syncro's reason, approve, and the line written in "Syncro".
 */
class SyncroConnectionIT extends IntegrationTest {

    private SyncroStub syncro;

    @AfterEach
    void stopStub() {
        if (syncro != null) {
            syncro.close();
        }
    }

    @Test
    void aSyncroConnectionIsCreatedTestedSyncedAndWrittenTo() {
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        syncro = new SyncroStub(clock);
        syncro.load(PsaWorld.reference());
        TestTenants.TestTenant t = tenants.create("UTC");
        Http api = t.api();

        // the form shows Syncro's own fields and what the token needs
        var admin = new BrowserSession(baseUrl());
        admin.login(t.admin().email(), TestTenants.PASSWORD);
        var form = admin.get("/psa/new?type=syncro");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body())
                .contains("name=\"cred.apiToken\"")
                .contains("Recurring Invoices - Edit")
                .contains("Takes no effective date: a change applies from the schedule&#39;s next run");

        var created = api.post(
                "/api/v1/psa-connections",
                Map.of(
                        "type",
                        "syncro",
                        "name",
                        "Syncro",
                        "baseUrl",
                        syncro.server().orElseThrow().url() + SyncroStub.API,
                        "credentials",
                        Map.of("apiToken", SyncroStub.TOKEN)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String connectionId = created.json().get("id").asString();
        var test = api.post("/api/v1/psa-connections/" + connectionId + "/test", null);
        assertThat(test.json().get("ok").asBoolean()).as(test.body()).isTrue();
        assertThat(test.json().get("message").asString()).contains("account acme");

        var sync = api.post("/api/v1/psa-connections/" + connectionId + "/sync", null);
        String runId = sync.json().get("syncRunId").asString();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !List.of("queued", "running")
                        .contains(api.get("/api/v1/sync-runs/" + runId)
                                .json()
                                .get("status")
                                .asString()));
        JsonNode run = api.get("/api/v1/sync-runs/" + runId).json();
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("succeeded");
        assertThat(run.get("counts").get("billableLines").asInt()).isEqualTo(5);
        String acme = idOf(
                api.get("/api/v1/psa-connections/" + connectionId + "/companies")
                        .json(),
                "name",
                "Acme Dental");
        String business = idOf(
                api.get("/api/v1/psa-connections/" + connectionId + "/products").json(), "identifier", "KEEPER-BIZ");

        UUID integrationId =
                UUID.fromString(api.post("/api/v1/integrations", Map.of("vendor", "keeper", "name", "Keeper"))
                        .json()
                        .get("id")
                        .asString());
        String token = api.post("/api/v1/integrations/" + integrationId + "/token", null)
                .json()
                .get("token")
                .asString();
        Http vendorApi = http().header("GRADIENT-TOKEN", token);
        vendorApi.post(
                "/api/vendor-api/organization/accounts", List.of(Map.of("id", "kc-1001", "name", "Acme Dental")));
        vendorApi.post(
                "/api/vendor-api/organization/services", List.of(Map.of("id", "svc-biz", "name", "Keeper Business")));
        api.put("/api/v1/integrations/" + integrationId + "/mappings/accounts/kc-1001", Map.of("psaCompanyId", acme));
        api.put(
                "/api/v1/integrations/" + integrationId + "/mappings/services/svc-biz",
                Map.of("psaProductIds", List.of(business)));
        var usage = api.post(
                "/api/v1/integrations/" + integrationId + "/usage",
                Map.of(
                        "records",
                        List.of(Map.of(
                                "accountId",
                                "kc-1001",
                                "serviceId",
                                "svc-biz",
                                "date",
                                "2026-07-01",
                                "quantity",
                                15))));
        assertThat(usage.status()).as(usage.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> line(api, acme) != null
                        && line(api, acme).get("vendorQuantity").decimalValue().compareTo(new BigDecimal("15")) == 0);
        JsonNode line = line(api, acme);
        assertThat(line.get("psaQuantity").decimalValue()).isEqualByComparingTo("10");
        String lineId = line.get("id").asString();

        var dated =
                api.post("/api/v1/reconciliation/lines/" + lineId + "/approve", Map.of("effectiveDate", "2026-08-20"));
        assertThat(dated.status()).as(dated.body()).isEqualTo(400);
        assertThat(dated.json().get("field").asString()).isEqualTo("effectiveDate");
        assertThat(dated.json().get("detail").asString()).contains("the schedule's next run");

        var approved = api.post("/api/v1/reconciliation/lines/" + lineId + "/approve", Map.of());
        assertThat(approved.status()).as(approved.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> "written"
                        .equals(line(api, acme).path("writeBack").path("status").asString()));
        assertThat(syncro.world().line("l1").orElseThrow().quantity).isEqualByComparingTo("15");
        assertThat(syncro.server().orElseThrow().calls(Role.WRITE_QUANTITY))
                .singleElement()
                .satisfies(call ->
                        assertThat(call.json().get("quantity").decimalValue()).isEqualByComparingTo("15"));
        assertThat(admin.get("/write-backs").body()).contains("applies from the schedule&#39;s next run (2026-09-01)");
    }

    private static JsonNode line(Http api, String companyId) {
        JsonNode items = api.get("/api/v1/reconciliation?period=2026-07&companyId=" + companyId)
                .json()
                .get("items");
        return items.isEmpty() ? null : items.get(0);
    }

    private static String idOf(JsonNode listing, String field, String value) {
        for (JsonNode item : listing.get("items")) {
            if (value.equals(item.get(field).asString())) {
                return item.get("id").asString();
            }
        }
        throw new AssertionError(value + " not found in " + listing);
    }
}
