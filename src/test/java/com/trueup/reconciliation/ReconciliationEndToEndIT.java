package com.trueup.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.trueup.support.Http;
import com.trueup.support.IntegrationTest;
import com.trueup.support.TestTenants;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The whole flow with the real modules, through the API only: Keeper counts (bulk API), the Sandbox PSA with its demo
 * data and a sync, mappings, the reconciliation line, approval, the queued write-back and the Sandbox line it writes.
 */
class ReconciliationEndToEndIT extends IntegrationTest {

    @Test
    void approvedQuantityIsQueuedAndWrittenToTheSandboxPsa() {
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        TestTenants.TestTenant t = tenants.create("UTC");
        Http api = t.api();

        // vendor: Keeper with one client and one SKU
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
        assertThat(vendorApi
                        .post(
                                "/api/vendor-api/organization/accounts",
                                List.of(Map.of("id", "kc-1001", "name", "Acme Dental Group")))
                        .status())
                .isEqualTo(201);
        assertThat(vendorApi
                        .post(
                                "/api/vendor-api/organization/services",
                                List.of(Map.of("id", "svc-biz", "name", "Keeper Business")))
                        .status())
                .isEqualTo(201);

        // PSA: the Sandbox with its demo data (Acme Dental Group, LLC bills 12 Keeper Business at 5.00)
        var connection = api.post(
                "/api/v1/psa-connections",
                Map.of(
                        "type",
                        "sandbox",
                        "name",
                        "Sandbox",
                        "credentials",
                        Map.of(),
                        "settings",
                        Map.of("roundingMode", "NEAREST", "defaultEffectiveDate", "FIRST_OF_NEXT_MONTH")));
        assertThat(connection.status()).as(connection.body()).isEqualTo(201);
        String connectionId = connection.json().get("id").asString();
        var demo = api.post("/api/v1/psa-connections/" + connectionId + "/sandbox/demo-data", null);
        assertThat(demo.status()).as(demo.body()).isEqualTo(201);
        String syncRunId = demo.json().get("syncRunId").asString();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "succeeded"
                        .equals(api.get("/api/v1/sync-runs/" + syncRunId)
                                .json()
                                .get("status")
                                .asString()));
        String acmeId = idOf(
                api.get("/api/v1/psa-connections/" + connectionId + "/companies")
                        .json(),
                "name",
                "Acme Dental Group, LLC");
        String productId = idOf(
                api.get("/api/v1/psa-connections/" + connectionId + "/products").json(), "identifier", "KEEPER-BIZ");

        // mappings through the API
        var mapAccount = api.put(
                "/api/v1/integrations/" + integrationId + "/mappings/accounts/kc-1001", Map.of("psaCompanyId", acmeId));
        assertThat(mapAccount.status()).as(mapAccount.body()).isBetween(200, 204);
        var mapService = api.put(
                "/api/v1/integrations/" + integrationId + "/mappings/services/svc-biz",
                Map.of("psaProductIds", List.of(productId)));
        assertThat(mapService.status()).as(mapService.body()).isBetween(200, 204);

        // counts: 10 seats from July 1st, 20 from July 16th
        var usage = api.post(
                "/api/v1/integrations/" + integrationId + "/usage",
                Map.of(
                        "records",
                        List.of(
                                Map.of(
                                        "accountId",
                                        "kc-1001",
                                        "serviceId",
                                        "svc-biz",
                                        "date",
                                        "2026-07-01",
                                        "quantity",
                                        10),
                                Map.of(
                                        "accountId",
                                        "kc-1001",
                                        "serviceId",
                                        "svc-biz",
                                        "date",
                                        "2026-07-16",
                                        "quantity",
                                        20))));
        assertThat(usage.status()).as(usage.body()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    JsonNode l = line(api, acmeId);
                    return l != null
                            && l.get("vendorQuantity").decimalValue().compareTo(new BigDecimal("15.1613")) == 0;
                });
        JsonNode line = line(api, acmeId);
        assertThat(line.get("psaQuantity").decimalValue()).isEqualByComparingTo("12");
        assertThat(line.get("quantityToWrite").decimalValue()).isEqualByComparingTo("15.1613");
        assertThat(line.get("difference").decimalValue()).isEqualByComparingTo("3.1613");
        assertThat(line.get("revenueChange").decimalValue()).isEqualByComparingTo("15.8065");
        assertThat(line.get("status").asString()).isEqualTo("reconcile");
        assertThat(line.get("vendorAccountId").asString()).isEqualTo("kc-1001");
        assertThat(line.get("vendorServiceId").asString()).isEqualTo("svc-biz");
        String lineId = line.get("id").asString();

        // a viewer cannot approve; the approver can
        assertThat(t.as(t.viewer())
                        .post("/api/v1/reconciliation/lines/" + lineId + "/approve", Map.of())
                        .status())
                .isEqualTo(403);
        var approved = t.as(t.approver()).post("/api/v1/reconciliation/lines/" + lineId + "/approve", Map.of());
        assertThat(approved.status()).as(approved.body()).isEqualTo(202);

        // exactly one write-back with the right quantity and effective date
        JsonNode writeBacks = api.get("/api/v1/write-backs").json().get("items");
        List<JsonNode> mine = new java.util.ArrayList<>();
        writeBacks.forEach(w -> {
            if (lineId.equals(w.get("lineId").asString())) {
                mine.add(w);
            }
        });
        assertThat(mine).hasSize(1);
        assertThat(mine.get(0).get("quantity").decimalValue()).isEqualByComparingTo("15.1613");
        assertThat(mine.get(0).get("effectiveDate").asString()).isEqualTo("2026-09-01");

        // delivered: the Sandbox line now bills 15.1613, and the line shows it written
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    JsonNode l = line(api, acmeId);
                    return l.get("writeBack") != null
                            && !l.get("writeBack").isNull()
                            && "written".equals(l.get("writeBack").get("status").asString());
                });
        String contracts = api.get("/api/v1/psa-connections/" + connectionId + "/sandbox/contracts")
                .body();
        assertThat(contracts).contains("15.1613");
        assertThat(api.get("/api/v1/audit-events?kind=reconciliation.approved").body())
                .contains("15.1613");
    }

    private static JsonNode line(Http api, String companyId) {
        JsonNode items = api.get("/api/v1/reconciliation?period=2026-07&companyId=" + companyId)
                .json()
                .get("items");
        return items.isEmpty() ? null : items.get(0);
    }

    private static String idOf(JsonNode listing, String field, String value) {
        JsonNode items = listing.has("items") ? listing.get("items") : listing;
        for (JsonNode item : items) {
            if (value.equals(item.get(field).asString())) {
                return item.get("id").asString();
            }
        }
        throw new AssertionError(value + " not found in " + listing);
    }
}
