package com.trueup.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.trueup.support.Http;
import com.trueup.support.TestTenants.TestTenant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Test data for mapping tests, made only through the public APIs: a Keeper integration whose accounts and SKUs are
 * pushed through the Vendor API with its token, and a Sandbox PSA connection with demo data, synced.
 */
final class MappingScenario {

    /** The Keeper managed companies of the shared demo data, in order (vendor ids kc-1001 ...). */
    static final List<String> KEEPER_COMPANIES = List.of(
            "Acme Dental Group",
            "Blue Ridge Logistics",
            "Cedar Creek Veterinary",
            "Harbor Point Marine",
            "Summit Legal Partners",
            "Pinecrest Family Medicine",
            "Redwood Architecture",
            "Lakeside Credit Union",
            "Granite State Realty",
            "Evergreen Schools Foundation",
            "Maple Street Bakery",
            "Ironclad Manufacturing",
            "Silverline Insurance Agency",
            "Oakridge Accounting",
            "Brightwater Dental",
            "Coastal Property Management",
            "Northwind Traders",
            "Riverbend Orthopedics",
            "Sterling & Hale CPAs",
            "Trailhead Outfitters",
            "Valley Grove Church",
            "Westfield Auto Group",
            "Willow Creek Assisted Living",
            "Fairview Engineering",
            "Horizon Travel Co");

    static final List<String> KEEPER_SKUS = List.of(
            "Keeper Business",
            "Keeper Enterprise",
            "Advanced Reporting & Alerts",
            "Compliance Reports",
            "BreachWatch",
            "Secure File Storage");

    private static final Duration WAIT = Duration.ofSeconds(30);

    final TestTenant tenant;
    final String baseUrl;
    final UUID integrationId;
    private final String vendorToken;
    UUID connectionId;
    private final Map<String, String> serviceIds = new LinkedHashMap<>();

    private MappingScenario(TestTenant tenant, String baseUrl, UUID integrationId, String vendorToken) {
        this.tenant = tenant;
        this.baseUrl = baseUrl;
        this.integrationId = integrationId;
        this.vendorToken = vendorToken;
    }

    /** A Keeper integration with a vendor token, set to active by the vendor (as real clients do). */
    static MappingScenario keeper(TestTenant tenant, String baseUrl) {
        return integration(tenant, baseUrl, "keeper", "Keeper Security");
    }

    /** An integration of {@code vendor} (keeper or custom) with a vendor token, set to active by the vendor. */
    static MappingScenario integration(TestTenant tenant, String baseUrl, String vendor, String name) {
        var created = tenant.api().post("/api/v1/integrations", Map.of("vendor", vendor, "name", name));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        UUID id = UUID.fromString(created.json().get("id").asString());
        var token = tenant.api().post("/api/v1/integrations/" + id + "/token", Map.of());
        assertThat(token.status()).as(token.body()).isEqualTo(201);
        var scenario = new MappingScenario(
                tenant, baseUrl, id, token.json().get("token").asString());
        var active = scenario.vendorApi().patch("/api/vendor-api/organization/status/active", null);
        assertThat(active.status()).as(active.body()).isBetween(200, 204);
        return scenario;
    }

    /** The whole demo: the 25 Keeper accounts and 6 SKUs, and the Sandbox PSA with demo data, synced. */
    static MappingScenario demo(TestTenant tenant, String baseUrl) {
        MappingScenario scenario = keeper(tenant, baseUrl);
        scenario.pushKeeperAccounts(KEEPER_COMPANIES.size());
        KEEPER_SKUS.forEach(scenario::createService);
        scenario.connectSandboxPsa();
        // Auto-mapping after the first sync runs in the background; tests start from its result.
        scenario.awaitAccountStatus("kc-1002", "mapped");
        scenario.awaitServiceStatus("Keeper Business", "mapped");
        return scenario;
    }

    Http vendorApi() {
        return new Http(baseUrl).header("GRADIENT-TOKEN", vendorToken);
    }

    Http api() {
        return tenant.api();
    }

    String path(String rest) {
        return "/api/v1/integrations/" + integrationId + "/mappings" + rest;
    }

