package com.trueup.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.trueup.support.Http;
import com.trueup.support.IntegrationTest;
import com.trueup.support.TestTenants;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The bulk usage API and the CSV upload: explicit dates, replacement, atomicity, per-record error reports. */
class VendorBulkUsageIT extends IntegrationTest {

    @Autowired
    VendorDirectory directory;

    private static Map<String, Object> body(List<Map<String, Object>> records) {
        return Map.of("records", records);
    }

    private JsonNode month(VendorFixtures.Connected c, String period) {
        return c.tenant().api().get(c.path("/usage?period=" + period)).json().get("items");
    }

    private static JsonNode line(JsonNode items, String account) {
        for (JsonNode item : items) {
            if (item.get("accountId").asString().equals(account)) {
                return item;
            }
        }
        throw new AssertionError("no line for " + account + " in " + items);
    }

    @Test
    void bulkRecordsWithDatesBackfillAndReplace() {
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        var t = tenants.create();
        var c = VendorFixtures.keeper(t);
        String sku = VendorFixtures.seed(c, "Keeper Business", "kc-1", "kc-2");
        List<Map<String, Object>> records = new ArrayList<>();
        records.add(VendorFixtures.usageRecord("kc-1", sku, "2026-06-01", 10));
        records.add(VendorFixtures.usageRecord("kc-1", sku, "2026-07-16", 20));
        records.add(VendorFixtures.usageRecord("kc-2", sku, "2026-07-01", "3.5")); // a string holding an exact decimal
        records.add(VendorFixtures.usageRecord("kc-2", sku, "2026-07-01", 4)); // the same key later in the request wins
        Http.Response accepted = t.api().post(c.path("/usage"), body(records));
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        VendorFixtures.assertFields(accepted.json(), "accepted");
        assertThat(accepted.json().get("accepted").asInt()).isEqualTo(4);

        JsonNode july = month(c, "2026-07");
        assertThat(line(july, "kc-1").get("quantity").decimalValue()).isEqualByComparingTo("15.1613");
        assertThat(line(july, "kc-2").get("quantity").decimalValue()).isEqualByComparingTo("4");
        assertThat(line(month(c, "2026-06"), "kc-1").get("quantity").decimalValue())
                .isEqualByComparingTo("10");
        assertThat(line(month(c, "2026-08"), "kc-1").get("quantity").decimalValue())
                .isEqualByComparingTo("20");

        // replace June 1 (10 -> 30) and add June 20 (12): July's carried opening becomes 12
        Http.Response replaced = t.api()
                .post(
                        c.path("/usage"),
                        body(List.of(
                                VendorFixtures.usageRecord("kc-1", sku, "2026-06-01", 30),
                                VendorFixtures.usageRecord("kc-1", sku, "2026-06-20", 12))));
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(line(month(c, "2026-06"), "kc-1").get("quantity").decimalValue())
                .isEqualByComparingTo("23.4000"); // (19*30 + 11*12)/30
        assertThat(line(month(c, "2026-07"), "kc-1").get("quantity").decimalValue())
                .isEqualByComparingTo("16.1290"); // (15*12 + 16*20)/31
        JsonNode daily = t.api()
                .get(c.path("/usage/daily?accountId=kc-1&from=2026-06-01&to=2026-06-30"))
                .json();
        assertThat(daily.get("total").asLong()).isEqualTo(2);
        assertThat(daily.get("items").get(1).get("quantity").decimalValue()).isEqualByComparingTo("30");
        // posting the same records again changes nothing
        assertThat(t.api()
                        .post(
                                c.path("/usage"),
                                body(List.of(VendorFixtures.usageRecord("kc-1", sku, "2026-06-01", 30))))
                        .status())
                .isEqualTo(200);
        assertThat(t.api().get(c.path("/usage/daily")).json().get("total").asLong())
                .isEqualTo(4);
        assertThat(t.api()
                        .get("/api/v1/audit-events?kind=usage.imported")
                        .json()
                        .get("items")
                        .size())
                .isEqualTo(3);
    }

