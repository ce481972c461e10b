package com.trueup.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * An organisation with Keeper connected through the Vendor API and the Sandbox PSA with its demo data, some Keeper
 * accounts mapped to Sandbox companies of the same name, Keeper Business mapped, and one count per account on a given
 * day (a constant count: the month's quantity is that count). Everything through the real API.
 */
public final class SandboxScenario {

    public final TestTenants.TestTenant tenant;
    public final Http api;
    public final String integrationId;
    public final String connectionId;
    public final String serviceRef;
    private final KeeperUsage keeper;
    private final Map<String, String> companyIds = new LinkedHashMap<>();

    /** {@code seats}: Sandbox company name → the count Keeper reports for it on {@code day}. */
    public SandboxScenario(TestTenants.TestTenant tenant, Http anonymous, String day, Map<String, Integer> seats) {
        this.tenant = tenant;
        this.api = tenant.api();
        keeper = new KeeperUsage(api, anonymous, seats.keySet());
        integrationId = keeper.integrationId;
        serviceRef = KeeperUsage.SERVICE;

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
        connectionId = connection.json().get("id").asString();
        var demo = api.post("/api/v1/psa-connections/" + connectionId + "/sandbox/demo-data", null);
        assertThat(demo.status()).as(demo.body()).isEqualTo(201);
        awaitSync(demo.json().get("syncRunId").asString());
        for (JsonNode c : items(api.get("/api/v1/psa-connections/" + connectionId + "/companies")
                .json())) {
            companyIds.put(c.get("name").asString(), c.get("id").asString());
        }
        String productId = null;
        for (JsonNode p : items(
                api.get("/api/v1/psa-connections/" + connectionId + "/products").json())) {
            if ("KEEPER-BIZ".equals(p.get("identifier").asString())) {
                productId = p.get("id").asString();
            }
        }
        seats.keySet().forEach(company -> keeper.mapAccount(company, companyId(company)));
        keeper.mapService(productId);
        seats.forEach((company, count) -> count(company, day, count));
    }

    /** Keeper posts a count for the company's account on {@code day} through the Vendor API. */
    public void count(String company, String day, int seats) {
        keeper.count(company, day, seats);
    }

    public String companyId(String name) {
        String id = companyIds.get(name);
        assertThat(id).as("Sandbox company " + name).isNotNull();
        return id;
    }

    /** The Keeper Business line of the company in {@code period}, or null. */
    public JsonNode line(String period, String company) {
        JsonNode items = api.get("/api/v1/reconciliation?period=" + period + "&companyId=" + companyId(company))
                .json()
                .get("items");
        return items.isEmpty() ? null : items.get(0);
    }

    /** Waits until the company's line shows {@code vendorQuantity}; returns it. */
    public JsonNode awaitLine(String period, String company, String vendorQuantity) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    JsonNode l = line(period, company);
                    return l != null
                            && l.get("vendorQuantity").decimalValue().compareTo(new BigDecimal(vendorQuantity)) == 0;
                });
        return line(period, company);
    }

    /** Syncs the Sandbox PSA and waits until the sync and the rebuilds it causes are done. */
    public void syncPsa() {
        var r = api.post("/api/v1/psa-connections/" + connectionId + "/sync", null);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        awaitSync(r.json().get("syncRunId").asString());
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() ->
                        !api.get("/api/v1/sync-status").json().get("running").asBoolean());
    }

    /** Someone changes the company's Keeper Business line in the Sandbox PSA (TrueUp does not know until a sync). */
    public void editInSandbox(String company, int quantity) {
        var r = api.patch(
                "/api/v1/psa-connections/" + connectionId + "/sandbox/lines/"
                        + sandboxLine(company).get("id").asString(),
                Map.of("quantity", quantity));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    /** The Sandbox contract line's quantity of the company's Keeper Business. */
    public BigDecimal sandboxQuantity(String company) {
        return sandboxLine(company).get("quantity").decimalValue();
    }

    private JsonNode sandboxLine(String company) {
        for (JsonNode contract : items(api.get("/api/v1/psa-connections/" + connectionId + "/sandbox/contracts")
                .json())) {
            if (!company.equals(contract.path("companyName").asString(""))) {
                continue;
            }
            for (JsonNode line : contract.get("lines")) {
                if ("KEEPER-BIZ".equals(line.path("productIdentifier").asString(""))) {
                    return line;
                }
            }
        }
        throw new AssertionError("no Keeper Business line of " + company + " in the Sandbox");
    }

    private void awaitSync(String syncRunId) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> "succeeded"
                        .equals(api.get("/api/v1/sync-runs/" + syncRunId)
                                .json()
                                .get("status")
                                .asString()));
    }

    private static JsonNode items(JsonNode listing) {
        return listing.has("items") ? listing.get("items") : listing;
    }
}
