package com.trueup.writeback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.trueup.support.Http;
import com.trueup.support.KeeperUsage;
import com.trueup.support.TestTenants.TestTenant;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * An organisation whose PSA is the {@link LedgerPsaConfig.LedgerPsa} (read, never written), with Keeper connected
 * through the Vendor API, every account mapped to the PSA company of the same name and Keeper Business mapped; one
 * count per account on {@code day}. Everything through the real API; the PSA's books are scripted.
 */
public final class LedgerScenario {

    public final TestTenant tenant;
    public final Http api;
    public final UUID connectionId;
    public final LedgerPsaConfig.Books books;
    private final Map<String, String> companyIds = new LinkedHashMap<>();

    /**
     * The PSA holds: "Acme Dental Group" (contract "Managed Services" k1, next invoice 2026-09-01, line l1 of 10),
     * "=Evil Corp" (contract "Security bundle" k2, next invoice 2026-10-01, line l2 of 20) and "Redwood Architecture"
     * (contract "Support" k3, no Keeper line); {@code seats}: company → Keeper's count on {@code day}.
     */
    public LedgerScenario(TestTenant tenant, Http anonymous, String day, Map<String, Integer> seats) {
        this.tenant = tenant;
        this.api = tenant.api();
        var connection = api.post(
                "/api/v1/psa-connections",
                Map.of(
                        "type",
                        LedgerPsaConfig.LedgerPsa.TYPE,
                        "name",
                        "Ledger books",
                        "credentials",
                        Map.of(),
                        "settings",
                        Map.of("roundingMode", "NEAREST", "defaultEffectiveDate", "FIRST_OF_NEXT_MONTH")));
        assertThat(connection.status()).as(connection.body()).isEqualTo(201);
        connectionId = UUID.fromString(connection.json().get("id").asString());
        books = LedgerPsaConfig.LedgerPsa.INSTANCE
                .books(connectionId)
                .company("c1", "Acme Dental Group")
                .company("c2", "=Evil Corp")
                .company("c3", "Redwood Architecture")
                .product("p1", "KEEPER-BIZ", "Keeper Business")
                .contract("k1", "c1", "Managed Services", LocalDate.of(2026, 9, 1))
                .contract("k2", "c2", "Security bundle", LocalDate.of(2026, 10, 1))
                .contract("k3", "c3", "Support", null)
                .line("l1", "k1", "p1", 10)
                .line("l2", "k2", "p1", 20);
        syncPsa();
        for (JsonNode c : items(api.get("/api/v1/psa-connections/" + connectionId + "/companies")
                .json())) {
            companyIds.put(c.get("name").asString(), c.get("id").asString());
        }
        String productId = null;
        for (JsonNode p : items(
                api.get("/api/v1/psa-connections/" + connectionId + "/products").json())) {
            productId = p.get("id").asString();
        }

        KeeperUsage keeper = new KeeperUsage(api, anonymous, seats.keySet());
        seats.keySet().forEach(company -> keeper.mapAccount(company, companyId(company)));
        keeper.mapService(productId);
        seats.forEach((company, count) -> keeper.count(company, day, count));
    }

    private static JsonNode items(JsonNode listing) {
        return listing.has("items") ? listing.get("items") : listing;
    }

    public String companyId(String name) {
        String id = companyIds.get(name);
        assertThat(id).as("PSA company " + name).isNotNull();
        return id;
    }

    /** The company's Keeper Business line in {@code period} once it shows {@code vendorQuantity}. */
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

    public JsonNode line(String period, String company) {
        JsonNode items = api.get("/api/v1/reconciliation?period=" + period + "&companyId=" + companyId(company))
                .json()
                .get("items");
        return items.isEmpty() ? null : items.get(0);
    }

    /** Syncs the PSA and waits until the sync and the rebuilds it causes are done. */
    public void syncPsa() {
        var r = api.post("/api/v1/psa-connections/" + connectionId + "/sync", null);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        String run = r.json().get("syncRunId").asString();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> "succeeded"
                        .equals(api.get("/api/v1/sync-runs/" + run)
                                .json()
                                .get("status")
                                .asString()));
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() ->
                        !api.get("/api/v1/sync-status").json().get("running").asBoolean());
    }

    /** The write-back as the API shows it once it is in {@code status}. */
    public JsonNode awaitWriteBack(UUID id, String status) {
        await().atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> api.get("/api/v1/write-backs/" + id)
                                .json()
                                .get("status")
                                .asString(),
                        status::equals);
        return api.get("/api/v1/write-backs/" + id).json();
    }
}