    /** Pushes the first {@code count} demo companies as accounts kc-1001, kc-1002, ... */
    void pushKeeperAccounts(int count) {
        List<Map<String, String>> accounts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            accounts.add(Map.of(
                    "id",
                    "kc-" + (1001 + i),
                    "name",
                    KEEPER_COMPANIES.get(i),
                    "description",
                    "Keeper MSP managed company"));
        }
        pushAccounts(accounts);
    }

    void pushAccount(String id, String name) {
        pushAccounts(List.of(Map.of("id", id, "name", name, "description", "added on the vendor side")));
    }

    void pushAccounts(List<Map<String, String>> accounts) {
        var response = vendorApi().post("/api/vendor-api/organization/accounts", accounts);
        assertThat(response.status()).as(response.body()).isBetween(200, 201);
    }

    /** Creates a SKU on the Vendor API; returns its {@code _id}. */
    String createService(String name) {
        var response = vendorApi()
                .post(
                        "/api/vendor-api/service",
                        Map.of(
                                "name",
                                name,
                                "description",
                                name + " (Keeper)",
                                "category",
                                "security",
                                "subcategory",
                                "password management"));
        assertThat(response.status()).as(response.body()).isBetween(200, 201);
        for (JsonNode sku : response.json().get("skus")) {
            if (name.equals(sku.get("name").asString())) {
                serviceIds.put(name, sku.get("_id").asString());
                return sku.get("_id").asString();
            }
        }
        throw new AssertionError("SKU " + name + " not in " + response.body());
    }

    String serviceId(String name) {
        return serviceIds.get(name);
    }

    /** Connects the Sandbox PSA, loads its demo data and waits for the first sync. */
    void connectSandboxPsa() {
        var created = api().post(
                        "/api/v1/psa-connections",
                        Map.of("type", "sandbox", "name", "Sandbox PSA", "credentials", Map.of()));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        connectionId = UUID.fromString(created.json().get("id").asString());
        var demo = api().post("/api/v1/psa-connections/" + connectionId + "/sandbox/demo-data", Map.of());
        assertThat(demo.status()).as(demo.body()).isBetween(200, 201);
        sync();
    }

    /** Starts a PSA sync and waits until it finished successfully. */
    void sync() {
        var sync = api().post("/api/v1/psa-connections/" + connectionId + "/sync", Map.of());
        assertThat(sync.status()).as(sync.body()).isEqualTo(202);
        awaitSyncRun(sync.json().get("syncRunId").asString());
    }

    void awaitSyncRun(String syncRunId) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            var run = api().get("/api/v1/sync-runs/" + syncRunId).json();
            assertThat(run.get("status").asString()).isIn("succeeded", "completed", "success", "done", "finished");
        });
    }

    Map<String, UUID> companies() {
        return idsByName("/api/v1/psa-connections/" + connectionId + "/companies?size=1000");
    }

    Map<String, UUID> products() {
        return idsByName("/api/v1/psa-connections/" + connectionId + "/products?size=1000");
    }

    private Map<String, UUID> idsByName(String path) {
        var response = api().get(path);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Map<String, UUID> ids = new LinkedHashMap<>();
        for (JsonNode item : response.json().get("items")) {
            ids.put(item.get("name").asString(), UUID.fromString(item.get("id").asString()));
        }
        return ids;
    }

    JsonNode accounts() {
        var response = api().get(path("/accounts"));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    JsonNode services() {
        var response = api().get(path("/services"));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    JsonNode account(String vendorAccountId) {
        for (JsonNode item : accounts().get("items")) {
            if (vendorAccountId.equals(item.get("id").asString())) {
                return item;
            }
        }
        throw new AssertionError("no account " + vendorAccountId);
    }

    JsonNode service(String name) {
        for (JsonNode item : services().get("items")) {
            if (name.equals(item.get("name").asString())) {
                return item;
            }
        }
        throw new AssertionError("no service " + name);
    }

    /** Waits until auto-mapping (a background job) has mapped the account. */
    JsonNode awaitAccountStatus(String vendorAccountId, String status) {
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(250))
                .until(() ->
                        status.equals(account(vendorAccountId).get("status").asString()));
        return account(vendorAccountId);
    }

    JsonNode awaitServiceStatus(String name, String status) {
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> status.equals(service(name).get("status").asString()));
        return service(name);
    }
}
