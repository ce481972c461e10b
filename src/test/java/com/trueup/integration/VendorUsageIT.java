package com.trueup.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.trueup.integration.store.UsageMath;
import com.trueup.support.Http;
import com.trueup.support.IntegrationTest;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * Counts over HTTP become the billing quantities of the step function: carry, same-day replacement, idempotent
 * re-posts, month boundaries, the organisation's time zone, backfill dates and no_build.
 */
class VendorUsageIT extends IntegrationTest {

    @Autowired
    VendorDirectory directory;

    @Autowired
    ConfigurableApplicationContext context;

    private static final LocalDate JULY = LocalDate.of(2026, 7, 1);
    private static final LocalDate AUGUST = LocalDate.of(2026, 8, 1);

    private void at(String instant) {
        clock.set(Instant.parse(instant));
    }

    private UsageQuantity only(UUID tenantId, LocalDate start, LocalDate end) {
        List<UsageQuantity> usage = directory.usage(tenantId, start, end);
        assertThat(usage).hasSize(1);
        return usage.get(0);
    }

    @Test
    void tenSeatsFromTheFirstAndTwentyFromTheSixteenthBill15_1613() {
        at("2026-07-01T09:00:00Z");
        var t = tenants.create();
        var c = VendorFixtures.keeper(t);
        String sku = VendorFixtures.seed(c, "Keeper Business", "kc-1001");
        assertThat(VendorFixtures.count(c, sku, "kc-1001", 10).status()).isEqualTo(201);
        at("2026-07-16T09:00:00Z");
        assertThat(VendorFixtures.count(c, sku, "kc-1001", 20).status()).isEqualTo(201);

        UsageQuantity july = only(t.id(), JULY, AUGUST);
        assertThat(july.dailyAverage()).isEqualByComparingTo("15.1613");
        assertThat(july.latest()).isEqualByComparingTo("20");
        assertThat(july.peak()).isEqualByComparingTo("20");
        assertThat(july.quantity(CountingMode.DAILY_AVERAGE)).isEqualByComparingTo("15.1613");
        // the same through the single-series read and the MSP API
        UsageQuantity single = directory
                .usage(t.id(), c.id(), july.accountId(), july.serviceId(), JULY, AUGUST)
                .orElseThrow();
        assertThat(single.dailyAverage()).isEqualByComparingTo("15.1613");
        JsonNode api =
                t.api().get(c.path("/usage?period=2026-07")).json().get("items").get(0);
        assertThat(api.get("quantity").decimalValue()).isEqualByComparingTo("15.1613");
        assertThat(api.get("latest").decimalValue()).isEqualByComparingTo("20");
        // month to date on the 16th: 15 days of 10 and 1 day of 20
        assertThat(only(t.id(), JULY, LocalDate.of(2026, 7, 17)).dailyAverage()).isEqualByComparingTo("10.6250");
        // the counting mode chosen by the MSP picks the quantity
        Http.Response latest = t.api().patch(c.path("/services/" + sku), Map.of("countingMode", "LATEST"));
        assertThat(latest.status()).as(latest.toString()).isEqualTo(200);
        assertThat(t.api()
                        .get(c.path("/usage?period=2026-07"))
                        .json()
                        .get("items")
                        .get(0)
                        .get("quantity")
                        .decimalValue())
                .isEqualByComparingTo("20");
    }

    @Test
    void daysBeforeTheFirstCountAreZeroAndDaysWithoutCountsCarry() {
        at("2026-07-20T12:00:00Z");
        var t = tenants.create();
        var c = VendorFixtures.keeper(t);
        String sku = VendorFixtures.seed(c, "Keeper Business", "kc-1");
        VendorFixtures.count(c, sku, "kc-1", 31);
        UsageQuantity july = only(t.id(), JULY, AUGUST);
        assertThat(july.dailyAverage()).isEqualByComparingTo("12.0000"); // 12 days of 31 over 31 days
        assertThat(july.peak()).isEqualByComparingTo("31");
        // nothing posted until September 10 (4 seats): August carries 31, September starts with 31
        at("2026-09-10T12:00:00Z");
        VendorFixtures.count(c, sku, "kc-1", 4);
        assertThat(only(t.id(), AUGUST, AUGUST.plusMonths(1)).dailyAverage()).isEqualByComparingTo("31");
        UsageQuantity september = only(t.id(), LocalDate.of(2026, 9, 1), LocalDate.of(2026, 10, 1));
        assertThat(september.dailyAverage()).isEqualByComparingTo("12.1000"); // (9*31 + 21*4) / 30 = 363/30
        assertThat(september.latest()).isEqualByComparingTo("4");
        assertThat(september.peak()).isEqualByComparingTo("31");
    }

