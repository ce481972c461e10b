package com.trueup.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.trueup.support.Http;
import com.trueup.support.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Disconnect stops the token at once (403), tells the mapping module to drop the integration's mappings
 * ({@link VendorEvents.IntegrationDisconnected}, the contract {@link MappingLookup} implementations honour) and keeps
 * usage; regenerating and reconnecting issue new tokens and stop the old ones at once.
 */
class VendorDisconnectIT extends IntegrationTest {

    @Autowired
    VendorDirectory directory;

    @Autowired
    ConfigurableApplicationContext context;

    @Test
    void aDisconnectedIntegrationsTokenGets403AtOnceWhileUsageRemains() {
        var t = tenants.create();
        var c = VendorFixtures.keeper(t);
        String sku = VendorFixtures.seed(c, "Keeper Business", "kc-1", "kc-2");
        assertThat(VendorFixtures.count(c, sku, "kc-1", 10).status()).isEqualTo(201);
        assertThat(c.vendor().get("/api/vendor-api/organization").status()).isEqualTo(200); // warm the token cache

        try (var events = new VendorFixtures.EventRecorder(context, t.id())) {
            assertThat(t.as(t.viewer()).delete("/api/v1/integrations/" + c.id()).status())
                    .isEqualTo(403);
            assertThat(c.vendor().get("/api/vendor-api/organization").status()).isEqualTo(200);
            assertThat(t.api().delete("/api/v1/integrations/" + c.id()).status())
                    .isEqualTo(204);

            Http.Response refused = c.vendor().get("/api/vendor-api/organization");
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json().get("detail").asString()).contains("disconnected");
            assertThat(VendorFixtures.count(c, sku, "kc-1", 99).status()).isEqualTo(403);
            assertThat(c.vendor()
                            .post("/api/vendor-api/organization/accounts", Map.of("id", "kc-3", "name", "Late"))
                            .status())
                    .isEqualTo(403);

            // the mapping module is told to remove all mappings of this integration
            assertThat(events.of(VendorEvents.IntegrationDisconnected.class))
                    .containsExactly(new VendorEvents.IntegrationDisconnected(t.id(), c.id()));
        }
        // usage and accounts stay; the integration is listed as disconnected and left out of VendorDirectory
        JsonNode daily = t.api().get(c.path("/usage/daily")).json();
        assertThat(daily.get("items").size()).isEqualTo(1);
        assertThat(daily.get("items").get(0).get("quantity").decimalValue()).isEqualByComparingTo("10");
        assertThat(t.api().get(c.path("/accounts")).json().get("items").size()).isEqualTo(2);
        assertThat(t.api().get(c.path("")).json().get("status").asString()).isEqualTo("disconnected");
        assertThat(directory.integrations(t.id())).isEmpty();
        assertThat(directory.integration(t.id(), c.id()).orElseThrow().connected())
                .isFalse();
        // disconnecting twice is harmless
        assertThat(t.api().delete("/api/v1/integrations/" + c.id()).status()).isEqualTo(204);
        assertThat(t.api()
                        .get("/api/v1/audit-events?kind=integration.disconnected")
                        .body())
                .contains("usage history kept");
    }

    @Test
    void disconnectingRemovesTheIntegrationsMappingsAndKeepsItsUsage() {
        var t = tenants.create();
        var c = VendorFixtures.keeper(t);
        assertThat(c.vendor()
                        .patch("/api/vendor-api/organization/status/active", null)
                        .status())
                .isEqualTo(200);
        c.vendor()
                .post(
                        "/api/vendor-api/organization/accounts",
                        java.util.List.of(
                                Map.of("id", "kc-1002", "name", "Blue Ridge Logistics"),
                                Map.of("id", "kc-9999", "name", "Nobody In The PSA")));
        String sku = VendorFixtures.seed(c, "Keeper Business");
        assertThat(VendorFixtures.count(c, sku, "kc-1002", 8).status()).isEqualTo(201);
        // a Sandbox PSA with demo data: the mapping module auto-maps exact name matches
        var psa = t.api()
                .post(
                        "/api/v1/psa-connections",
                        Map.of("type", "sandbox", "name", "Sandbox PSA", "credentials", Map.of()));
        assertThat(psa.status()).as(psa.body()).isEqualTo(201);
        String connection = psa.json().get("id").asString();
        assertThat(t.api()
                        .post("/api/v1/psa-connections/" + connection + "/sandbox/demo-data", Map.of())
                        .status())
                .isBetween(200, 201);
        assertThat(t.api()
                        .post("/api/v1/psa-connections/" + connection + "/sync", Map.of())
                        .status())
                .isEqualTo(202);
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(60))
                .pollInterval(java.time.Duration.ofMillis(250))
                .until(() -> !mapping(t, c, "kc-1002").isNull());
        assertThat(mapping(t, c, "kc-1002").get("excluded").asBoolean()).isFalse();
        assertThat(mapping(t, c, "kc-9999").isNull()).isTrue();
        assertThat(lookup.getObject().accountMappings(t.id(), c.id())).isNotEmpty();
        JsonNode before = t.api().get(c.path("")).json();
        assertThat(before.get("unmappedAccounts").asInt()).isEqualTo(1);

        assertThat(t.api().delete("/api/v1/integrations/" + c.id()).status()).isEqualTo(204);
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .pollInterval(java.time.Duration.ofMillis(250))
                .until(() -> lookup.getObject().accountMappings(t.id(), c.id()).isEmpty()
                        && lookup.getObject().serviceMappings(t.id(), c.id()).isEmpty());
        assertThat(mapping(t, c, "kc-1002").isNull()).isTrue();
        assertThat(c.vendor().get("/api/vendor-api/organization").status()).isEqualTo(403);
        JsonNode daily = t.api().get(c.path("/usage/daily")).json();
        assertThat(daily.get("items").get(0).get("quantity").decimalValue()).isEqualByComparingTo("8");
    }

    private static JsonNode mapping(
            com.trueup.support.TestTenants.TestTenant t, VendorFixtures.Connected c, String accountId) {
        for (JsonNode account : t.api().get(c.path("/accounts")).json().get("items")) {
            if (account.get("id").asString().equals(accountId)) {
                return account.get("mapping");
            }
        }
        throw new AssertionError("no account " + accountId);
    }

    @Autowired
    org.springframework.beans.factory.ObjectProvider<MappingLookup> lookup;

    @Test
    void reconnectingIssuesANewTokenAndMappingStartsAgain() {
        var t = tenants.create();
        var c = VendorFixtures.keeper(t);
        VendorFixtures.seed(c, "Keeper Business", "kc-1", "kc-2");
        t.api().delete("/api/v1/integrations/" + c.id());
        try (var events = new VendorFixtures.EventRecorder(context, t.id())) {
            var again = VendorFixtures.issue(t, c.id());
            assertThat(again.vendor()
                            .get("/api/vendor-api/organization")
                            .json()
                            .get("status")
                            .asString())
                    .isEqualTo("pending");
            assertThat(c.vendor().get("/api/vendor-api/organization").status()).isEqualTo(401);
            // every existing account and service is offered for mapping again
            assertThat(events.of(VendorEvents.AccountsAdded.class)).hasSize(1);
            assertThat(events.of(VendorEvents.AccountsAdded.class).get(0).accountIds())
                    .hasSize(2);
            assertThat(events.of(VendorEvents.ServicesAdded.class).get(0).serviceIds())
                    .hasSize(1);
        }
        assertThat(directory.integrations(t.id())).hasSize(1);
        assertThat(t.api()
                        .get("/api/v1/audit-events?kind=integration.reconnected")
                        .json()
                        .get("items")
                        .size())
                .isEqualTo(1);
    }

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Test
    void aTokenRevokedOnAnotherInstanceCanNoLongerWrite() {
        var t = tenants.create();
        var c = VendorFixtures.keeper(t);
        String sku = VendorFixtures.seed(c, "Keeper Business", "kc-1");
        assertThat(c.vendor().get("/api/vendor-api/organization").status()).isEqualTo(200); // cached on this instance
        // another instance disconnects the integration: this instance's token cache does not know yet
        jdbc.sql("update vendor_integration set status = 'disconnected' where tenant_id = :t and id = :id")
                .param("t", t.id())
                .param("id", c.id())
                .update();
        assertThat(VendorFixtures.count(c, sku, "kc-1", 5).status()).isEqualTo(403);
        assertThat(c.vendor()
                        .post("/api/vendor-api/organization/accounts", Map.of("id", "kc-2", "name", "Late"))
                        .status())
                .isEqualTo(403);
        assertThat(c.vendor()
                        .patch("/api/vendor-api/organization/status/active", null)
                        .status())
                .isEqualTo(403);
        assertThat(t.api().get(c.path("/usage/daily")).json().get("total").asLong())
                .isZero();
        assertThat(t.api().get(c.path("/accounts")).json().get("items").size()).isEqualTo(1);
    }

    @Test
    void regeneratingStopsTheOldTokenAtOnce() {
        var t = tenants.create();
        var c = VendorFixtures.keeper(t);
        assertThat(c.vendor().get("/api/vendor-api/organization").status()).isEqualTo(200);
        assertThat(t.as(t.viewer()).send("POST", c.path("/token"), null, null).status())
                .isEqualTo(403);
        var regenerated = VendorFixtures.issue(t, c.id());
        assertThat(c.vendor().get("/api/vendor-api/organization").status()).isEqualTo(401);
        assertThat(regenerated.vendor().get("/api/vendor-api/organization").status())
                .isEqualTo(200);
        assertThat(regenerated.token()).isNotEqualTo(c.token());
        String audit = t.api().get("/api/v1/audit-events?kind=integration").body();
        assertThat(audit)
                .contains("integration.created")
                .contains("integration.token-generated")
                .contains("integration.token-regenerated");
        // no secret ever reaches the audit log
        assertThat(audit).doesNotContain(c.partnerKey()).doesNotContain(regenerated.vendorKey());
    }
}