    @Test
    void dailyCountsPageNewestFirstAcrossMonthsWithinTheirPeriod() {
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        var t = tenants.create();
        var c = VendorFixtures.keeper(t);
        String sku = VendorFixtures.seed(c, "Keeper Business", "kc-1", "kc-2", "kc-3");
        List<Map<String, Object>> records = new ArrayList<>();
        List<String> expected = new ArrayList<>(); // "date account quantity" inside [2026-06-29, 2026-07-02]
        for (LocalDate day = LocalDate.parse("2026-06-25");
                day.isBefore(LocalDate.parse("2026-07-06"));
                day = day.plusDays(1)) {
            for (int account = 1; account <= 3; account++) {
                if ((day.getDayOfMonth() + account) % 4 == 0) {
                    continue; // days without a count
                }
                int quantity = day.getDayOfMonth() * 10 + account;
                records.add(VendorFixtures.usageRecord("kc-" + account, sku, day.toString(), quantity));
                if (!day.isBefore(LocalDate.parse("2026-06-29")) && !day.isAfter(LocalDate.parse("2026-07-02"))) {
                    expected.add(day + " kc-" + account + " " + quantity);
                }
            }
        }
        assertThat(t.api().post(c.path("/usage"), body(records)).status()).isEqualTo(200);

        String period = "/usage/daily?from=2026-06-29&to=2026-07-02";
        JsonNode all = t.api().get(c.path(period + "&size=1000")).json();
        assertThat(all.get("total").asLong()).isEqualTo(expected.size());
        assertThat(t.api().get(c.path("/usage/daily")).json().get("total").asLong())
                .isEqualTo(records.size());
        List<String> listed = new ArrayList<>();
        for (JsonNode item : all.get("items")) {
            listed.add(item.get("date").asString() + " " + item.get("accountId").asString() + " "
                    + item.get("quantity").decimalValue().intValue());
        }
        assertThat(listed).containsExactlyInAnyOrderElementsOf(expected);
        List<String> dates = listed.stream().map(l -> l.substring(0, 10)).toList();
        assertThat(dates).isSortedAccordingTo(java.util.Comparator.reverseOrder());

        // pages of 4 give the same sequence, across the month boundary
        List<String> paged = new ArrayList<>();
        for (int page = 0; page * 4 < expected.size(); page++) {
            JsonNode items =
                    t.api().get(c.path(period + "&size=4&page=" + page)).json().get("items");
            assertThat(items.size()).isEqualTo(Math.min(4, expected.size() - page * 4));
            for (JsonNode item : items) {
                paged.add(item.get("date").asString() + " "
                        + item.get("accountId").asString() + " "
                        + item.get("quantity").decimalValue().intValue());
            }
        }
        assertThat(paged).containsExactlyElementsOf(listed);
        assertThat(t.api()
                        .get(c.path("/usage/daily?accountId=kc-2&from=2026-07-01"))
                        .json()
                        .get("total")
                        .asLong())
                .isEqualTo(records.stream()
                        .filter(r -> r.get("accountId").equals("kc-2")
                                && r.get("date").toString().startsWith("2026-07"))
                        .count());
    }

    @Test
    void oneInvalidRecordStoresNothingAndEveryProblemIsReported() {
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        var t = tenants.create();
        var c = VendorFixtures.keeper(t);
        String sku = VendorFixtures.seed(c, "Keeper Business", "kc-1");
        List<Map<String, Object>> records = new ArrayList<>();
        records.add(VendorFixtures.usageRecord("kc-1", sku, "2026-07-01", 5)); // fine
        records.add(VendorFixtures.usageRecord("kc-404", sku, "2026-07-01", 5)); // unknown account
        records.add(VendorFixtures.usageRecord("kc-1", "sku-404", "2026-07-01", 5)); // unknown service
        records.add(VendorFixtures.usageRecord("kc-1", sku, "2026-09-01", 5)); // future
        records.add(VendorFixtures.usageRecord("kc-1", sku, "2026-7-1", 5)); // bad date
        records.add(VendorFixtures.usageRecord("kc-1", sku, "2026-07-02", -1)); // negative
        records.add(VendorFixtures.usageRecord("kc-1", sku, "2026-07-03", "lots")); // not a number
        records.add(VendorFixtures.usageRecord("kc-1", sku, "2026-07-04", null)); // missing
        records.add(VendorFixtures.usageRecord(null, sku, "2026-07-05", 1)); // missing account
        Http.Response refused = t.api().post(c.path("/usage"), body(records));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        JsonNode problem = refused.json();
        assertThat(problem.get("detail").asString()).contains("8 of 9 records are invalid; nothing was stored");
        List<String> fields = new ArrayList<>();
        problem.get("errors").forEach(e -> fields.add(e.get("field").asString()));
        assertThat(fields)
                .containsExactly(
                        "records[1].accountId",
                        "records[2].serviceId",
                        "records[3].date",
                        "records[4].date",
                        "records[5].quantity",
                        "records[6].quantity",
                        "records[7].quantity",
                        "records[8].accountId");
        assertThat(problem.get("errors").get(0).get("message").asString()).contains("unknown account 'kc-404'");
        assertThat(problem.get("errors").get(2).get("row").asInt()).isEqualTo(3);
        assertThat(t.api().get(c.path("/usage/daily")).json().get("total").asLong())
                .isZero();

        assertThat(t.api().post(c.path("/usage"), "{\"records\": [").status()).isEqualTo(400);
        Http.Response noRecords = t.api().post(c.path("/usage"), Map.of("items", List.of()));
        assertThat(noRecords.status()).isEqualTo(400);
        assertThat(noRecords.json().get("detail").asString()).contains("records is required");
        assertThat(t.api().post(c.path("/usage"), Map.of("records", "x")).status())
                .isEqualTo(400);
        assertThat(t.api()
                        .post(c.path("/usage"), "{\"records\": [1]}")
                        .json()
                        .get("errors")
                        .get(0)
                        .get("field")
                        .asString())
                .isEqualTo("records[0]");
        assertThat(t.api()
                        .post(
                                c.path("/usage"),
                                "{\"records\": [{\"accountId\": {}, \"serviceId\": \"x\", \"date\": \"2026-07-01\", \"quantity\": 1}]}")
                        .json()
                        .get("errors")
                        .get(0)
                        .get("field")
                        .asString())
                .isEqualTo("records[0].accountId");
        assertThat(t.as(t.viewer())
                        .post(c.path("/usage"), body(List.of(VendorFixtures.usageRecord("kc-1", sku, "2026-07-01", 5))))
                        .status())
                .isEqualTo(403);
        assertThat(t.api().get(c.path("/usage/daily")).json().get("total").asLong())
                .isZero();
    }

