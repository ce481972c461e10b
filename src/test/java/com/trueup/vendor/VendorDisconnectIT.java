package com.trueup.vendor;

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
            assertThat(t.as(t.viewer()).delete("/api/v1/integrations/" + c.id()).status()).isEqualTo(403);
            assertThat(c.vendor().get("/api/vendor-api/organization").status()).isEqualTo(200);
            assertThat(t.api().delete("/api/v1/integrations/" + c.id()).status()).isEqualTo(204);

            Http.Response refused = c.vendor().get("/api/vendor-api/organization");
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.json().get("detail").asString()).contains("disconnected");
            assertThat(VendorFixtures.count(c, sku, "kc-1", 99).status()).isEqualTo(403);
            assertThat(c.vendor().post("/api/vendor-api/organization/accounts", Map.of("id", "kc-3", "name", "Late")).status()).isEqualTo(403);

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
        assertThat(directory.integration(t.id(), c.id()).orElseThrow().connected()).isFalse();
        // disconnecting twice is harmless
        assertThat(t.api().delete("/api/v1/integrations/" + c.id()).status()).isEqualTo(204);
        assertThat(t.api().get("/api/v1/audit-events?kind=integration.disconnected").body()).contains("usage history kept");
    }

    @Test
    void reconnectingIssuesANewTokenAndMappingStartsAgain() {
        var t = tenants.create();
        var c = VendorFixtures.keeper(t);
        VendorFixtures.seed(c, "Keeper Business", "kc-1", "kc-2");
        t.api().delete("/api/v1/integrations/" + c.id());
        try (var events = new VendorFixtures.EventRecorder(context, t.id())) {
            var again = VendorFixtures.issue(t, c.id());
            assertThat(again.vendor().get("/api/vendor-api/organization").json().get("status").asString()).isEqualTo("pending");
            assertThat(c.vendor().get("/api/vendor-api/organization").status()).isEqualTo(401);
            // every existing account and service is offered for mapping again
            assertThat(events.of(VendorEvents.AccountsAdded.class)).hasSize(1);
            assertThat(events.of(VendorEvents.AccountsAdded.class).get(0).accountIds()).hasSize(2);
            assertThat(events.of(VendorEvents.ServicesAdded.class).get(0).serviceIds()).hasSize(1);
        }
        assertThat(directory.integrations(t.id())).hasSize(1);
        assertThat(t.api().get("/api/v1/audit-events?kind=integration.reconnected").json().get("items").size()).isEqualTo(1);
    }

    @Test
    void regeneratingStopsTheOldTokenAtOnce() {
        var t = tenants.create();
        var c = VendorFixtures.keeper(t);
        assertThat(c.vendor().get("/api/vendor-api/organization").status()).isEqualTo(200);
        assertThat(t.as(t.viewer()).send("POST", c.path("/token"), null, null).status()).isEqualTo(403);
        var regenerated = VendorFixtures.issue(t, c.id());
        assertThat(c.vendor().get("/api/vendor-api/organization").status()).isEqualTo(401);
        assertThat(regenerated.vendor().get("/api/vendor-api/organization").status()).isEqualTo(200);
        assertThat(regenerated.token()).isNotEqualTo(c.token());
        String audit = t.api().get("/api/v1/audit-events?kind=integration").body();
        assertThat(audit).contains("integration.created").contains("integration.token-generated")
                .contains("integration.token-regenerated");
        // no secret ever reaches the audit log
        assertThat(audit).doesNotContain(c.partnerKey()).doesNotContain(regenerated.vendorKey());
    }
}
