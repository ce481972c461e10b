package com.trueup.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.trueup.support.Http;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link VendorDirectory#usageVersion}: changes with every change of an organisation's usage (a count, an import, a
 * count that only changes a day of a stored month, a disconnect), stays with writes that change nothing and with other
 * organisations' writes.
 */
class VendorUsageVersionIT extends com.trueup.support.IntegrationTest {

    @Autowired
    VendorDirectory directory;

    @Autowired
    JdbcClient jdbc;

    private void at(String instant) {
        clock.set(Instant.parse(instant));
    }

    /** Each series' version, by series id. */
    private Map<UUID, Long> seriesVersions(UUID tenantId) {
        Map<UUID, Long> versions = new HashMap<>();
        jdbc.sql("select id, version from vendor_usage_series where tenant_id = ?")
                .param(tenantId)
                .query((rs, n) -> versions.put(rs.getObject("id", UUID.class), rs.getLong("version")))
                .list();
        return versions;
    }

    /** The series' first day and latest month, as "first_day/last_month". */
    private String bounds(UUID tenantId) {
        return jdbc.sql("select first_day, last_month from vendor_usage_series where tenant_id = ?")
                .param(tenantId)
                .query((rs, n) ->
                        rs.getObject("first_day", LocalDate.class) + "/" + rs.getObject("last_month", LocalDate.class))
                .single();
    }

    @Test
    void aCountChangesTheVersionAndAnIdenticalCountDoesNot() {
        at("2026-07-05T08:00:00Z");
        var t = tenants.create();
        var c = VendorFixtures.keeper(t);
        String sku = VendorFixtures.seed(c, "Keeper Business", "kc-1");
        assertThat(directory.usageVersion(t.id())).isEqualTo("0:0:0:0"); // no usage yet

        assertThat(VendorFixtures.count(c, sku, "kc-1", 10).status()).isEqualTo(201);
        String first = directory.usageVersion(t.id());
        long version = seriesVersions(t.id()).values().iterator().next();
        assertThat(version).isPositive();
        assertThat(first).isEqualTo("1:" + version + ":0:0");

        // the same count again, on the same day: nothing changes, nor does the version
        assertThat(VendorFixtures.count(c, sku, "kc-1", 10).status()).isEqualTo(201);
        assertThat(directory.usageVersion(t.id())).isEqualTo(first);

        // same day, new value: only the month row's days change, the series' first day and latest month stay
        assertThat(bounds(t.id())).isEqualTo("2026-07-05/2026-07-01");
        at("2026-07-05T17:00:00Z");
        assertThat(VendorFixtures.count(c, sku, "kc-1", 12).status()).isEqualTo(201);
        assertThat(bounds(t.id())).isEqualTo("2026-07-05/2026-07-01");
        String replaced = directory.usageVersion(t.id());
        assertThat(replaced).isNotEqualTo(first).startsWith("1:").endsWith(":0:0");

        // a new day of the same month: again only the month row changes
        at("2026-07-06T08:00:00Z");
        assertThat(VendorFixtures.count(c, sku, "kc-1", 13).status()).isEqualTo(201);
        assertThat(bounds(t.id())).isEqualTo("2026-07-05/2026-07-01");
        String nextDay = directory.usageVersion(t.id());
        assertThat(nextDay).isNotIn(first, replaced);
        assertThat(VendorFixtures.count(c, sku, "kc-1", 13).status()).isEqualTo(201);
        assertThat(directory.usageVersion(t.id())).isEqualTo(nextDay);

        // a new month moves the series' latest month
        at("2026-08-01T08:00:00Z");
        assertThat(VendorFixtures.count(c, sku, "kc-1", 13).status()).isEqualTo(201);
        assertThat(bounds(t.id())).isEqualTo("2026-07-05/2026-08-01");
        assertThat(directory.usageVersion(t.id())).isNotIn(first, replaced, nextDay);
    }

