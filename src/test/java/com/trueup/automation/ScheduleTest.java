package com.trueup.automation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trueup.shared.InvalidInputException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    @Test
    void dailyRunsAtTheTimeInTheOrganisationsZone() {
        Schedule daily = Schedule.parse("daily", "06:00", null, null, null);
        // 09:00 UTC is 05:00 in New York (EDT): today at 06:00 New York = 10:00 UTC
        assertThat(daily.nextAfter(Instant.parse("2026-08-04T09:00:00Z"), NEW_YORK))
                .isEqualTo(Instant.parse("2026-08-04T10:00:00Z"));
        // exactly at the time: the next day
        assertThat(daily.nextAfter(Instant.parse("2026-08-04T10:00:00Z"), NEW_YORK))
                .isEqualTo(Instant.parse("2026-08-05T10:00:00Z"));
        // across the change to standard time (1 November 2026): 06:00 EST = 11:00 UTC
        assertThat(daily.nextAfter(Instant.parse("2026-11-01T10:30:00Z"), NEW_YORK))
                .isEqualTo(Instant.parse("2026-11-01T11:00:00Z"));
        assertThat(daily.periodOn(LocalDate.of(2026, 8, 4))).isEqualTo(YearMonth.of(2026, 8));
    }

    @Test
    void weeklyRunsOnItsDay() {
        Schedule weekly = Schedule.parse("weekly", "07:30", "monday", null, "previous");
        // Tuesday 4 August 2026 → Monday 10 August
        assertThat(weekly.nextAfter(Instant.parse("2026-08-04T12:00:00Z"), ZoneId.of("UTC")))
                .isEqualTo(Instant.parse("2026-08-10T07:30:00Z"));
        assertThat(weekly.periodOn(LocalDate.of(2026, 8, 10))).isEqualTo(YearMonth.of(2026, 7));
    }

    @Test
    void monthlyRunsOnTheNthBusinessDayForTheMonthJustClosed() {
        Schedule monthly = Schedule.parse("monthly", "06:00", null, 2, null);
        assertThat(monthly.period()).isEqualTo(Schedule.PeriodChoice.PREVIOUS);
        // August 2026 starts on a Saturday: business days Mon 3, Tue 4
        assertThat(Schedule.businessDay(YearMonth.of(2026, 8), 1)).isEqualTo(LocalDate.of(2026, 8, 3));
        assertThat(Schedule.businessDay(YearMonth.of(2026, 8), 2)).isEqualTo(LocalDate.of(2026, 8, 4));
        assertThat(monthly.nextAfter(Instant.parse("2026-08-01T00:00:00Z"), ZoneId.of("UTC")))
                .isEqualTo(Instant.parse("2026-08-04T06:00:00Z"));
        assertThat(monthly.nextAfter(Instant.parse("2026-08-04T06:00:00Z"), ZoneId.of("UTC")))
                .isEqualTo(Instant.parse("2026-09-02T06:00:00Z"));
        // a month with fewer business days than asked: its last one (February 2026 has 20)
        assertThat(Schedule.businessDay(YearMonth.of(2026, 2), 23)).isEqualTo(LocalDate.of(2026, 2, 27));
    }

    @Test
    void refusesIncompleteSchedulesNamingTheField() {
        assertThatThrownBy(() -> Schedule.parse("daily", null, null, null, null))
                .isInstanceOf(InvalidInputException.class)
                .extracting("field")
                .isEqualTo("schedule.time");
        assertThatThrownBy(() -> Schedule.parse("weekly", "06:00", "someday", null, null))
                .extracting("field")
                .isEqualTo("schedule.dayOfWeek");
        assertThatThrownBy(() -> Schedule.parse("monthly", "06:00", null, 0, null))
                .extracting("field")
                .isEqualTo("schedule.businessDay");
        assertThatThrownBy(() -> Schedule.parse("hourly", "06:00", null, null, null))
                .extracting("field")
                .isEqualTo("schedule.trigger");
        assertThat(Schedule.parse("after-rebuild", "06:00", "MONDAY", 3, null)
                        .nextAfter(Instant.now(), ZoneId.of("UTC")))
                .isNull();
    }
}
