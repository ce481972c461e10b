package com.trueup.psa.accelo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.trueup.psa.contract.PsaWorld;
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
import tools.jackson.databind.JsonNode;

/**
 * An Accelo connection end to end against a stub speaking Accelo's API: the form says what comes from the API and what
 * from files, connect, test, sync; companies and item templates listed with Accelo's ids; contracts with their value,
 * dates, standing and period budgets on the API and the snapshot page; no line read, nothing written.
 */
class AcceloConnectionIT extends IntegrationTest {

    private AcceloStub accelo;

    @AfterEach
    void stopStub() {
        if (accelo != null) {
            accelo.close();
        }
    }

    @Test
    void anAcceloConnectionIsCreatedTestedAndSyncedWithContractTerms() {
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        accelo = new AcceloStub(clock);
        accelo.load(PsaWorld.reference());
        TestTenants.TestTenant t = tenants.create("UTC");
        Http api = t.api();

        var admin = new BrowserSession(baseUrl());
        admin.login(t.admin().email(), TestTenants.PASSWORD);
        var form = admin.get("/psa/new?type=accelo");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body())
                .contains("name=\"cred.clientId\"")
                .contains("name=\"cred.clientSecret\"")
                .contains("Reads from the PSA's API:")
                .contains("companies, products, contracts")
                .contains("the rest comes from files you import")
                .contains("approved changes go to the change sheet");

        var created = api.post(
                "/api/v1/psa-connections",
                Map.of(
                        "type",
                        "accelo",
                        "name",
                        "Accelo",
                        "baseUrl",
                        accelo.server().orElseThrow().url(),
                        "credentials",
                        Map.of("clientId", AcceloStub.CLIENT_ID, "clientSecret", AcceloStub.CLIENT_SECRET)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String connectionId = created.json().get("id").asString();
        var test = api.post("/api/v1/psa-connections/" + connectionId + "/test", null);
        assertThat(test.json().get("ok").asBoolean()).as(test.body()).isTrue();
        assertThat(test.json().get("message").asString())
                .isEqualTo("Connected to Accelo deployment planet-express as " + "billing@planetexpress.test");

        JsonNode run = sync(api, connectionId);
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("succeeded");
        assertThat(run.get("counts").get("companies").asInt()).isEqualTo(5);
        assertThat(run.get("counts").get("products").asInt()).isEqualTo(3);
        assertThat(run.get("counts").get("contracts").asInt()).isEqualTo(5);
        assertThat(run.get("counts").get("lines").asInt()).isZero();
        assertThat(accelo.tokensIssued())
                .as("one token for test and sync: it is cached")
                .isEqualTo(1);

        JsonNode companies = api.get("/api/v1/psa-connections/" + connectionId + "/companies")
                .json()
                .get("items");
        assertThat(companies)
                .extracting(c -> c.get("externalId").asString())
                .contains(accelo.id("c1"), accelo.id("c2"));
        JsonNode products = api.get("/api/v1/psa-connections/" + connectionId + "/products")
                .json()
                .get("items");
        assertThat(products).extracting(p -> p.get("identifier").asString()).contains("KEEPER-BIZ", "KEEPER-BW");

        JsonNode contracts = api.get("/api/v1/psa-connections/" + connectionId + "/contracts?q=Acme")
                .json()
                .get("items");
        JsonNode managed = contracts
                .valueStream()
                .filter(k -> k.get("externalId").asString().equals(accelo.id("k1")))
                .findFirst()
                .orElseThrow();
        assertThat(managed.get("billable").asBoolean()).isTrue();
        JsonNode terms = managed.get("terms");
        assertThat(terms.get("value").decimalValue()).isEqualByComparingTo("1200");
        assertThat(terms.get("startsOn").asString()).isEqualTo("2024-01-01");
        assertThat(terms.get("endsOn").asString()).isEqualTo("2027-08-05");
        assertThat(terms.get("standing").asString()).isEqualTo("active");
        assertThat(terms.get("periods")).hasSize(2).allSatisfy(p -> {
            assertThat(p.get("budget").decimalValue()).isEqualByComparingTo("300");
            assertThat(p.get("budgetType").asString()).isEqualTo("pre-paid");
        });
        assertThat(terms.get("periods").get(0).get("startsOn").asString()).isEqualTo("2026-07-01");

        var page = admin.get("/psa/connections/" + connectionId + "/snapshot?tab=contracts&q=Acme");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("Contract value 1,200.00")
                .contains("standing active")
                .contains("pre-paid")
                .contains("300.00");

        // a second sync replaces the periods rather than adding to them
        assertThat(sync(api, connectionId).get("status").asString()).isEqualTo("succeeded");
        JsonNode again = api.get("/api/v1/psa-connections/" + connectionId + "/contracts?q=Acme")
                .json()
                .get("items");
        assertThat(again.valueStream()
                        .filter(k -> k.get("externalId").asString().equals(accelo.id("k1")))
                        .findFirst()
                        .orElseThrow()
                        .get("terms")
                        .get("periods"))
                .hasSize(2);
        assertThat(accelo.server().orElseThrow().calls())
                .noneMatch(c -> List.of("POST", "PUT", "PATCH", "DELETE").contains(c.method())
                        && !c.path().startsWith("/oauth2"));
    }

    @Test
    void newRevenueForAnAcceloCompanyGoesToTheChangeSheetAndNothingIsWrittenToAccelo() {
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        accelo = new AcceloStub(clock);
        accelo.load(PsaWorld.reference());
        TestTenants.TestTenant t = tenants.create("UTC");
        Http api = t.api();
        String connectionId = api.post(
                        "/api/v1/psa-connections",
                        Map.of(
                                "type",
                                "accelo",
                                "name",
                                "Accelo",
                                "baseUrl",
                                accelo.server().orElseThrow().url(),
                                "credentials",
                                Map.of("clientId", AcceloStub.CLIENT_ID, "clientSecret", AcceloStub.CLIENT_SECRET)))
                .json()
                .get("id")
                .asString();
        assertThat(sync(api, connectionId).get("status").asString()).isEqualTo("succeeded");
        String acme = idOf(
                api.get("/api/v1/psa-connections/" + connectionId + "/companies")
                        .json(),
                "name",
                "Acme Dental");
        String business = idOf(
                api.get("/api/v1/psa-connections/" + connectionId + "/products").json(), "identifier", "KEEPER-BIZ");

        java.util.UUID integrationId =
                java.util.UUID.fromString(api.post("/api/v1/integrations", Map.of("vendor", "keeper", "name", "Keeper"))
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
        api.post(
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
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> line(api, acme) != null);
        JsonNode line = line(api, acme);
        assertThat(line.get("vendorQuantity").decimalValue()).isEqualByComparingTo("15");
        assertThat(line.get("psaQuantity").decimalValue())
                .as("Accelo has no lines: nothing billed yet")
                .isEqualByComparingTo("0");

        var approved = api.post("/api/v1/reconciliation/lines/" + line.get("id").asString() + "/approve", Map.of());
        assertThat(approved.status()).as(approved.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> "to_apply"
                        .equals(line(api, acme).path("writeBack").path("status").asString()));
        String sheet = api.get("/api/v1/write-backs/change-sheet.csv?connectionId=" + connectionId)
                .body();
        assertThat(sheet).contains("Acme Dental").contains("KEEPER-BIZ").contains(",0,15,15,");
        assertThat(accelo.server().orElseThrow().calls())
                .noneMatch(c -> List.of("POST", "PUT", "PATCH", "DELETE").contains(c.method())
                        && !c.path().startsWith("/oauth2"));
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