    /**
     * 1,200 series per import (updated through a staging table on PostgreSQL): every series an import changes gets a new
     * version, those it does not change keep theirs, and an identical import changes none.
     */
    @Test
    void importsChangeTheVersionOfEverySeriesTheyChangeAndNoOther() {
        at("2026-08-05T12:00:00Z");
        var t = tenants.create();
        var c = VendorFixtures.keeper(t);
        String[] accounts = VendorFixtures.accountIds(1200);
        String sku = VendorFixtures.seed(c, "Keeper Business", accounts);
        List<Map<String, Object>> first = new ArrayList<>();
        for (String account : accounts) {
            first.add(VendorFixtures.usageRecord(account, sku, "2026-07-01", 5));
            first.add(VendorFixtures.usageRecord(account, sku, "2026-07-02", 6));
        }
        assertThat(t.api().post(c.path("/usage"), Map.of("records", first)).status())
                .isEqualTo(200);
        Map<UUID, Long> created = seriesVersions(t.id());
        assertThat(created).hasSize(1200);
        assertThat(created.values()).allSatisfy(v -> assertThat(v).isPositive());
        String afterFirst = directory.usageVersion(t.id());
        assertThat(afterFirst).startsWith("1200:").endsWith(":0:0");

        // a day inside every series' stored month: month rows change, first days and latest months stay
        List<Map<String, Object>> second = new ArrayList<>();
        for (String account : accounts) {
            second.add(VendorFixtures.usageRecord(account, sku, "2026-07-02", 7));
        }
        assertThat(t.api().post(c.path("/usage"), Map.of("records", second)).status())
                .isEqualTo(200);
        Map<UUID, Long> changed = seriesVersions(t.id());
        assertThat(changed.keySet()).isEqualTo(created.keySet());
        assertThat(changed.entrySet()).allSatisfy(e -> assertThat(e.getValue()).isNotEqualTo(created.get(e.getKey())));
        String afterSecond = directory.usageVersion(t.id());
        assertThat(afterSecond).startsWith("1200:").isNotEqualTo(afterFirst);

        // the same import again changes nothing
        assertThat(t.api().post(c.path("/usage"), Map.of("records", second)).status())
                .isEqualTo(200);
        assertThat(seriesVersions(t.id())).isEqualTo(changed);
        assertThat(directory.usageVersion(t.id())).isEqualTo(afterSecond);

        // an import that changes one series of the 1,200 changes its version only
        List<Map<String, Object>> third = new ArrayList<>(second);
        third.set(57, VendorFixtures.usageRecord("kc-57", sku, "2026-07-02", 8));
        assertThat(t.api().post(c.path("/usage"), Map.of("records", third)).status())
                .isEqualTo(200);
        Map<UUID, Long> one = seriesVersions(t.id());
        assertThat(one.entrySet().stream()
                        .filter(e -> !e.getValue().equals(changed.get(e.getKey())))
                        .count())
                .isEqualTo(1);
        assertThat(directory.usageVersion(t.id())).startsWith("1200:").isNotIn(afterFirst, afterSecond);
    }

    @Test
    void anotherOrganisationsWritesLeaveTheVersionAsItIs() {
        at("2026-07-05T08:00:00Z");
        var a = tenants.create();
        var b = tenants.create();
        var ca = VendorFixtures.keeper(a);
        var cb = VendorFixtures.keeper(b);
        String skuA = VendorFixtures.seed(ca, "Keeper Business", "kc-1");
        String skuB = VendorFixtures.seed(cb, "Keeper Business", "kc-1");
        assertThat(VendorFixtures.count(ca, skuA, "kc-1", 10).status()).isEqualTo(201);
        String versionA = directory.usageVersion(a.id());
        assertThat(directory.usageVersion(b.id())).isEqualTo("0:0:0:0");

        assertThat(VendorFixtures.count(cb, skuB, "kc-1", 10).status()).isEqualTo(201);
        at("2026-07-06T08:00:00Z");
        assertThat(VendorFixtures.count(cb, skuB, "kc-1", 11).status()).isEqualTo(201);
        assertThat(directory.usageVersion(a.id())).isEqualTo(versionA);
        // the same counts in two organisations: each has its own random versions
        String versionB = directory.usageVersion(b.id());
        assertThat(versionB).startsWith("1:").endsWith(":0:0").isNotEqualTo(versionA);
        assertThat(versionB)
                .isEqualTo("1:" + seriesVersions(b.id()).values().iterator().next() + ":0:0");
    }

    /** Disconnecting leaves the usage out of {@link VendorDirectory#usage}: the version changes, and back on reconnect. */
    @Test
    void disconnectingAnIntegrationWithUsageChangesTheVersionAndReconnectingRestoresIt() {
        at("2026-07-05T08:00:00Z");
        var t = tenants.create();
        var c = VendorFixtures.keeper(t);
        String sku = VendorFixtures.seed(c, "Keeper Business", "kc-1", "kc-2");
        var other = VendorFixtures.connect(t, "custom", "Other");
        String otherSku = VendorFixtures.seed(other, "Backup", "b-1");
        assertThat(VendorFixtures.count(c, sku, "kc-1", 10).status()).isEqualTo(201);
        assertThat(VendorFixtures.count(c, sku, "kc-2", 3).status()).isEqualTo(201);
        assertThat(VendorFixtures.count(other, otherSku, "b-1", 4).status()).isEqualTo(201);
        String connected = directory.usageVersion(t.id());
        assertThat(connected).startsWith("3:").endsWith(":0:0");
        assertThat(directory.usage(t.id(), LocalDate.of(2026, 7, 1), LocalDate.of(2026, 8, 1)))
                .hasSize(3);

        Http.Response disconnected = t.api().delete("/api/v1/integrations/" + c.id());
        assertThat(disconnected.status()).isEqualTo(204);
        assertThat(directory.usage(t.id(), LocalDate.of(2026, 7, 1), LocalDate.of(2026, 8, 1)))
                .hasSize(1);
        String hidden = jdbc.sql(
                        "select sum(version) from vendor_usage_series where tenant_id = ? and integration_id = ?")
                .params(t.id(), c.id())
                .query(java.math.BigDecimal.class)
                .single()
                .toPlainString();
        String without = directory.usageVersion(t.id());
        assertThat(without).isEqualTo(connected.substring(0, connected.length() - ":0:0".length()) + ":2:" + hidden);

        VendorFixtures.issue(t, c.id()); // reconnects
        assertThat(directory.usage(t.id(), LocalDate.of(2026, 7, 1), LocalDate.of(2026, 8, 1)))
                .hasSize(3);
        assertThat(directory.usageVersion(t.id())).isEqualTo(connected);
    }
}
