package com.trueup.integration;

import static com.trueup.integration.VendorFixtures.ENVELOPE;
import static com.trueup.integration.VendorFixtures.INTEGRATION_DATA;
import static com.trueup.integration.VendorFixtures.MAPPING_ITEM;
import static com.trueup.integration.VendorFixtures.SKU_DATA;
import static com.trueup.integration.VendorFixtures.VENDOR_DATA;
import static com.trueup.integration.VendorFixtures.assertFields;
import static org.assertj.core.api.Assertions.assertThat;

import com.trueup.support.Http;
import com.trueup.support.IntegrationTest;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Replays the request sequence real Vendor API clients send and checks every status and exact field set. */
class VendorApiSequenceIT extends IntegrationTest {

    @Test
    void theReferenceRequestSequenceWorksWithExactShapes() {
        clock.set(Instant.parse("2026-07-01T10:00:00Z"));
        var t = tenants.create();
        var c = VendorFixtures.keeper(t);
        // header names are case-insensitive: the SDK sends "Gradient-Token"
        Http vendor = new Http(baseUrl()).header("Gradient-Token", c.token());

        // 1. test connection
        Http.Response organization = vendor.get("/api/vendor-api/organization");
        assertThat(organization.status()).isEqualTo(200);
        JsonNode org = organization.json();
        assertFields(org, INTEGRATION_DATA);
        assertThat(org.get("organizationId").asString()).isEqualTo(t.id().toString());
        assertThat(org.get("name").asString()).isEqualTo(t.name());
        assertThat(org.get("integrationId").asString()).isEqualTo(c.id().toString());
        assertThat(org.get("vendorName").asString()).isEqualTo("Keeper Security");
        assertThat(org.get("status").asString()).isEqualTo("pending");
        assertThat(org.get("lastSyncedAt").isNull()).isTrue();

        // 2. accounts: none yet; create the missing ones
        Http.Response noAccounts = vendor.get("/api/vendor-api/organization/accounts");
        assertThat(noAccounts.status()).isEqualTo(200);
        assertThat(noAccounts.json().isArray()).isTrue();
        assertThat(noAccounts.json().size()).isZero();
        Http.Response created = vendor.post(
                "/api/vendor-api/organization/accounts",
                List.of(
                        Map.of("id", "kc-1001", "name", "Acme Dental Group", "description", "Managed company"),
                        Map.of("id", "kc-1002", "name", "Blue Ridge Logistics")));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().size()).isEqualTo(2);
        for (JsonNode account : created.json()) {
            assertFields(account, MAPPING_ITEM);
        }
        assertThat(created.json().get(1).get("description").isNull()).isTrue();
        Http.Response accounts = vendor.get("/api/vendor-api/organization/accounts");
        assertThat(accounts.json().size()).isEqualTo(2);
        assertThat(accounts.json().get(0).get("id").asString()).isEqualTo("kc-1001");
        assertFields(accounts.json().get(0), MAPPING_ITEM);

