package com.trueup.integration;

import static com.trueup.integration.VendorFixtures.assertFields;
import static org.assertj.core.api.Assertions.assertThat;

import com.trueup.support.Http;
import com.trueup.support.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The MSP's /api/v1 actions on vendor integrations: roles, shapes, counts, counting modes, OpenAPI. */
class VendorIntegrationsApiIT extends IntegrationTest {

    private static final String[] VIEW = {
        "id",
        "vendor",
        "name",
        "status",
        "lastSyncedAt",
        "accounts",
        "services",
        "unmappedAccounts",
        "unmappedServices",
        "tokenIssuedAt",
        "createdAt"
    };

    @Test
    void adminsConnectAndViewersRead() {
        var t = tenants.create();
        Http.Response created = t.api().post("/api/v1/integrations", Map.of("vendor", "keeper"));
        assertThat(created.status()).isEqualTo(201);
        assertFields(created.json(), "id", "vendor", "name", "status");
        assertThat(created.json().get("name").asString()).isEqualTo("Keeper Security");
        assertThat(created.json().get("status").asString()).isEqualTo("pending");
        assertThat(created.header("Location"))
                .endsWith("/api/v1/integrations/" + created.json().get("id").asString());
        String id = created.json().get("id").asString();

        Http.Response token = t.api().send("POST", "/api/v1/integrations/" + id + "/token", null, null);
        assertThat(token.status()).isEqualTo(201);
        assertFields(token.json(), "token", "vendorKey", "partnerKey", "baseUrl");
        assertThat(token.json().get("baseUrl").asString()).isEqualTo(baseUrl() + "/api/vendor-api");
        assertThat(token.json().get("vendorKey").asString()).startsWith("tuv_");
        assertThat(token.json().get("partnerKey").asString()).startsWith("tup_");

        Http viewer = t.as(t.viewer());
        assertThat(viewer.post("/api/v1/integrations", Map.of("vendor", "keeper"))
                        .status())
                .isEqualTo(403);
        assertThat(t.as(t.approver())
                        .post("/api/v1/integrations", Map.of("vendor", "keeper"))
                        .status())
                .isEqualTo(403);
        JsonNode list = viewer.get("/api/v1/integrations").json().get("items");
        assertThat(list.size()).isEqualTo(1);
        assertFields(list.get(0), VIEW);
        assertThat(list.get(0).get("tokenIssuedAt").isNull()).isFalse();
        assertFields(viewer.get("/api/v1/integrations/" + id).json(), VIEW);

        Http.Response noName = t.api().post("/api/v1/integrations", Map.of("vendor", "custom"));
        assertThat(noName.status()).isEqualTo(400);
        assertThat(noName.json().get("field").asString()).isEqualTo("name");
        Http.Response badVendor = t.api().post("/api/v1/integrations", Map.of("vendor", "gradient"));
        assertThat(badVendor.status()).isEqualTo(400);
        assertThat(badVendor.json().get("field").asString()).isEqualTo("vendor");
        assertThat(t.api()
                        .get("/api/v1/integrations/" + java.util.UUID.randomUUID())
                        .status())
                .isEqualTo(404);
        assertThat(t.api().get("/api/v1/integrations/not-a-uuid").status()).isEqualTo(400);

        String audit = t.api().get("/api/v1/audit-events?kind=integration").body();
        assertThat(audit).contains("integration.created").contains("integration.token-generated");
    }

    @Test
    void accountsServicesCountsAndCountingModes() {
        var t = tenants.create();
        var c = VendorFixtures.keeper(t);
        String sku = VendorFixtures.seed(c, "Keeper Business", "kc-1", "kc-2");
        VendorFixtures.count(c, sku, "kc-1", 4);

        JsonNode view = t.api().get(c.path("")).json();
        assertThat(view.get("accounts").asInt()).isEqualTo(2);
        assertThat(view.get("services").asInt()).isEqualTo(1);
        // without a mapping module every account and service counts as unmapped
        assertThat(view.get("unmappedAccounts").asInt()).isEqualTo(2);
        assertThat(view.get("unmappedServices").asInt()).isEqualTo(1);
        assertThat(view.get("lastSyncedAt").isNull()).isFalse();

        JsonNode accounts = t.as(t.viewer()).get(c.path("/accounts")).json().get("items");
        assertThat(accounts.size()).isEqualTo(2);
        assertFields(accounts.get(0), "id", "name", "description", "mapping", "createdAt");
        assertThat(accounts.get(0).get("id").asString()).isEqualTo("kc-1");
        assertThat(accounts.get(0).get("mapping").isNull()).isTrue();

        JsonNode services = t.api().get(c.path("/services")).json().get("items");
        assertFields(
                services.get(0), "id", "name", "description", "category", "subcategory", "countingMode", "mapping");
        assertThat(services.get(0).get("id").asString()).isEqualTo(sku);
        assertThat(services.get(0).get("countingMode").asString()).isEqualTo("DAILY_AVERAGE");

        Http.Response peak = t.api().patch(c.path("/services/" + sku), Map.of("countingMode", "peak"));
        assertThat(peak.status()).isEqualTo(200);
        assertThat(peak.json().get("countingMode").asString()).isEqualTo("PEAK");
        Http.Response bad = t.api().patch(c.path("/services/" + sku), Map.of("countingMode", "AVERAGE"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asString()).isEqualTo("countingMode");
        assertThat(t.api()
                        .patch(c.path("/services/nope"), Map.of("countingMode", "PEAK"))
                        .status())
                .isEqualTo(404);
        assertThat(t.as(t.viewer())
                        .patch(c.path("/services/" + sku), Map.of("countingMode", "LATEST"))
                        .status())
                .isEqualTo(403);
        assertThat(t.api()
                        .get(c.path("/services"))
                        .json()
                        .get("items")
                        .get(0)
                        .get("countingMode")
                        .asString())
                .isEqualTo("PEAK");
        assertThat(t.api().get("/api/v1/audit-events?kind=vendor-service").body())
                .contains("DAILY_AVERAGE -> PEAK");

        Http.Response usage = t.api().get(c.path("/usage?period=2026-13"));
        assertThat(usage.status()).isEqualTo(400);
        assertThat(usage.json().get("field").asString()).isEqualTo("period");
        assertThat(t.api().get(c.path("/usage")).status()).isEqualTo(400);
        assertThat(t.api().get(c.path("/usage/daily?size=5000")).status()).isEqualTo(400);
        assertThat(t.api().get(c.path("/usage/daily?accountId=kc-404")).status())
                .isEqualTo(404);
    }

    @Test
    void theOpenApiDocumentDescribesBothApis() {
        JsonNode paths = http().get("/v3/api-docs").json().get("paths");
        assertThat(paths.has("/api/v1/integrations")).isTrue();
        assertThat(paths.has("/api/v1/integrations/{id}/token")).isTrue();
        assertThat(paths.has("/api/v1/integrations/{id}/usage")).isTrue();
        assertThat(paths.has("/api/vendor-api/service/{serviceId}/count")).isTrue();
        assertThat(paths.has("/api/vendor-api/organization")).isTrue();
    }
}
