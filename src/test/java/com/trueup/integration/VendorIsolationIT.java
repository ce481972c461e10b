package com.trueup.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.trueup.support.IntegrationTest;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** A token resolves to exactly one (organisation, integration): two organisations never see each other's data. */
class VendorIsolationIT extends IntegrationTest {

    @Autowired
    VendorDirectory directory;

    @Test
    void twoOrganisationsTokensNeverSeeEachOthersData() {
        var mine = tenants.create();
        var theirs = tenants.create();
        var a = VendorFixtures.keeper(mine);
        var b = VendorFixtures.keeper(theirs);
        // the same vendor ids on both sides
        a.vendor().post("/api/vendor-api/organization/accounts", List.of(Map.of("id", "kc-1001", "name", "Mine Co")));
        b.vendor()
                .post(
                        "/api/vendor-api/organization/accounts",
                        List.of(
                                Map.of("id", "kc-1001", "name", "Theirs Co"),
                                Map.of("id", "kc-1002", "name", "Theirs Only")));
        String skuA = VendorFixtures.seed(a, "Keeper Business");
        String skuB = VendorFixtures.seed(b, "Keeper Business");
        assertThat(skuA).isNotEqualTo(skuB);
        assertThat(VendorFixtures.count(a, skuA, "kc-1001", 5).status()).isEqualTo(201);
        assertThat(VendorFixtures.count(b, skuB, "kc-1001", 9).status()).isEqualTo(201);

        JsonNode accounts =
                a.vendor().get("/api/vendor-api/organization/accounts").json();
        assertThat(accounts.size()).isEqualTo(1);
        assertThat(accounts.get(0).get("name").asString()).isEqualTo("Mine Co");
        assertThat(a.vendor()
                        .get("/api/vendor-api/organization")
                        .json()
                        .get("organizationId")
                        .asString())
                .isEqualTo(mine.id().toString());
        JsonNode skus = a.vendor().get("/api/vendor-api").json().get("data").get("skus");
        assertThat(skus.size()).isEqualTo(1);
        assertThat(skus.get(0).get("_id").asString()).isEqualTo(skuA);
        // the other organisation's SKU, account and alert ids do not exist for this token
        assertThat(a.vendor().get("/api/vendor-api/service/" + skuB).status()).isEqualTo(404);
        assertThat(VendorFixtures.count(a, skuB, "kc-1001", 100).status()).isEqualTo(404);
        assertThat(VendorFixtures.count(a, skuA, "kc-1002", 100).status()).isEqualTo(404);
        assertThat(a.vendor()
                        .patch("/api/vendor-api/organization/accounts/kc-1002", Map.of("name", "hijack"))
                        .status())
                .isEqualTo(404);
        assertThat(a.vendor()
                        .get("/api/vendor-api/organization/clients")
                        .json()
                        .get("clients")
                        .size())
                .isEqualTo(1);
        assertThat(b.vendor()
                        .get("/api/vendor-api/organization/accounts?accountIds=kc-1002")
                        .json()
                        .get(0)
                        .get("name")
                        .asString())
                .isEqualTo("Theirs Only");

        // each organisation's usage is its own
        LocalDate today = LocalDate.now(clock);
        List<UsageQuantity> mineUsage = directory.usage(mine.id(), today.withDayOfMonth(1), today.plusDays(1));
        assertThat(mineUsage).hasSize(1);
        assertThat(mineUsage.get(0).latest()).isEqualByComparingTo("5");
        assertThat(mineUsage.get(0).integrationId()).isEqualTo(a.id());
        assertThat(directory
                        .usage(theirs.id(), today.withDayOfMonth(1), today.plusDays(1))
                        .get(0)
                        .latest())
                .isEqualByComparingTo("9");
        assertThat(directory.integrations(mine.id()))
                .extracting(VendorIntegration::id)
                .containsExactly(a.id());
        assertThat(directory.integration(mine.id(), b.id())).isEmpty();
        assertThat(directory.accounts(mine.id(), b.id())).isEmpty();

        // the MSP API: another organisation's integration is not found, and cannot be changed
        assertThat(mine.api().get("/api/v1/integrations/" + b.id()).status()).isEqualTo(404);
        assertThat(mine.api()
                        .get("/api/v1/integrations/" + b.id() + "/accounts")
                        .status())
                .isEqualTo(404);
        assertThat(mine.api()
                        .get("/api/v1/integrations/" + b.id() + "/usage/daily")
                        .status())
                .isEqualTo(404);
        assertThat(mine.api()
                        .send("POST", "/api/v1/integrations/" + b.id() + "/token", null, null)
                        .status())
                .isEqualTo(404);
        assertThat(mine.api().delete("/api/v1/integrations/" + b.id()).status()).isEqualTo(404);
        assertThat(mine.api()
                        .post(
                                "/api/v1/integrations/" + b.id() + "/usage",
                                Map.of(
                                        "records",
                                        List.of(Map.of(
                                                "accountId",
                                                "kc-1001",
                                                "serviceId",
                                                skuB,
                                                "date",
                                                today.toString(),
                                                "quantity",
                                                1))))
                        .status())
                .isEqualTo(404);
        assertThat(mine.api().get("/api/v1/integrations").json().get("items").size())
                .isEqualTo(1);
        assertThat(b.vendor().get("/api/vendor-api/organization").status()).isEqualTo(200);
        assertThat(theirs.api()
                        .get("/api/v1/integrations/" + b.id() + "/usage/daily")
                        .json()
                        .get("items")
                        .get(0)
                        .get("quantity")
                        .decimalValue())
                .isEqualByComparingTo("9");
    }

    @Test
    void twoIntegrationsOfOneOrganisationAreSeparate() {
        var t = tenants.create();
        var keeper = VendorFixtures.keeper(t);
        var custom = VendorFixtures.connect(t, "custom", "Acme Backup");
        VendorFixtures.seed(keeper, "Keeper Business", "kc-1");
        String backup = VendorFixtures.seed(custom, "Cloud Backup 1TB", "acme-1");
        assertThat(keeper.vendor()
                        .get("/api/vendor-api/organization/accounts")
                        .json()
                        .get(0)
                        .get("id")
                        .asString())
                .isEqualTo("kc-1");
        assertThat(VendorFixtures.count(keeper, backup, "kc-1", 1).status()).isEqualTo(404);
        assertThat(custom.vendor()
                        .get("/api/vendor-api/organization")
                        .json()
                        .get("vendorName")
                        .asString())
                .isEqualTo("Acme Backup");
    }
}