        // 3. status: pending -> active
        assertThat(vendor.get("/api/vendor-api/organization")
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("pending");
        Http.Response activated = vendor.patch("/api/vendor-api/organization/status/active", null);
        assertThat(activated.status()).isEqualTo(200);
        assertFields(activated.json(), ENVELOPE);
        assertThat(activated.json().get("status").asInt()).isEqualTo(200);
        assertFields(activated.json().get("data"), INTEGRATION_DATA);
        assertThat(activated.json().get("data").get("status").asString()).isEqualTo("active");
        assertThat(vendor.get("/api/vendor-api/organization")
                        .json()
                        .get("lastSyncedAt")
                        .isNull())
                .isFalse();

        // 4. the vendor and its SKUs; create the missing SKU and read its _id from the returned skus
        Http.Response vendorData = vendor.get("/api/vendor-api");
        assertThat(vendorData.status()).isEqualTo(200);
        assertFields(vendorData.json(), ENVELOPE);
        JsonNode data = vendorData.json().get("data");
        assertFields(data, VENDOR_DATA);
        assertThat(data.get("skus").size()).isZero();
        assertThat(data.get("integrationType").asString()).isEqualTo("custom");
        assertThat(data.get("modules").get(0).get("variation").asString()).isEqualTo("billing");
        assertFields(data.get("modules").get(0), "variation");
        assertThat(data.get("_id").asString()).isEqualTo(data.get("id").asString());

        Http.Response sku = vendor.post(
                "/api/vendor-api/service",
                Map.of(
                        "name",
                        "Keeper Business",
                        "description",
                        "Keeper Business seats",
                        "supportArticle",
                        "https://docs.keeper.io",
                        "supportContact",
                        "support@keeper.example",
                        "category",
                        "security",
                        "subcategory",
                        "password management"));
        assertThat(sku.status()).isEqualTo(201);
        assertFields(sku.json(), VENDOR_DATA);
        assertThat(sku.json().get("skus").size()).isEqualTo(1);
        JsonNode skuData = sku.json().get("skus").get(0);
        assertFields(skuData, SKU_DATA);
        assertThat(skuData.get("name").asString()).isEqualTo("Keeper Business");
        assertThat(skuData.get("subcategory").asString()).isEqualTo("password management");
        String serviceId = skuData.get("_id").asString();
        assertThat(skuData.get("id").asString()).isEqualTo(serviceId);
        // the same SKU again is idempotent
        Http.Response again =
                vendor.post("/api/vendor-api/service", Map.of("name", "Keeper Business", "category", "security"));
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("skus").size()).isEqualTo(1);
        assertThat(again.json().get("skus").get(0).get("_id").asString()).isEqualTo(serviceId);

        Http.Response service = vendor.get("/api/vendor-api/service/" + serviceId);
        assertThat(service.status()).isEqualTo(200);
        assertFields(service.json(), ENVELOPE);
        assertFields(service.json().get("data"), SKU_DATA);

        // 5. a count per (account, SKU)
        Http.Response count = vendor.post(
                "/api/vendor-api/service/" + serviceId + "/count", Map.of("accountId", "kc-1001", "unitCount", 10));
        assertThat(count.status()).isEqualTo(201);
        assertFields(count.json(), "status", "message");
        assertThat(count.json().get("status").asInt()).isEqualTo(201);
        Http.Response count2 = vendor.post(
                "/api/vendor-api/service/" + serviceId + "/count?no_build=true",
                Map.of("accountId", "kc-1002", "unitCount", 3, "clientOId", "ignored"));
        assertThat(count2.status()).isEqualTo(201);

