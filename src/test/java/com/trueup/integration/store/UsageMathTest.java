package com.trueup.integration.store;

import static com.trueup.shared.Quantities.normalize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trueup.integration.store.UsageMath.MonthSteps;
import com.trueup.integration.store.UsageMath.Quantities;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The step-function math of vendor counts, with the worked examples of the billing rules. */
class UsageMathTest {

    private static final LocalDate JULY = LocalDate.of(2026, 7, 1);
    private static final LocalDate AUGUST = LocalDate.of(2026, 8, 1);

    private static BigDecimal q(String value) {
        return new BigDecimal(value);
    }

    private static MonthSteps month(LocalDate month, String opening, Object... dayAndCount) {
        NavigableMap<Integer, BigDecimal> days = new TreeMap<>();
        for (int i = 0; i < dayAndCount.length; i += 2) {
            days.put((Integer) dayAndCount[i], normalize(q(dayAndCount[i + 1].toString())));
        }
        return new MonthSteps(month, normalize(q(opening)), days);
    }

    private static NavigableMap<LocalDate, MonthSteps> months(MonthSteps... steps) {
        NavigableMap<LocalDate, MonthSteps> map = new TreeMap<>();
        for (MonthSteps s : steps) {
            map.put(s.month(), s);
        }
        return map;
    }

    @Test
    void tenSeatsFromTheFirstAndTwentyFromTheSixteenthAverage15_1613() {
        Quantities q = UsageMath.quantities(JULY, AUGUST, BigDecimal.ZERO, months(month(JULY, "0", 1, 10, 16, 20)));
        assertThat(q.dailyAverage()).isEqualByComparingTo("15.1613");
        assertThat(q.dailyAverage().scale()).isEqualTo(4);
        assertThat(q.latest()).isEqualByComparingTo("20");
        assertThat(q.peak()).isEqualByComparingTo("20");
    }

    @Test
    void daysBeforeTheFirstCountAreZero() {
        // first count (31 seats) on July 20: 12 days of 31 over 31 days
        Quantities q = UsageMath.quantities(JULY, AUGUST, BigDecimal.ZERO, months(month(JULY, "0", 20, 31)));
        assertThat(q.dailyAverage()).isEqualByComparingTo("12.0000");
        assertThat(q.latest()).isEqualByComparingTo("31");
        assertThat(q.peak()).isEqualByComparingTo("31");
        // a period that ends before the first count: nothing in force
        Quantities before =
                UsageMath.quantities(JULY, JULY.plusDays(19), BigDecimal.ZERO, months(month(JULY, "0", 20, 31)));
        assertThat(before.dailyAverage()).isEqualByComparingTo("0");
        assertThat(before.latest()).isEqualByComparingTo("0");
        assertThat(before.peak()).isEqualByComparingTo("0");
    }

    @Test
    void daysWithoutCountsCarryThePreviousCount() {
        // counts on the 1st (5), 10th (5 again), 11th (8): the days in between carry
        MonthSteps steps = month(JULY, "0", 1, 5, 10, 5, 11, 8);
        assertThat(steps.valueOn(9)).isEqualByComparingTo("5");
        assertThat(steps.valueOn(31)).isEqualByComparingTo("8");
        assertThat(steps.total()).isEqualByComparingTo(q("5").multiply(q("10")).add(q("8").multiply(q("21"))));
        Quantities q = UsageMath.quantities(JULY, AUGUST, BigDecimal.ZERO, months(steps));
        assertThat(q.dailyAverage()).isEqualByComparingTo("7.0323"); // (50 + 168) / 31 = 7.03225...
    }

    @Test
    void theCountCarriesOverMonthBoundaries() {
        // 12 seats from June 25; nothing posted in July or August: both months bill 12
        LocalDate june = LocalDate.of(2026, 6, 1);
        NavigableMap<LocalDate, MonthSteps> stored = months(month(june, "0", 25, 12));
        Quantities july = UsageMath.quantities(JULY, AUGUST, q("12"), new TreeMap<>());
        assertThat(july.dailyAverage()).isEqualByComparingTo("12");
        Quantities juneToAugust = UsageMath.quantities(june, AUGUST.plusMonths(1), BigDecimal.ZERO, stored);
        // June: 6 days of 12 (25..30); July 31 days, August 31 days of 12 = 68 days * 12 / 92 days
        assertThat(juneToAugust.dailyAverage()).isEqualByComparingTo("8.8696");
        assertThat(juneToAugust.latest()).isEqualByComparingTo("12");
        assertThat(juneToAugust.peak()).isEqualByComparingTo("12");
        // a month with its own counts starts from the carried count until its first count
        NavigableMap<LocalDate, MonthSteps> withAugust = months(month(june, "0", 25, 12), month(AUGUST, "12", 10, 4));
        Quantities august = UsageMath.quantities(AUGUST, AUGUST.plusMonths(1), q("12"), withAugust);
        assertThat(august.dailyAverage()).isEqualByComparingTo("6.3226"); // (9*12 + 22*4) / 31
        assertThat(august.latest()).isEqualByComparingTo("4");
        assertThat(august.peak()).isEqualByComparingTo("12");
    }

