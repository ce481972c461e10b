package com.trueup.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.trueup.support.Http;
import com.trueup.support.IntegrationTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** The mapping API end to end: vendor data pushed through the Vendor API, PSA data from the Sandbox PSA. */
class MappingApiIT extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void exactNamesAreAutoMappedAfterTheFirstSyncAndNearMissesAreOnlySuggested() {
        var s = MappingScenario.demo(tenants.create(), baseUrl());
        var companies = s.companies();
        var products = s.products();

        JsonNode blueRidge = s.awaitAccountStatus("kc-1002", "mapped");
        assertThat(blueRidge.get("psaCompanyId").asString())
                .isEqualTo(companies.get("Blue Ridge Logistics").toString());
        assertThat(blueRidge.get("auto").asBoolean()).isTrue();
        assertThat(blueRidge.get("mappedBy").asString()).isEqualTo("system");
        JsonNode business = s.awaitServiceStatus("Keeper Business", "mapped");
        assertThat(business.get("psaProductIds").get(0).asString())
                .isEqualTo(products.get("Keeper Business").toString());

        JsonNode accounts = s.accounts();
        assertThat(accounts.get("psaConnectionId").asString()).isEqualTo(s.connectionId.toString());
        assertThat(accounts.get("counts").get("total").asInt()).isEqualTo(25);
        assertThat(accounts.get("counts").get("mapped").asInt()).isEqualTo(21);
        assertThat(accounts.get("counts").get("unmapped").asInt()).isEqualTo(4);
        assertNearMiss(s.account("kc-1001"), "Acme Dental Group, LLC");
        assertNearMiss(s.account("kc-1004"), "Harbor Point Marine Inc.");
        assertNearMiss(s.account("kc-1019"), "Sterling and Hale CPAs");
        JsonNode horizon = s.account("kc-1025");
        assertThat(horizon.get("status").asString()).isEqualTo("unmapped");
        assertThat(horizon.get("psaCompanyId").isNull()).isTrue();

        JsonNode storage = s.service("Secure File Storage");
        assertThat(storage.get("status").asString()).isEqualTo("unmapped");
        assertThat(storage.get("suggestions").get(0).get("name").asString())
                .isEqualTo("Keeper Secure File Storage 100GB");
        assertThat(storage.get("suggestions").get(0).get("identifier").asString())
                .isEqualTo("KEEPER-SFS");
        assertThat(s.services().get("counts").get("mapped").asInt()).isEqualTo(5);

