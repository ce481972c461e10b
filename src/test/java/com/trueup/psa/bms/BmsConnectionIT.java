package com.trueup.psa.bms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.trueup.psa.contract.PsaWorld;
import com.trueup.psa.contract.StubServer.Role;
import com.trueup.support.BrowserSession;
import com.trueup.support.Http;
import com.trueup.support.IntegrationTest;
import com.trueup.support.TestTenants;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A Kaseya BMS connection end to end against a stub speaking the BMS V2 API: the form, connect through the API, test,
 * sync (accounts, services, contracts; no lines from the API), map, reconcile, approve new revenue, and the service
 * added to the contract in "BMS" with whole units and the effective date.
 */
class BmsConnectionIT extends IntegrationTest {

    private BmsStub bms;

    @AfterEach
    void stopStub() {
        if (bms != null) {
            bms.close();
        }
    }

    @Test
    void aBmsConnectionIsCreatedTestedSyncedAndAddsNewRevenue() {
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        bms = new BmsStub(KaseyaBmsConnector.DESCRIPTOR, clock);
        bms.load(PsaWorld.reference());
        TestTenants.TestTenant t = tenants.create("UTC");
        Http api = t.api();

        // the form shows BMS's own fields, its regions and what its API cannot do
        var admin = new BrowserSession(baseUrl());
        admin.login(t.admin().email(), TestTenants.PASSWORD);
        var form = admin.get("/psa/new?type=kaseya-bms");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body())
                .contains("name=\"cred.userName\"")
                .contains("name=\"cred.tenant\"")
                .contains("https://api.bmsemea.kaseya.com")
                .contains("API Employee")
                .contains("the rest comes from files you import")
                .contains("such changes go to a change sheet you apply by hand");

        var created = api.post(
                "/api/v1/psa-connections",
                Map.of(
                        "type",
                        "kaseya-bms",
                        "name",
                        "BMS",
                        "baseUrl",
                        bms.server().orElseThrow().url(),
                        "credentials",
                        Map.of("userName", BmsStub.USER, "password", BmsStub.PASSWORD, "tenant", BmsStub.TENANT)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).doesNotContain(BmsStub.PASSWORD);
        String connectionId = created.json().get("id").asString();
        var test = api.post("/api/v1/psa-connections/" + connectionId + "/test", null);
        assertThat(test.json().get("ok").asBoolean()).as(test.body()).isTrue();
        assertThat(test.json().get("message").asString())
                .isEqualTo("Connected to Kaseya BMS (Acme MSP) as TrueUp API (5 accounts)");

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
        assertThat(run.get("counts").get("billableLines").asInt())
                .as("lines come from files")
                .isZero();
        String acme = idOf(
                api.get("/api/v1/psa-connections/" + connectionId + "/companies")
                        .json(),
                "name",
                "Acme Dental");
        String storage = idOf(
                api.get("/api/v1/psa-connections/" + connectionId + "/products").json(),
                "identifier",
                "Keeper Secure File Storage");

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
                "/api/vendor-api/organization/services",
                List.of(Map.of("id", "svc-sfs", "name", "Secure File Storage")));
        api.put("/api/v1/integrations/" + integrationId + "/mappings/accounts/kc-1001", Map.of("psaCompanyId", acme));
        api.put(
                "/api/v1/integrations/" + integrationId + "/mappings/services/svc-sfs",
                Map.of("psaProductIds", List.of(storage)));
        // 10 seats from 1 July, 20 from 16 July: a July average of 15.16, written as 15 whole units
        var usage = api.post(
                "/api/v1/integrations/" + integrationId + "/usage",
                Map.of(
                        "records",
                        List.of(
                                Map.of(
                                        "accountId",
                                        "kc-1001",
                                        "serviceId",
                                        "svc-sfs",
                                        "date",
                                        "2026-07-01",
                                        "quantity",
                                        10),
                                Map.of(
                                        "accountId",
                                        "kc-1001",
                                        "serviceId",
                                        "svc-sfs",
                                        "date",
                                        "2026-07-16",
                                        "quantity",
                                        20))));
        assertThat(usage.status()).as(usage.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> line(api, acme) != null
                        && "new-revenue".equals(line(api, acme).get("status").asString()));
        String lineId = line(api, acme).get("id").asString();

        var approved =
                api.post("/api/v1/reconciliation/lines/" + lineId + "/approve", Map.of("effectiveDate", "2026-08-20"));
        assertThat(approved.status()).as(approved.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> "written"
                        .equals(line(api, acme).path("writeBack").path("status").asString()));

        assertThat(bms.world().activeLines("k1", "p3"))
                .singleElement()
                .satisfies(l -> assertThat(l.quantity).isEqualByComparingTo("15"));
        assertThat(bms.server().orElseThrow().calls(Role.CREATE_LINE))
                .singleElement()
                .satisfies(call -> {
                    assertThat(call.path())
                            .isEqualTo("/v2/finance/contracts/recurringservices/" + bms.id("k1") + "/services");
                    assertThat(call.json().get(0).get("Units").asInt()).isEqualTo(15);
                    assertThat(call.json().get(0).get("Units").isIntegralNumber())
                            .isTrue();
                    assertThat(call.json().get(0).get("EffectiveDate").asString())
                            .isEqualTo("2026-08-20T00:00:00Z");
                });
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
