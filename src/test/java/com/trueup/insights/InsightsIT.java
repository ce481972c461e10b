package com.trueup.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.trueup.support.BrowserSession;
import com.trueup.support.Http;
import com.trueup.support.IntegrationTest;
import com.trueup.support.TestTenants;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Insights end to end through the real modules: Keeper counts on the bulk usage API, the Sandbox PSA with its demo data,
 * mappings through the API, the reconciliation rebuild; then the insights API and page, tenant isolation and validation.
 */
class InsightsIT extends IntegrationTest {

    @Test
    void figuresFollowUsagePsaAndMappings() {
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        TestTenants.TestTenant t = tenants.create("UTC");
        Http api = t.api();

        String integrationId = api.post("/api/v1/integrations", Map.of("vendor", "keeper", "name", "Keeper"))
                .json()
                .get("id")
                .asString();
        String token = api.post("/api/v1/integrations/" + integrationId + "/token", null)
                .json()
                .get("token")
                .asString();
        Http vendorApi = http().header("GRADIENT-TOKEN", token);
        assertThat(vendorApi
                        .post(
                                "/api/vendor-api/organization/accounts",
                                List.of(
                                        Map.of("id", "kc-1001", "name", "Acme Dental Group"),
                                        Map.of("id", "kc-1003", "name", "Cedar Creek Veterinary"),
                                        Map.of("id", "kc-1008", "name", "Lakeside Credit Union"),
                                        Map.of("id", "kc-1016", "name", "Coastal Property Management")))
                        .status())
                .isEqualTo(201);
        assertThat(vendorApi
                        .post(
                                "/api/vendor-api/organization/services",
                                List.of(Map.of("id", "svc-biz", "name", "Keeper Business")))
                        .status())
                .isEqualTo(201);

        // Sandbox PSA demo data: Keeper Business at 5.00 (cost 3.25): Acme 12, Cedar Creek 8, Lakeside 60, Coastal none
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
        JsonNode companies = api.get("/api/v1/psa-connections/" + connectionId + "/companies")
                .json();
        String business = idOf(
                api.get("/api/v1/psa-connections/" + connectionId + "/products").json(), "identifier", "KEEPER-BIZ");
        Map<String, String> accounts = Map.of(
                "kc-1001",
                "Acme Dental Group, LLC",
                "kc-1003",
                "Cedar Creek Veterinary",
                "kc-1008",
                "Lakeside Credit Union",
                "kc-1016",
                "Coastal Property Management");
        accounts.forEach((account, company) -> {
            var mapped = api.put(
                    "/api/v1/integrations/" + integrationId + "/mappings/accounts/" + account,
                    Map.of("psaCompanyId", idOf(companies, "name", company)));
            assertThat(mapped.status()).as(mapped.body()).isBetween(200, 204);
        });
        var mapped = api.put(
                "/api/v1/integrations/" + integrationId + "/mappings/services/svc-biz",
                Map.of("psaProductIds", List.of(business)));
        assertThat(mapped.status()).as(mapped.body()).isBetween(200, 204);

        // counts from June 1st: Acme 15, Cedar Creek 8, Lakeside 55 (50 from July 1st), Coastal 6 (not billed: new
        // revenue)
        var usage = api.post(
                "/api/v1/integrations/" + integrationId + "/usage",
                Map.of(
                        "records",
                        List.of(
                                record("kc-1001", "2026-06-01", 15),
                                record("kc-1003", "2026-06-01", 8),
                                record("kc-1008", "2026-06-01", 55),
                                record("kc-1016", "2026-06-01", 6),
                                record("kc-1008", "2026-07-01", 50))));
        assertThat(usage.status()).as(usage.body()).isEqualTo(200);
        // the rebuild jobs have caught up: July and August (to date) show the counts, nothing is pending
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> reconciled(api, "2026-07")
                        && reconciled(api, "2026-08")
                        && !api.get("/api/v1/sync-status").json().get("running").asBoolean());