    @Test
    void countsOfTheSameDayReplaceEachOtherAndRepostsChangeNothing() {
        at("2026-07-05T08:00:00Z");
        var t = tenants.create();
        var c = VendorFixtures.keeper(t);
        String sku = VendorFixtures.seed(c, "Keeper Business", "kc-1");
        try (var events = new VendorFixtures.EventRecorder(context, t.id())) {
            VendorFixtures.count(c, sku, "kc-1", 10);
            at("2026-07-05T17:00:00Z");
            VendorFixtures.count(c, sku, "kc-1", 12); // same day: replaces 10
            assertThat(events.of(VendorEvents.UsageChanged.class)).hasSize(2);
            VendorFixtures.count(c, sku, "kc-1", 12); // same value again: nothing changes
            VendorFixtures.count(c, sku, "kc-1", 12);
            assertThat(events.of(VendorEvents.UsageChanged.class)).hasSize(2);
            VendorEvents.UsageChanged last =
                    events.of(VendorEvents.UsageChanged.class).get(1);
            assertThat(last.firstDay()).isEqualTo(LocalDate.of(2026, 7, 5));
            assertThat(last.integrationId()).isEqualTo(c.id());
            // no_build is accepted and changes nothing: the change is announced like any other (rebuilds are debounced)
            at("2026-07-06T08:00:00Z");
            assertThat(c.vendor()
                            .post(
                                    "/api/vendor-api/service/" + sku + "/count?no_build=true",
                                    Map.of("accountId", "kc-1", "unitCount", 13))
                            .status())
                    .isEqualTo(201);
            VendorEvents.UsageChanged noBuild =
                    events.of(VendorEvents.UsageChanged.class).get(2);
            assertThat(noBuild)
                    .isEqualTo(new VendorEvents.UsageChanged(
                            last.tenantId(),
                            last.integrationId(),
                            last.accountId(),
                            last.serviceId(),
                            LocalDate.of(2026, 7, 6)));
        }
        JsonNode daily = t.api().get(c.path("/usage/daily")).json();
        assertThat(daily.get("total").asLong()).isEqualTo(2);
        assertThat(daily.get("items").get(0).get("quantity").decimalValue()).isEqualByComparingTo("13");
        assertThat(daily.get("items").get(1).get("quantity").decimalValue()).isEqualByComparingTo("12");
        // July: 4 days of 0, 1 day of 12, 26 days of 13 = 350 / 31
        assertThat(only(t.id(), JULY, AUGUST).dailyAverage()).isEqualByComparingTo("11.2903");
    }

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    /**
     * Another writer (another node) changed a month row that this node knows from its own last write: the next count
     * is applied to the row as it is now, not as this node remembers it.
     */
    @Test
    void aMonthRowChangedByAnotherWriterIsReadAgainBeforeACountIsAppliedToIt() {
        at("2026-07-05T08:00:00Z");
        var t = tenants.create();
        var c = VendorFixtures.keeper(t);
        String sku = VendorFixtures.seed(c, "Keeper Business", "kc-1");
        assertThat(VendorFixtures.count(c, sku, "kc-1", 10).status()).isEqualTo(201);
        at("2026-07-06T08:00:00Z");
        assertThat(VendorFixtures.count(c, sku, "kc-1", 11).status()).isEqualTo(201);

        String days =
                jdbc.queryForObject("select days from vendor_usage_month where tenant_id = ?", String.class, t.id());
        var changed = UsageMath.decode(days);
        changed.put(7, new BigDecimal("20.0000"));
        assertThat(jdbc.update(
                        "update vendor_usage_month set days = ? where tenant_id = ?",
                        UsageMath.encode(changed),
                        t.id()))
                .isEqualTo(1);

        at("2026-07-08T08:00:00Z");
        assertThat(VendorFixtures.count(c, sku, "kc-1", 30).status()).isEqualTo(201);
        // July: 4 days of 0, then 10, 11, 20 and 24 days of 30 = 761 / 31
        assertThat(only(t.id(), JULY, AUGUST).dailyAverage()).isEqualByComparingTo("24.5484");
        at("2026-07-09T08:00:00Z");
        assertThat(VendorFixtures.count(c, sku, "kc-1", 31).status()).isEqualTo(201);
        assertThat(only(t.id(), JULY, AUGUST).dailyAverage())
                .isEqualByComparingTo("25.2903"); // 10 + 11 + 20 + 30 + 23 × 31 = 784 / 31
    }

