package com.trueup.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The shared vocabulary: billing periods, an organisation's calendar, the quantity scale. */
class TimeAndQuantitiesTest {

    private static final UUID TENANT = UUID.randomUUID();
    // 02:00 UTC on August 1st is still July 31st in New York
    private static final Clock AUGUST_FIRST_UTC = Clock.fixed(Instant.parse("2026-08-01T02:00:00Z"), ZoneOffset.UTC);

    @Test
    void aClosedMonthIsAllItsDaysAndTheCurrentMonthRunsThroughToday() {
        BillingPeriod june = BillingPeriod.of(YearMonth.of(2026, 6), LocalDate.of(2026, 7, 20));
        assertThat(june.start()).isEqualTo("2026-06-01");
        assertThat(june.end()).isEqualTo("2026-07-01");
        assertThat(june.days()).isEqualTo(30);
        assertThat(june.monthToDate()).isFalse();
        assertThat(june.key()).isEqualTo("2026-06");

        BillingPeriod july = BillingPeriod.current(LocalDate.of(2026, 7, 20));
        assertThat(july.end()).isEqualTo("2026-07-21");
        assertThat(july.lastDay()).isEqualTo("2026-07-20");
        assertThat(july.days()).isEqualTo(20);
        assertThat(july.monthToDate()).isTrue();

        assertField(() -> BillingPeriod.of(YearMonth.of(2026, 8), LocalDate.of(2026, 7, 31)), "period");
    }

    @Test
    void monthsAreParsedStrictlyWithA400NamingTheField() {
        assertThat(BillingPeriod.parseMonth(" 2026-07 ", "from")).isEqualTo(YearMonth.of(2026, 7));
        for (String bad : new String[] {null, "", "2026-7", "2026-13", "July", "+2026-07", "2026-07-01"}) {
            assertField(() -> BillingPeriod.parseMonth(bad, "from"), "from");
        }
    }

    @Test
    void theCalendarCountsDaysInTheOrganisationsZoneOnTheInjectedClock() {
        TenantCalendar newYork = new TenantCalendar(tenant -> ZoneId.of("America/New_York"), AUGUST_FIRST_UTC);
        TenantCalendar berlin = new TenantCalendar(tenant -> ZoneId.of("Europe/Berlin"), AUGUST_FIRST_UTC);
        assertThat(newYork.today(TENANT)).isEqualTo("2026-07-31");
        assertThat(berlin.today(TENANT)).isEqualTo("2026-08-01");
        assertThat(newYork.now(TENANT).getHour()).isEqualTo(22);
        assertThat(newYork.currentMonth(TENANT)).isEqualTo(YearMonth.of(2026, 7));
        assertThat(newYork.currentPeriod(TENANT).end()).isEqualTo("2026-08-01");
        assertThat(newYork.period(TENANT, YearMonth.of(2026, 7)).monthToDate()).isTrue();
        assertThat(berlin.period(TENANT, YearMonth.of(2026, 7)).monthToDate()).isFalse();
        assertField(() -> newYork.period(TENANT, YearMonth.of(2026, 8)), "period");
        assertThat(newYork.dayOf(TENANT, Instant.parse("2026-07-01T03:00:00Z"))).isEqualTo("2026-06-30");
    }

    @Test
    void datesGivenByPeopleAreNeitherInTheFutureNorMoreThanTenYearsBack() {
        TenantCalendar newYork = new TenantCalendar(tenant -> ZoneId.of("America/New_York"), AUGUST_FIRST_UTC);
        assertThat(newYork.checkedDate(TENANT, "date", "2026-07-31")).isEqualTo("2026-07-31");
        assertField(() -> newYork.checkedDate(TENANT, "date", "2026-08-01"), "date");
        assertField(() -> newYork.checkedDate(TENANT, "date", "2016-07-30"), "date");
        assertField(() -> newYork.checkedDate(TENANT, "day", "31/07/2026"), "day");
        assertField(() -> newYork.checkedDate(TENANT, "day", (String) null), "day");
    }

    @Test
    void aCachingCalendarAsksForTheZoneOncePerTenantWithinItsTime() {
        AtomicInteger lookups = new AtomicInteger();
        TenantCalendar calendar = new TenantCalendar(
                tenant -> {
                    lookups.incrementAndGet();
                    return ZoneId.of("Europe/Berlin");
                },
                AUGUST_FIRST_UTC);
        TenantCalendar cached = calendar.cachingZones(Duration.ofMinutes(1), 10);
        cached.today(TENANT);
        cached.today(TENANT);
        assertThat(lookups).hasValue(1);
        calendar.today(TENANT);
        assertThat(lookups).hasValue(2);
    }

    @Test
    void quantitiesKeepFourDecimalsRoundedHalfUp() {
        assertThat(Quantities.normalize(new BigDecimal("15.16125"))).isEqualTo(new BigDecimal("15.1613"));
        assertThat(Quantities.normalize(new BigDecimal("-0.00005"))).isEqualTo(new BigDecimal("-0.0001"));
        assertThat(Quantities.normalize(new BigDecimal("7"))).isEqualTo(new BigDecimal("7.0000"));
        assertThat(Quantities.normalize(null)).isNull();
        assertThat(Quantities.orZero(null)).isEqualTo(new BigDecimal("0.0000"));
        // 15 days of 10 and 16 of 20 over July
        assertThat(Quantities.divide(new BigDecimal("470"), BigDecimal.valueOf(31)))
                .isEqualTo(new BigDecimal("15.1613"));
        assertThat(Quantities.same(new BigDecimal("2.50"), new BigDecimal("2.5000")))
                .isTrue();
        assertThat(Quantities.same(null, BigDecimal.ZERO)).isFalse();
        assertThat(Quantities.isWhole(new BigDecimal("3.0000"))).isTrue();
        assertThat(Quantities.isWhole(new BigDecimal("3.0001"))).isFalse();
    }

    private static void assertField(Runnable call, String field) {
        assertThatThrownBy(call::run)
                .isInstanceOf(InvalidInputException.class)
                .extracting(e -> ((InvalidInputException) e).field())
                .isEqualTo(field);
    }
}