        // July per service: revenue 12×5 + 8×5 + 60×5 = 400; cost 79 × 3.25; leak 3×5 + 6×5; over-billing 10×5
        JsonNode services = api.get("/api/v1/insights/services?period=2026-07").json();
        assertThat(services.get("period").asString()).isEqualTo("2026-07");
        assertThat(services.get("monthToDate").asBoolean()).isFalse();
        assertThat(services.get("endExclusive").asString()).isEqualTo("2026-08-01");
        assertTotals(services.get("totals"), "400", "256.75", "143.25", "35.81", "45", "50");
        assertThat(services.get("unmappedLines").asInt()).isZero();
        assertThat(services.get("items")).hasSize(1);
        JsonNode biz = services.get("items").get(0);
        assertThat(biz.get("serviceName").asString()).isEqualTo("Keeper Business");
        assertThat(biz.get("psaProductId").asString()).isEqualTo(business);
        assertThat(biz.get("clients").asInt()).isEqualTo(4);
        assertThat(biz.get("newRevenueClients").asInt()).isEqualTo(1);
        assertThat(biz.get("vendorQuantity").decimalValue()).isEqualByComparingTo("79");
        assertThat(biz.get("psaQuantity").decimalValue()).isEqualByComparingTo("80");
        assertThat(biz.get("revenueLeak").decimalValue()).isEqualByComparingTo("45");
        assertThat(biz.get("previousVendorQuantity").decimalValue())
                .isEqualByComparingTo("84"); // June, built on demand
        assertThat(biz.get("usageChange").decimalValue()).isEqualByComparingTo("-5");
        assertThat(biz.get("underPerforming")).isEmpty();
        assertThat(services.get("underPerforming")).isEmpty();

        JsonNode clients = api.get("/api/v1/insights/clients?period=2026-07").json();
        assertThat(names(clients.get("items")))
                .containsExactly(
                        "Coastal Property Management",
                        "Acme Dental Group, LLC",
                        "Cedar Creek Veterinary",
                        "Lakeside Credit Union"); // largest leak first, then by name
        JsonNode coastal = clients.get("items").get(0);
        assertThat(coastal.get("revenueLeak").decimalValue()).isEqualByComparingTo("30");
        assertThat(coastal.get("margin").decimalValue()).isEqualByComparingTo("-19.5");
        assertThat(coastal.get("marginPercent").isNull()).isTrue();
        JsonNode lakeside = clients.get("items").get(3);
        assertThat(lakeside.get("overBilling").decimalValue()).isEqualByComparingTo("50");
        assertThat(lakeside.get("margin").decimalValue()).isEqualByComparingTo("137.5");
        assertThat(names(api.get("/api/v1/insights/clients?period=2026-07&sort=margin,asc")
                        .json()
                        .get("items")))
                .containsExactly(
                        "Coastal Property Management",
                        "Acme Dental Group, LLC",
                        "Cedar Creek Veterinary",
                        "Lakeside Credit Union");

        // a viewer reads the same; the trend: May has no usage, June 84 units, July and August (to date) 79
        assertThat(t.as(t.viewer())
                        .get("/api/v1/insights/services?period=2026-07")
                        .json()
                        .get("totals"))
                .isEqualTo(services.get("totals"));
        JsonNode trend = t.as(t.viewer()).get("/api/v1/insights/trend?months=4").json();
        assertThat(trend.get("from").asString()).isEqualTo("2026-05");
        assertThat(trend.get("to").asString()).isEqualTo("2026-08");
        JsonNode points = trend.get("points");
        assertThat(points.get(0).get("usageRecorded").asBoolean()).isFalse();
        assertThat(points.get(0).get("billedRevenue").isNull()).isTrue();
        assertTotals(points.get(1), "400", "273", "127", "31.75", "45", "25");
        assertTotals(points.get(2), "400", "256.75", "143.25", "35.81", "45", "50");
        assertThat(points.get(3).get("monthToDate").asBoolean()).isTrue();
        assertTotals(points.get(3), "400", "256.75", "143.25", "35.81", "45", "50");
        JsonNode usageTrend = trend.get("services").get(0).get("usage");
        assertThat(usageTrend.get(1).get("vendorQuantity").decimalValue()).isEqualByComparingTo("84");
        assertThat(usageTrend.get(3).get("vendorQuantity").decimalValue()).isEqualByComparingTo("79");
        assertThat(trend.get("services").get(0).get("shrinking").asBoolean()).isFalse();

        // the page, as the viewer: figures, the under-performing list, charts with their numbers
        BrowserSession browser = new BrowserSession(baseUrl());
        assertThat(browser.login(t.viewer().email(), TestTenants.PASSWORD).status())
                .isEqualTo(302);
        var page = browser.get("/insights?period=2026-07&months=4&clientSort=margin,asc");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains(
                        "July 2026",
                        "400.00",
                        "256.75",
                        "143.25",
                        "35.8 %",
                        "45.00",
                        "50.00",
                        "Under-performing services",
                        "None this period",
                        "Keeper Business",
                        "<svg",
                        "Billed revenue, vendor cost and margin per month",
                        "No vendor usage recorded",
                        "273.00");
        assertThat(page.body().indexOf("Coastal Property Management"))
                .isLessThan(page.body().indexOf("Lakeside Credit Union"));
        assertThat(page.body())
                .contains("aria-sort=\"ascending\"", "clientSort=margin,desc#clients"); // a second click reverses
        assertThat(browser.get("/insights").body()).contains("month to date (1 to 5 August 2026)");