    @Test
    void aCountBelongsToTheDayItArrivesInTheOrganisationsTimeZone() {
        // 02:00 UTC on August 1 is still July 31 in New York
        at("2026-08-01T02:00:00Z");
        var t = tenants.create("America/New_York");
        var c = VendorFixtures.keeper(t);
        String sku = VendorFixtures.seed(c, "Keeper Business", "kc-1");
        VendorFixtures.count(c, sku, "kc-1", 31);
        JsonNode daily = t.api().get(c.path("/usage/daily")).json();
        assertThat(daily.get("items").get(0).get("date").asString()).isEqualTo("2026-07-31");
        assertThat(only(t.id(), JULY, AUGUST).dailyAverage()).isEqualByComparingTo("1"); // 1 day of 31 in July
    }

    @Test
    void backfillDatesAndMonthBoundariesRecomputeTheAggregates() {
        at("2026-08-20T12:00:00Z");
        var t = tenants.create();
        var c = VendorFixtures.keeper(t);
        String sku = VendorFixtures.seed(c, "Keeper Business", "kc-1");
        String path = "/api/vendor-api/service/" + sku + "/count";
        // today (August 20): 8 seats
        VendorFixtures.count(c, sku, "kc-1", 8);
        // backfill: 5 seats from July 10, 6 from August 1
        assertThat(c.vendor()
                        .post(path + "?date=2026-07-10", Map.of("accountId", "kc-1", "unitCount", 5))
                        .status())
                .isEqualTo(201);
        assertThat(only(t.id(), AUGUST, AUGUST.plusMonths(1)).dailyAverage())
                .isEqualByComparingTo("6.1613"); // (19*5 + 12*8)/31
        assertThat(c.vendor()
                        .post(path + "?date=2026-08-01", Map.of("accountId", "kc-1", "unitCount", 6))
                        .status())
                .isEqualTo(201);
        assertThat(only(t.id(), JULY, AUGUST).dailyAverage()).isEqualByComparingTo("3.5484"); // 22 days of 5 / 31
        assertThat(only(t.id(), AUGUST, AUGUST.plusMonths(1)).dailyAverage())
                .isEqualByComparingTo("6.7742"); // (19*6 + 12*8)/31
        // a backfill in June changes the carry into July (opening of July) but not August
        assertThat(c.vendor()
                        .post(path + "?date=2026-06-30", Map.of("accountId", "kc-1", "unitCount", 2))
                        .status())
                .isEqualTo(201);
        assertThat(only(t.id(), JULY, AUGUST).dailyAverage()).isEqualByComparingTo("4.1290"); // (9*2 + 22*5)/31
        assertThat(only(t.id(), AUGUST, AUGUST.plusMonths(1)).dailyAverage()).isEqualByComparingTo("6.7742");
        // a period spanning months with no counts in between carries across them: June 30 .. September 30
        UsageQuantity long_ = only(t.id(), LocalDate.of(2026, 6, 30), LocalDate.of(2026, 10, 1));
        assertThat(long_.latest()).isEqualByComparingTo("8");
        assertThat(long_.peak()).isEqualByComparingTo("8");
        // 1*2 + 9*2 + 22*5 + 19*6 + 12*8 + 30*8 = 2 + 18 + 110 + 114 + 96 + 240 = 580 over 93 days
        assertThat(long_.dailyAverage())
                .isEqualByComparingTo(
                        new BigDecimal("580").divide(new BigDecimal("93"), 4, java.math.RoundingMode.HALF_UP));
        // October (no counts at all) carries 8
        assertThat(only(t.id(), LocalDate.of(2026, 10, 1), LocalDate.of(2026, 11, 1))
                        .dailyAverage())
                .isEqualByComparingTo("8");
        // May (before the first count) has nothing in force
        assertThat(directory.usage(t.id(), LocalDate.of(2026, 5, 1), LocalDate.of(2026, 6, 1)))
                .isEmpty();
    }
}