    @Test
    void partialPeriodsCountOnlyTheirDays() {
        MonthSteps steps = month(JULY, "3", 10, 7, 20, 1);
        // [July 5, July 15): 5 days of 3, 5 days of 7
        Quantities q = UsageMath.quantities(JULY.plusDays(4), JULY.plusDays(14), q("3"), months(steps));
        assertThat(q.dailyAverage()).isEqualByComparingTo("5");
        assertThat(q.latest()).isEqualByComparingTo("7");
        assertThat(q.peak()).isEqualByComparingTo("7");
        // month to date ending on the 25th: latest is the count of the 25th, peak stays 7
        Quantities mtd = UsageMath.quantities(JULY, JULY.plusDays(25), q("3"), months(steps));
        assertThat(mtd.latest()).isEqualByComparingTo("1");
        assertThat(mtd.peak()).isEqualByComparingTo("7");
        assertThat(mtd.dailyAverage()).isEqualByComparingTo("4.1200"); // (9*3 + 10*7 + 6*1) / 25 = 103/25
    }

    @Test
    void decimalCountsAndRoundingHalfUp() {
        // 1 day of 1 and 2 days of 2 over 3 days = 5/3 = 1.66666.. -> 1.6667
        Quantities q =
                UsageMath.quantities(JULY, JULY.plusDays(3), BigDecimal.ZERO, months(month(JULY, "0", 1, 1, 2, 2)));
        assertThat(q.dailyAverage()).isEqualByComparingTo("1.6667");
        Quantities half = UsageMath.quantities(
                JULY, JULY.plusDays(2), BigDecimal.ZERO, months(month(JULY, "0", 1, "0.00005", 2, "0")));
        // the count is stored at scale 4 (0.0001); 0.0001 / 2 = 0.00005 rounds half up to 0.0001
        assertThat(half.dailyAverage()).isEqualByComparingTo("0.0001");
    }

    @Test
    void encodingRoundTripsAndIsCompact() {
        NavigableMap<Integer, BigDecimal> days = new TreeMap<>();
        days.put(1, normalize(q("10")));
        days.put(16, normalize(q("20.5")));
        days.put(31, normalize(q("0")));
        String text = UsageMath.encode(days);
        assertThat(text).isEqualTo("1:10,16:20.5,31:0");
        assertThat(UsageMath.decode(text)).isEqualTo(days);
        assertThat(UsageMath.decode("")).isEmpty();
        assertThat(UsageMath.encode(new TreeMap<>())).isEmpty();
    }

    @Test
    void monthStepsTotalsPeakAndClosing() {
        MonthSteps steps = month(AUGUST, "4", 3, 9, 30, 2);
        assertThat(steps.total()).isEqualByComparingTo("255"); // 2 days of 4, 27 of 9, 2 of 2
        assertThat(steps.peak()).isEqualByComparingTo("9");
        assertThat(steps.closing()).isEqualByComparingTo("2");
        assertThat(steps.valueOn(2)).isEqualByComparingTo("4");
        assertThat(steps.sum(30, 32)).isEqualByComparingTo("4");
        assertThat(MonthSteps.empty(AUGUST, q("6")).total()).isEqualByComparingTo("186");
    }

    @Test
    void wholeMonthsReadAsTheirStoredTotalsGiveTheSameQuantitiesAsTheirDailyCounts() {
        MonthSteps july = month(JULY, "0", 20, 31, 25, 6);
        MonthSteps august = month(AUGUST, "6", 3, 9, 30, 2);
        MonthSteps september = month(AUGUST.plusMonths(1), "2", 10, 12);
        NavigableMap<LocalDate, UsageMath.MonthUsage> mixed = new TreeMap<>();
        mixed.put(JULY, totals(july));
        mixed.put(AUGUST, totals(august));
        mixed.put(september.month(), september); // partly covered: its daily counts
        LocalDate end = september.month().plusDays(15);
        Quantities fromSteps = UsageMath.quantities(JULY, end, BigDecimal.ZERO, months(july, august, september));
        Quantities fromTotals = UsageMath.quantities(JULY, end, BigDecimal.ZERO, mixed);
        assertThat(fromTotals).isEqualTo(fromSteps);
        // July: 19 days of 0, 5 of 31, 7 of 6 = 197; August: 2 of 6, 27 of 9, 2 of 2 = 259; September 1-15: 9 of 2, 6
        // of 12 = 90
        assertThat(fromTotals.dailyAverage())
                .isEqualByComparingTo(
                        new BigDecimal("546").divide(new BigDecimal("77"), 4, java.math.RoundingMode.HALF_UP));
        assertThat(fromTotals.peak()).isEqualByComparingTo("31");
        assertThat(fromTotals.latest()).isEqualByComparingTo("12");
        // totals cannot answer for part of a month
        assertThatThrownBy(() -> UsageMath.quantities(AUGUST.plusDays(1), AUGUST.plusMonths(1), q("6"), mixed))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static UsageMath.MonthTotals totals(MonthSteps steps) {
        return new UsageMath.MonthTotals(steps.month(), steps.total(), steps.peak(), steps.closing());
    }

    @Test
    void emptyPeriodsAreRefused() {
        assertThatThrownBy(() -> UsageMath.quantities(JULY, JULY, BigDecimal.ZERO, new TreeMap<>()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