        assertThat(s.api().get(s.path("/accounts?status=unmapped")).json().get("items"))
                .hasSize(4);
        assertThat(s.api().get(s.path("/accounts?q=ACME")).json().get("items")).hasSize(1);
        var audit = s.api()
                .get("/api/v1/audit-events?kind=mapping.account-mapped&actor=system&size=100")
                .json()
                .get("items");
        assertThat(audit).hasSize(21);
        assertThat(audit.toString()).contains("Blue Ridge Logistics").contains("exact name match");
    }

    private static void assertNearMiss(JsonNode account, String psaName) {
        assertThat(account.get("status").asString()).as(account.toString()).isEqualTo("unmapped");
        JsonNode suggestion = account.get("suggestions").get(0);
        assertThat(suggestion.get("name").asString()).isEqualTo(psaName);
        assertThat(suggestion.get("score").asInt()).isBetween(60, 99);
    }

    @Test
    void aNewAccountPushedByTheVendorAppearsUnmappedAndIsAutoMappedWhenItsNameMatchesExactly() {
        var s = MappingScenario.keeper(tenants.create(), baseUrl());
        s.connectSandboxPsa();
        s.pushKeeperAccounts(3);
        s.createService("BreachWatch");
        s.awaitAccountStatus("kc-1002", "mapped");
        s.awaitServiceStatus("BreachWatch", "mapped");
        s.api()
                .put(
                        s.path("/accounts/kc-1001"),
                        Map.of("psaCompanyId", s.companies().get("Acme Dental Group, LLC")));
        assertThat(s.api().post(s.path("/finish"), Map.of()).status()).isEqualTo(202);
        clock.set(java.time.Instant.now().plus(Duration.ofMinutes(1)));

        s.pushAccount("kc-1025", "Horizon Travel Co");
        s.pushAccount("kc-1017", "Northwind Traders");

        JsonNode northwind = s.awaitAccountStatus("kc-1017", "mapped");
        assertThat(northwind.get("psaCompanyName").asString()).isEqualTo("Northwind Traders");
        assertThat(northwind.get("auto").asBoolean()).isTrue();
        JsonNode horizon = s.account("kc-1025");
        assertThat(horizon.get("status").asString()).isEqualTo("unmapped");
        assertThat(horizon.get("isNew").asBoolean()).isTrue();
        assertThat(s.account("kc-1003").get("isNew").asBoolean()).isFalse();
        assertThat(s.accounts().get("counts").get("unmapped").asInt()).isEqualTo(1);
        var integration = s.api().get("/api/v1/integrations/" + s.integrationId).json();
        assertThat(integration.get("unmappedAccounts").asInt()).isEqualTo(1);
        assertThat(integration.get("unmappedServices").asInt()).isZero();
    }

    @Test
    void exclusionsStopCountingAsUnmappedAndAreAudited() {
        var s = MappingScenario.demo(tenants.create(), baseUrl());
        s.awaitAccountStatus("kc-1002", "mapped");

        var excluded = s.api().put(s.path("/accounts/kc-1025"), Map.of("excluded", true));
        assertThat(excluded.status()).as(excluded.body()).isEqualTo(200);
        assertThat(excluded.json().get("status").asString()).isEqualTo("excluded");
        var excludedMapped = s.api().put(s.path("/accounts/kc-1002"), Map.of("excluded", true));
        assertThat(excludedMapped.json().get("status").asString()).isEqualTo("excluded");
        assertThat(s.api()
                        .put(s.path("/services/" + s.serviceId("Compliance Reports")), Map.of("excluded", true))
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("excluded");

        JsonNode counts = s.accounts().get("counts");
        assertThat(counts.get("excluded").asInt()).isEqualTo(2);
        assertThat(counts.get("unmapped").asInt()).isEqualTo(3);
        assertThat(counts.get("mapped").asInt()).isEqualTo(20);
        assertThat(s.api().get(s.path("/accounts?status=excluded")).json().get("items"))
                .hasSize(2);

        // Include again: unmapped, and auto-mapping leaves the exact match alone from now on.
        assertThat(s.api().delete(s.path("/accounts/kc-1002")).status()).isEqualTo(204);
        s.pushAccount("kc-3000", "Blue Ridge Logistics");
        s.awaitAccountStatus("kc-3000", "mapped");
        s.sync();
        JsonNode blueRidge = s.account("kc-1002");
        assertThat(blueRidge.get("status").asString()).isEqualTo("unmapped");
        assertThat(blueRidge.get("suggestions").get(0).get("score").asInt()).isEqualTo(100);

        String audit = s.api()
                .get("/api/v1/audit-events?kind=mapping&actor="
                        + s.tenant.admin().email() + "&size=100")
                .body();
        assertThat(audit)
                .contains("mapping.account-excluded")
                .contains("mapping.service-excluded")
                .contains("mapping.account-included")
                .contains("Horizon Travel Co");
    }

    @Test
    void servicesMapAsBundlesOneToManyAndManyToOne() {
        var s = MappingScenario.demo(tenants.create(), baseUrl());
        var products = s.products();
        UUID ent = products.get("Keeper Enterprise");
        UUID bw = products.get("BreachWatch");
        UUID sfs = products.get("Keeper Secure File Storage 100GB");

        var bundle = s.api()
                .put(
                        s.path("/services/" + s.serviceId("Keeper Enterprise")),
                        Map.of("psaProductIds", List.of(ent, bw)));
        assertThat(bundle.status()).as(bundle.body()).isEqualTo(200);
        assertThat(ids(bundle.json().get("psaProductIds"))).containsExactly(ent.toString(), bw.toString());
        assertThat(bundle.json().get("psaProducts").get(1).get("identifier").asString())
                .isEqualTo("KEEPER-BW");
        assertThat(s.api()
                        .put(
                                s.path("/services/" + s.serviceId("Secure File Storage")),
                                Map.of("psaProductIds", List.of(sfs)))
                        .status())
                .isEqualTo(200);
        assertThat(s.api()
                        .put(
                                s.path("/services/" + s.serviceId("Compliance Reports")),
                                Map.of("psaProductIds", List.of(sfs)))
                        .status())
                .isEqualTo(200);

        assertThat(ids(s.service("Keeper Enterprise").get("psaProductIds")))
                .containsExactly(ent.toString(), bw.toString());
        assertThat(ids(s.service("Secure File Storage").get("psaProductIds"))).containsExactly(sfs.toString());
        assertThat(ids(s.service("Compliance Reports").get("psaProductIds"))).containsExactly(sfs.toString());
        assertThat(s.services().get("counts").get("unmapped").asInt()).isZero();
        long rows = jdbc.sql(
                        "select count(*) from service_mapping_product where tenant_id = :t and integration_id = :i")
                .param("t", s.tenant.id())
                .param("i", s.integrationId)
                .query(Long.class)
                .single();
        assertThat(rows).isEqualTo(2 + 1 + 1 + 3);
        assertThat(s.api()
                        .get("/api/v1/audit-events?kind=mapping.service-mapped&actor="
                                + s.tenant.admin().email())
                        .body())
                .contains("KEEPER-ENT")
                .contains("KEEPER-BW");
    }

    @Test
    void finishRefusesWithoutOneMappedAccountAndOneMappedServiceThenStartsASync() {
        var s = MappingScenario.keeper(tenants.create(), baseUrl());
        s.pushAccount("acct-1", "Not In The PSA");
        String service = s.createService("Not In The PSA Either");
        s.connectSandboxPsa();

        var refused = s.api().post(s.path("/finish"), Map.of());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("detail").asString())
                .contains("at least one mapped account and one mapped service")
                .contains("an account")
                .contains("a service");

        s.api()
                .put(
                        s.path("/accounts/acct-1"),
                        Map.of("psaCompanyId", s.companies().get("Maple Street Bakery")));
        var stillRefused = s.api().post(s.path("/finish"), Map.of());
        assertThat(stillRefused.status()).isEqualTo(409);
        assertThat(stillRefused.json().get("detail").asString())
                .contains("a service")
                .doesNotContain("an account");

        s.api()
                .put(
                        s.path("/services/" + service),
                        Map.of("psaProductIds", List.of(s.products().get("Managed Backup"))));
        var finished = s.api().post(s.path("/finish"), Map.of());
        assertThat(finished.status()).as(finished.body()).isEqualTo(202);
        String run = finished.json().get("syncRunId").asString();
        s.awaitSyncRun(run);
        assertThat(s.api().get("/api/v1/audit-events?kind=mapping.finished").body())
                .contains(run);
    }

    @Test
    void disconnectingTheIntegrationRemovesItsMappings() {
        var s = MappingScenario.demo(tenants.create(), baseUrl());
        s.awaitAccountStatus("kc-1002", "mapped");
        s.api().put(s.path("/accounts/kc-1025"), Map.of("excluded", true));
        assertThat(mappingRows(s)).isGreaterThan(20);

        assertThat(s.api().delete("/api/v1/integrations/" + s.integrationId).status())
                .isEqualTo(204);

        assertThat(mappingRows(s)).isZero();
        assertThat(s.api().get(s.path("/accounts")).status()).isEqualTo(404);
        var cleared = s.api()
                .get("/api/v1/audit-events?kind=mapping.integration-cleared")
                .json()
                .get("items");
        assertThat(cleared).hasSize(1);
        assertThat(cleared.get(0).get("subject").asString()).isEqualTo("Keeper Security");
    }

    private long mappingRows(MappingScenario s) {
        long total = 0;
        for (String table :
                List.of("account_mapping", "service_mapping", "service_mapping_product", "mapping_auto_block")) {
            total += jdbc.sql("select count(*) from " + table + " where tenant_id = :t and integration_id = :i")
                    .param("t", s.tenant.id())
                    .param("i", s.integrationId)
                    .query(Long.class)
                    .single();
        }
        return total;
    }

    @Test
    void badInputNamesTheFieldAndViewersOnlyRead() {
        var s = MappingScenario.demo(tenants.create(), baseUrl());
        UUID acme = s.companies().get("Acme Dental Group, LLC");
        Http viewer = s.tenant.as(s.tenant.viewer());

        assertThat(viewer.get(s.path("/accounts")).status()).isEqualTo(200);
        assertThat(viewer.put(s.path("/accounts/kc-1001"), Map.of("psaCompanyId", acme))
                        .status())
                .isEqualTo(403);
        assertThat(viewer.delete(s.path("/accounts/kc-1002")).status()).isEqualTo(403);
        assertThat(viewer.post(s.path("/finish"), Map.of()).status()).isEqualTo(403);
        assertThat(s.tenant
                        .as(s.tenant.approver())
                        .put(s.path("/accounts/kc-1001"), Map.of("excluded", true))
                        .status())
                .isEqualTo(403);

        assertProblem(
                s.api().put(s.path("/accounts/kc-1001"), Map.of("psaCompanyId", UUID.randomUUID())),
                400,
                "psaCompanyId");
        assertProblem(
                s.api().put(s.path("/accounts/kc-1001"), Map.of("psaCompanyId", "not-a-uuid")), 400, "psaCompanyId");
        assertProblem(s.api().put(s.path("/accounts/kc-1001"), Map.of()), 400, "psaCompanyId");
        assertProblem(
                s.api().put(s.path("/accounts/kc-1001"), Map.of("psaCompanyId", acme, "excluded", true)),
                400,
                "excluded");
        assertProblem(
                s.api().send("PUT", s.path("/accounts/kc-1001"), "{\"psaCompanyId\": ", "application/json"), 400, null);
        assertProblem(s.api().put(s.path("/accounts/kc-9999"), Map.of("psaCompanyId", acme)), 404, null);
        assertProblem(
                s.api()
                        .put(
                                s.path("/services/" + s.serviceId("BreachWatch")),
                                Map.of("psaProductIds", List.of(s.products().get("BreachWatch"), UUID.randomUUID()))),
                400,
                "psaProductIds[1]");
        assertProblem(
                s.api().put(s.path("/services/" + s.serviceId("BreachWatch")), Map.of("psaProductIds", List.of())),
                400,
                "psaProductIds");
        assertProblem(s.api().put(s.path("/services/not-a-service"), Map.of("excluded", true)), 404, null);
        assertProblem(s.api().get(s.path("/accounts?status=lost")), 400, "status");
        assertProblem(s.api().get("/api/v1/integrations/" + UUID.randomUUID() + "/mappings/accounts"), 404, null);
        assertProblem(s.api().get("/api/v1/integrations/nope/mappings/accounts"), 400, "integrationId");

        assertThat(s.account("kc-1001").get("status").asString()).isEqualTo("unmapped");
        assertThat(s.api()
                        .put(s.path("/accounts/kc-1001"), Map.of("psaCompanyId", acme))
                        .json()
                        .get("psaCompanyName")
                        .asString())
                .isEqualTo("Acme Dental Group, LLC");
        assertThat(http().get("/v3/api-docs").body())
                .contains("/api/v1/integrations/{integrationId}/mappings/accounts/{vendorAccountId}")
                .contains("/api/v1/integrations/{integrationId}/mappings/finish");
    }

    @Test
    void mappingsAreTenantIsolated() {
        var mine = MappingScenario.demo(tenants.create(), baseUrl());
        var theirs = MappingScenario.demo(tenants.create(), baseUrl());
        mine.awaitAccountStatus("kc-1002", "mapped");
        theirs.awaitAccountStatus("kc-1002", "mapped");
        UUID theirCompany = theirs.companies().get("Acme Dental Group, LLC");
        Http intruder = theirs.api();

        assertThat(intruder.get(mine.path("/accounts")).status()).isEqualTo(404);
        assertThat(intruder.get(mine.path("/services")).status()).isEqualTo(404);
        assertThat(intruder.put(mine.path("/accounts/kc-1001"), Map.of("psaCompanyId", theirCompany))
                        .status())
                .isEqualTo(404);
        assertThat(intruder.delete(mine.path("/accounts/kc-1002")).status()).isEqualTo(404);
        assertThat(intruder.put(mine.path("/services/" + mine.serviceId("BreachWatch")), Map.of("excluded", true))
                        .status())
                .isEqualTo(404);
        assertThat(intruder.post(mine.path("/finish"), Map.of()).status()).isEqualTo(404);
        assertProblem(
                mine.api().put(mine.path("/accounts/kc-1001"), Map.of("psaCompanyId", theirCompany)),
                400,
                "psaCompanyId");

        assertThat(mine.account("kc-1002").get("status").asString()).isEqualTo("mapped");
        assertThat(mine.account("kc-1001").get("status").asString()).isEqualTo("unmapped");
        assertThat(mine.service("BreachWatch").get("status").asString()).isEqualTo("mapped");
        assertThat(theirs.api()
                        .get("/api/v1/audit-events?kind=mapping&size=100")
                        .body())
                .doesNotContain(mine.tenant.admin().email());
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.asString()));
        return ids;
    }

    private static void assertProblem(Http.Response response, int status, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).isNotBlank();
        if (field != null) {
            assertThat(response.json().get("field").asString()).isEqualTo(field);
        }
    }
}