        // another organisation sees none of it
        TestTenants.TestTenant other = tenants.create("UTC");
        JsonNode theirs =
                other.api().get("/api/v1/insights/services?period=2026-07").json();
        assertThat(theirs.get("items")).isEmpty();
        assertThat(theirs.get("totals").get("billedRevenue").decimalValue()).isEqualByComparingTo("0");
        assertThat(other.api()
                        .get("/api/v1/insights/clients?period=2026-07")
                        .json()
                        .get("items"))
                .isEmpty();
        assertThat(other.api().get("/api/v1/insights/trend").json().get("points"))
                .hasSize(6)
                .allMatch(p -> !p.get("usageRecorded").asBoolean());
        BrowserSession otherBrowser = new BrowserSession(baseUrl());
        otherBrowser.login(other.viewer().email(), TestTenants.PASSWORD);
        String empty = otherBrowser.get("/insights").body();
        assertThat(empty)
                .contains("No figures for", "href=\"/integrations\"", "href=\"/psa\"", "href=\"/mapping\"")
                .doesNotContain("Coastal Property Management");
    }

    @Test
    void badPeriodMonthsOrSortAreRefusedNamingTheField() {
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        TestTenants.TestTenant t = tenants.create("UTC");
        Http viewer = t.as(t.viewer());
        Map<String, String> bad = Map.of(
                "/api/v1/insights/services?period=2026-13", "period",
                "/api/v1/insights/clients?period=2026-09", "period",
                "/api/v1/insights/services?period=2024-07", "period",
                "/api/v1/insights/services?period=July", "period",
                "/api/v1/insights/trend?months=0", "months",
                "/api/v1/insights/trend?months=25", "months",
                "/api/v1/insights/trend?months=six", "months",
                "/api/v1/insights/clients?sort=profit", "sort");
        bad.forEach((path, field) -> {
            var response = viewer.get(path);
            assertThat(response.status()).as(path).isEqualTo(400);
            assertThat(response.header("Content-Type")).as(path).startsWith("application/problem+json");
            assertThat(response.json().get("field").asString()).as(path).isEqualTo(field);
            assertThat(response.json().get("detail").asString()).as(path).contains(field);
        });
        assertThat(viewer.get("/api/v1/insights/services?period=2024-08").status())
                .isEqualTo(200);
        assertThat(viewer.get("/api/v1/insights/trend?months=24").json().get("points"))
                .hasSize(24);
        assertThat(http().get("/api/v1/insights/services").status()).isEqualTo(401);
        assertThat(t.api().get("/v3/api-docs").body())
                .contains("/api/v1/insights/services", "/api/v1/insights/clients", "/api/v1/insights/trend");
    }

    private static Map<String, Object> record(String account, String date, int quantity) {
        return Map.of("accountId", account, "serviceId", "svc-biz", "date", date, "quantity", quantity);
    }

    private static void assertTotals(
            JsonNode figures,
            String revenue,
            String cost,
            String margin,
            String marginPercent,
            String leak,
            String overBilling) {
        assertThat(figures.get("billedRevenue").decimalValue()).isEqualByComparingTo(revenue);
        assertThat(figures.get("vendorCost").decimalValue()).isEqualByComparingTo(cost);
        assertThat(figures.get("margin").decimalValue()).isEqualByComparingTo(margin);
        assertThat(figures.get("marginPercent").decimalValue()).isEqualByComparingTo(marginPercent);
        assertThat(figures.get("revenueLeak").decimalValue()).isEqualByComparingTo(leak);
        assertThat(figures.get("overBilling").decimalValue()).isEqualByComparingTo(overBilling);
    }

    private static boolean reconciled(Http api, String period) {
        JsonNode items =
                api.get("/api/v1/reconciliation?period=" + period).json().get("items");
        return items.size() == 4 && sum(items, "vendorQuantity").compareTo(new BigDecimal("79")) == 0;
    }

    private static BigDecimal sum(JsonNode items, String field) {
        BigDecimal total = BigDecimal.ZERO;
        for (JsonNode item : items) {
            total = total.add(item.get(field).decimalValue());
        }
        return total;
    }

    private static List<String> names(JsonNode items) {
        List<String> names = new ArrayList<>();
        items.forEach(i -> names.add(i.get("companyName").asString()));
        return names;
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