    @Test
    void largeImportsAreStoredInChunksYetAtomically() {
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        var t = tenants.create();
        var c = VendorFixtures.keeper(t);
        String[] accounts = VendorFixtures.accountIds(100);
        String sku = VendorFixtures.seed(c, "Keeper Business", accounts);
        LocalDate first = LocalDate.of(2026, 8, 5).minusDays(499);
        StringBuilder json = new StringBuilder("{\"records\":[");
        for (int a = 0; a < accounts.length; a++) {
            for (int d = 0; d < 500; d++) {
                json.append(a + d == 0 ? "" : ",")
                        .append("{\"accountId\":\"")
                        .append(accounts[a])
                        .append("\",\"serviceId\":\"")
                        .append(sku)
                        .append("\",\"date\":\"")
                        .append(first.plusDays(d))
                        .append("\",\"quantity\":")
                        .append(d % 7)
                        .append('}');
            }
        }
        // the same 50,000 records with the very last one invalid: the chunks already written are rolled back
        String bad = json + ",{\"accountId\":\"kc-0\",\"serviceId\":\"" + sku
                + "\",\"date\":\"2026-08-01\",\"quantity\":-1}]}";
        Http.Response refused = t.api().post(c.path("/usage"), bad);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("records[50000].quantity");
        assertThat(t.api()
                        .get(c.path("/usage/daily?size=1"))
                        .json()
                        .get("total")
                        .asLong())
                .isZero();

        Http.Response accepted = t.api().post(c.path("/usage"), json + "]}");
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.json().get("accepted").asInt()).isEqualTo(50_000);
        assertThat(t.api()
                        .get(c.path("/usage/daily?size=1"))
                        .json()
                        .get("total")
                        .asLong())
                .isEqualTo(50_000);
        // July 2026: day d of the import has quantity d % 7; July 1 is day 464 (35 days before day 499, August 5)
        long sum = 0;
        for (int d = 464; d < 495; d++) {
            sum += d % 7;
        }
        java.math.BigDecimal expected = java.math.BigDecimal.valueOf(sum)
                .divide(java.math.BigDecimal.valueOf(31), 4, java.math.RoundingMode.HALF_UP);
        JsonNode july = month(c, "2026-07");
        assertThat(july.size()).isEqualTo(100);
        assertThat(line(july, "kc-57").get("quantity").decimalValue()).isEqualByComparingTo(expected);
    }

    /**
     * Imports as wide as they are deep: 1,200 series per import, so month rows are read with array parameters and
     * updated through a staging table (PostgreSQL) or in a batch (H2); new days, a new month and a backfill before the
     * latest month, each with exact daily averages, and a repeated import that changes nothing.
     */
    @Test
    void wideImportsOfManySeriesKeepExactDailyAverages() {
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        var t = tenants.create();
        var c = VendorFixtures.keeper(t);
        String[] accounts = VendorFixtures.accountIds(1200);
        String sku = VendorFixtures.seed(c, "Keeper Business", accounts);
        List<Map<String, Object>> first = new ArrayList<>();
        for (int a = 0; a < accounts.length; a++) {
            for (int d = 1; d <= 3; d++) {
                first.add(VendorFixtures.usageRecord(
                        accounts[a], sku, "2026-07-0" + d, a % 5 + d)); // b, b+1, b+2 with b = a % 5 + 1
            }
        }
        assertThat(t.api().post(c.path("/usage"), body(first)).status()).isEqualTo(200);
        List<Map<String, Object>> second = new ArrayList<>();
        for (String account : accounts) {
            second.add(VendorFixtures.usageRecord(account, sku, "2026-07-10", 7)); // the latest month of every series
            second.add(VendorFixtures.usageRecord(account, sku, "2026-08-01", 9)); // a new month for every series
        }
        assertThat(t.api().post(c.path("/usage"), body(second)).status()).isEqualTo(200);
        List<Map<String, Object>> backfill = new ArrayList<>();
        for (String account : accounts) {
            backfill.add(VendorFixtures.usageRecord(
                    account, sku, "2026-06-15", 4)); // before the latest month: every opening moves
        }
        assertThat(t.api().post(c.path("/usage"), body(backfill)).status()).isEqualTo(200);
        assertThat(t.api().post(c.path("/usage"), body(second)).status()).isEqualTo(200); // again: nothing changes

        Map<java.util.UUID, String> refs = new java.util.HashMap<>();
        directory.accounts(t.id(), c.id()).forEach(a -> refs.put(a.id(), a.externalId()));
        var july = directory.usage(t.id(), LocalDate.of(2026, 7, 1), LocalDate.of(2026, 8, 1));
        var june = directory.usage(t.id(), LocalDate.of(2026, 6, 1), LocalDate.of(2026, 7, 1));
        var august = directory.usage(t.id(), LocalDate.of(2026, 8, 1), LocalDate.of(2026, 8, 6));
        assertThat(july).hasSize(1200);
        for (var u : july) {
            int b = Integer.parseInt(refs.get(u.accountId()).substring(3)) % 5 + 1;
            // b, b+1, then b+2 for July 3-9, then 7 for July 10-31
            java.math.BigDecimal expected = java.math.BigDecimal.valueOf(9L * b + 169)
                    .divide(java.math.BigDecimal.valueOf(31), 4, java.math.RoundingMode.HALF_UP);
            assertThat(u.dailyAverage()).as(refs.get(u.accountId())).isEqualByComparingTo(expected);
            assertThat(u.latest()).isEqualByComparingTo("7");
        }
        assertThat(june)
                .hasSize(1200)
                .allSatisfy(u -> assertThat(u.dailyAverage()).isEqualByComparingTo("2.1333")); // 16 * 4 / 30
        assertThat(august)
                .hasSize(1200)
                .allSatisfy(u -> assertThat(u.dailyAverage()).isEqualByComparingTo("9"));
        assertThat(t.api()
                        .get(c.path("/usage/daily?size=1"))
                        .json()
                        .get("total")
                        .asLong())
                .isEqualTo(1200L * 6);
        JsonNode audit =
                t.api().get("/api/v1/audit-events?kind=usage.imported").json().get("items");
        assertThat(audit.size()).isEqualTo(4);
        List<String> details = new ArrayList<>();
        audit.forEach(a -> details.add(a.get("detail").asString()));
        assertThat(details)
                .containsExactlyInAnyOrder(
                        "bulk API: 3600 record(s), 3600 daily count(s) changed in 1200 series",
                        "bulk API: 2400 record(s), 2400 daily count(s) changed in 1200 series",
                        "bulk API: 1200 record(s), 1200 daily count(s) changed in 1200 series",
                        "bulk API: 2400 record(s), 0 daily count(s) changed in 0 series");
    }

    /**
     * One import writes a series in two of its chunks (one transaction): the second chunk builds on the first one's
     * row, not on the row as it was before the import.
     */
    @Test
    void aSeriesInSeveralChunksOfOneImportKeepsEveryChunksCounts() {
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        var t = tenants.create();
        var c = VendorFixtures.keeper(t);
        String[] accounts = VendorFixtures.accountIds(41);
        String sku = VendorFixtures.seed(c, "Keeper Business", accounts);
        assertThat(VendorFixtures.count(c, sku, "kc-0", 9).status()).isEqualTo(201); // August 5
        List<Map<String, Object>> records = new ArrayList<>();
        records.add(VendorFixtures.usageRecord("kc-0", sku, "2026-08-01", 3));
        for (int a = 1; a <= 40; a++) {
            for (int d = 0; d < 500; d++) {
                records.add(VendorFixtures.usageRecord(
                        accounts[a], sku, LocalDate.of(2026, 8, 4).minusDays(d).toString(), d % 7));
            }
        }
        records.add(VendorFixtures.usageRecord("kc-0", sku, "2026-08-02", 4)); // record 20,001: the next chunk
        Http.Response accepted = t.api().post(c.path("/usage"), body(records));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);

        List<String> days = new ArrayList<>();
        for (JsonNode item :
                t.api().get(c.path("/usage/daily?accountId=kc-0")).json().get("items")) {
            days.add(item.get("date").asString() + " "
                    + item.get("quantity").decimalValue().intValue());
        }
        assertThat(days).containsExactly("2026-08-05 9", "2026-08-02 4", "2026-08-01 3");
    }

    @Test
    void csvThroughTheApiReportsLineNumbers() {
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        var t = tenants.create();
        var c = VendorFixtures.keeper(t);
        String sku = VendorFixtures.seed(c, "Keeper Business", "kc-1", "kc,2");
        String good = "accountId,serviceId,date,quantity\n"
                + "kc-1," + sku + ",2026-07-01,10\n"
                + "\"kc,2\"," + sku + ",2026-07-01,2\n";
        Http.Response ok = t.api().send("POST", c.path("/usage"), good, "text/csv");
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
        assertThat(ok.json().get("accepted").asInt()).isEqualTo(2);
        String bad = "Quantity,Date,AccountId,ServiceId\n"
                + "3,2026-07-02,kc-1," + sku + "\n"
                + "\n"
                + "x,2026-07-02,kc-1," + sku + "\n";
        Http.Response refused = t.api().send("POST", c.path("/usage"), bad, "text/csv");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("errors").get(0).get("row").asInt()).isEqualTo(4);
        assertThat(refused.json().get("errors").get(0).get("field").asString()).isEqualTo("quantity");
        Http.Response noHeader = t.api().send("POST", c.path("/usage"), "kc-1,x,2026-07-01,1\n", "text/csv");
        assertThat(noHeader.status()).isEqualTo(400);
        assertThat(noHeader.json().get("detail").asString()).contains("header");
        assertThat(t.api().get(c.path("/usage/daily")).json().get("total").asLong())
                .isEqualTo(2);
    }

    @Test
    void csvUploadOnTheIntegrationPageShowsAPerRowReport() {
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        var t = tenants.create();
        var c = VendorFixtures.keeper(t);
        String sku = VendorFixtures.seed(c, "Keeper Business", "kc-1");
        var browser = new VendorBrowser(baseUrl(), t.admin().email(), TestTenants.PASSWORD);
        String page = "/integrations/" + c.id();

        String bad = "accountId,serviceId,date,quantity\n"
                + "kc-1," + sku + ",2026-07-01,10\n"
                + "kc-9," + sku + ",2026-07-01,10\n"
                + "kc-1," + sku + ",2026-07-02,-4\n";
        Http.Response refused = browser.upload(page, page + "/usage/csv", "july.csv", bad);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(302);
        String report = browser.get(page).body();
        assertThat(report)
                .contains("2 of 3 rows of july.csv have problems; nothing was imported")
                .contains("unknown account &#39;kc-9&#39;")
                .contains("quantity must be 0 or more");
        assertThat(report).contains("<td class=\"num\">3</td>").contains("<td class=\"num\">4</td>");
        assertThat(t.api().get(c.path("/usage/daily")).json().get("total").asLong())
                .isZero();

        String good =
                "accountId,serviceId,date,quantity\nkc-1," + sku + ",2026-07-01,10\nkc-1," + sku + ",2026-07-16,20\n";
        assertThat(browser.upload(page, page + "/usage/csv", "july.csv", good).status())
                .isEqualTo(302);
        assertThat(browser.get(page).body()).contains("Imported 2 row(s) from july.csv");
        assertThat(t.api()
                        .get(c.path("/usage?period=2026-07"))
                        .json()
                        .get("items")
                        .get(0)
                        .get("quantity")
                        .decimalValue())
                .isEqualByComparingTo("15.1613");
        assertThat(t.api().get("/api/v1/audit-events?kind=usage.imported").body())
                .contains("CSV upload july.csv");

        // viewers cannot upload
        var viewer = new VendorBrowser(baseUrl(), t.viewer().email(), TestTenants.PASSWORD);
        assertThat(viewer.get(page).body()).doesNotContain("Upload and import");
        assertThat(viewer.upload(page, page + "/usage/csv", "x.csv", good).status())
                .isEqualTo(403);
        assertThat(LocalDate.now(clock)).isEqualTo(LocalDate.of(2026, 8, 5));
    }
}