        // the MSP sees the usage
        Http.Response usage = t.api().get("/api/v1/integrations/" + c.id() + "/usage?period=2026-07");
        assertThat(usage.status()).as(usage.toString()).isEqualTo(200);
        JsonNode items = usage.json().get("items");
        assertThat(items.size()).isEqualTo(2);
        assertThat(items.get(0).get("accountId").asString()).isEqualTo("kc-1001");
        assertThat(items.get(0).get("quantity").decimalValue()).isEqualByComparingTo("10");
        assertThat(items.get(0).get("countingMode").asString()).isEqualTo("DAILY_AVERAGE");
        Http.Response daily = t.api().get("/api/v1/integrations/" + c.id() + "/usage/daily");
        assertThat(daily.json().get("items").size()).isEqualTo(2);
        assertThat(daily.json().get("items").get(0).get("date").asString())
                .isEqualTo(LocalDate.now(clock.withZone(ZoneOffset.UTC)).toString());
    }

    @Test
    void otherEndpointsAnswerTheirDocumentedShapes() {
        var t = tenants.create();
        var c = VendorFixtures.keeper(t);
        String serviceId = VendorFixtures.seed(c, "BreachWatch", "kc-1", "kc-2", "kc-3");

        Http.Response patched = c.vendor()
                .patch(
                        "/api/vendor-api",
                        Map.of(
                                "name",
                                "Keeper Security Inc.",
                                "description",
                                "Password manager",
                                "vendorSupportPageUrl",
                                "https://support.example",
                                "integrationPortalUrl",
                                "https://portal.example"));
        assertThat(patched.status()).isEqualTo(200);
        assertFields(patched.json(), ENVELOPE);
        assertFields(patched.json().get("data"), VENDOR_DATA);
        assertThat(patched.json().get("data").get("name").asString()).isEqualTo("Keeper Security Inc.");
        assertThat(patched.json().get("data").get("vendorSupportPageUrl").asString())
                .isEqualTo("https://support.example");

        Http.Response renamed = c.vendor()
                .patch("/api/vendor-api/organization/accounts/kc-2", Map.of("id", "kc-2", "name", "Renamed Co"));
        assertThat(renamed.status()).isEqualTo(200);
        assertFields(renamed.json(), MAPPING_ITEM);
        assertThat(renamed.json().get("name").asString()).isEqualTo("Renamed Co");

        Http.Response filtered = c.vendor().get("/api/vendor-api/organization/accounts?accountIds=kc-1,kc-3");
        assertThat(filtered.json().size()).isEqualTo(2);
        Http.Response mappedOnly = c.vendor().get("/api/vendor-api/organization/accounts?returnUnmapped=false");
        assertThat(mappedOnly.status()).isEqualTo(200);
        assertThat(mappedOnly.json().size()).isZero(); // nothing is mapped yet

        Http.Response services = c.vendor()
                .post(
                        "/api/vendor-api/organization/services",
                        List.of(
                                Map.of("id", "sku-ent", "name", "Keeper Enterprise", "description", "Enterprise seats"),
                                Map.of("id", "other-id", "name", "BreachWatch")));
        assertThat(services.status()).isEqualTo(201);
        assertFields(services.json().get(0), MAPPING_ITEM);
        assertThat(services.json().get(0).get("id").asString()).isEqualTo("sku-ent");
        assertThat(services.json().get(1).get("id").asString()).isEqualTo(serviceId); // same name: the existing one
        Http.Response serviceList = c.vendor().get("/api/vendor-api/organization/services");
        assertThat(serviceList.json().size()).isEqualTo(2);
        assertFields(serviceList.json().get(0), MAPPING_ITEM);

        Http.Response skuPatched = c.vendor()
                .patch(
                        "/api/vendor-api/service/" + serviceId,
                        Map.of("description", "Dark web monitoring", "subcategory", "dark web monitoring"));
        assertThat(skuPatched.status()).isEqualTo(200);
        assertFields(skuPatched.json().get("data"), SKU_DATA);
        assertThat(skuPatched.json().get("data").get("subcategory").asString()).isEqualTo("dark web monitoring");

        Http.Response clients = c.vendor().get("/api/vendor-api/organization/clients");
        assertThat(clients.status()).isEqualTo(200);
        assertFields(clients.json(), "meta", "clients");
        assertThat(clients.json().get("clients").size()).isEqualTo(3);
        assertFields(clients.json().get("clients").get(0), MAPPING_ITEM);
        assertThat(clients.json().get("meta").get("total").asLong()).isEqualTo(3);
        assertThat(clients.json().get("meta").get("lastId").isNull()).isTrue();
        Http.Response searched = c.vendor().get("/api/vendor-api/organization/clients?search=renamed");
        assertThat(searched.json().get("clients").size()).isEqualTo(1);
        Http.Response afterFirst = c.vendor().get("/api/vendor-api/organization/clients?previousId=kc-1");
        assertThat(afterFirst.json().get("clients").get(0).get("id").asString()).isEqualTo("kc-2");

        Http.Response alert = c.vendor()
                .post(
                        "/api/vendor-api/alerting/kc-1",
                        Map.of(
                                "title",
                                "Breach found",
                                "description",
                                "3 passwords",
                                "alertId",
                                "a-1",
                                "priority",
                                2,
                                "status",
                                "open",
                                "dueDateTime",
                                "2026-08-01T00:00:00Z",
                                "serviceId",
                                serviceId));
        assertThat(alert.status()).isEqualTo(201);
        assertFields(alert.json(), "messageId", "alertId", "correlationID");
        assertThat(alert.json().get("alertId").asString()).isEqualTo("a-1");
        Http.Response debug = c.vendor()
                .get("/api/vendor-api/alerting/debug/"
                        + alert.json().get("messageId").asString());
        assertThat(debug.status()).isEqualTo(200);
        assertFields(debug.json(), "ticketId", "createdAt", "status", "statusCode", "errors");
        assertThat(debug.json().get("status").asString()).isEqualTo("pending");
    }
}
