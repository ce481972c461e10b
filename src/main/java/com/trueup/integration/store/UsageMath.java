package com.trueup.integration.store;

import static com.trueup.shared.Quantities.divide;
import static com.trueup.shared.Quantities.normalize;

import com.trueup.shared.Quantities;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The billing math of a vendor count series, free of storage. A count holds from its day until the next count (a step
 * function); days before the first count are 0. A series is stored per calendar month as {@link MonthSteps}: the count
 * in force when the month starts ({@code opening}) and the counts posted on days of that month.
 * <ul>
 *   <li>daily average of [start, end) = sum over every day of the count in force / number of days, at the one scale
 *       of {@link com.trueup.shared.Quantities} (4 decimals, half up), as are latest and peak;</li>
 *   <li>latest = the count in force on the last day; peak = the highest count in force on any day.</li>
 * </ul>
 */
public final class UsageMath {

    private UsageMath() {}

    /** What the period math needs of one stored month of a series. */
    sealed interface MonthUsage permits MonthSteps, MonthTotals {

        /** Sum of the count in force over the days [fromDay, toDayExclusive) of this month. */
        BigDecimal sum(int fromDay, int toDayExclusive);

        /** The highest count in force on any day of [fromDay, toDayExclusive). */
        BigDecimal max(int fromDay, int toDayExclusive);

        /** The count in force on a day of this month. */
        BigDecimal valueOn(int day);

        /** The count in force at the end of this month. */
        BigDecimal closing();
    }

    /**
     * A whole month as its stored aggregates (sum over all its days, peak, closing): what a period that covers the
     * month entirely needs, without its daily counts. Asking it about part of the month is a programming error.
     */
    record MonthTotals(LocalDate month, BigDecimal total, BigDecimal peak, BigDecimal closing) implements MonthUsage {

        @Override
        public BigDecimal sum(int fromDay, int toDayExclusive) {
            requireWholeMonth(fromDay, toDayExclusive);
            return total;
        }

        @Override
        public BigDecimal max(int fromDay, int toDayExclusive) {
            requireWholeMonth(fromDay, toDayExclusive);
            return peak;
        }

        @Override
        public BigDecimal valueOn(int day) {
            if (day != month.lengthOfMonth()) {
                throw new IllegalArgumentException(
                        "the totals of " + month + " know only its last day, not day " + day);
            }
            return closing;
        }

        private void requireWholeMonth(int fromDay, int toDayExclusive) {
            if (fromDay != 1 || toDayExclusive != month.lengthOfMonth() + 1) {
                throw new IllegalArgumentException("the totals of " + month + " cover the whole month, not days ["
                        + fromDay + ", " + toDayExclusive + ")");
            }
        }
    }

    /** The step function of one series within one calendar month; {@code days} maps day of month to the count of that day. */
    record MonthSteps(LocalDate month, BigDecimal opening, NavigableMap<Integer, BigDecimal> days)
            implements MonthUsage {

        MonthSteps {
            if (month.getDayOfMonth() != 1) {
                throw new IllegalArgumentException("month must be the first day of a month: " + month);
            }
        }

        static MonthSteps empty(LocalDate month, BigDecimal opening) {
            return new MonthSteps(month, opening, new TreeMap<>());
        }

        int length() {
            return month.lengthOfMonth();
        }

        @Override
        public BigDecimal valueOn(int day) {
            Map.Entry<Integer, BigDecimal> entry = days.floorEntry(day);
            return entry == null ? opening : entry.getValue();
        }

        @Override
        public BigDecimal closing() {
            return days.isEmpty() ? opening : days.lastEntry().getValue();
        }

        @Override
        public BigDecimal sum(int fromDay, int toDayExclusive) {
            BigDecimal sum = BigDecimal.ZERO;
            int day = fromDay;
            BigDecimal value = valueOn(fromDay);
            for (Map.Entry<Integer, BigDecimal> change :
                    days.subMap(fromDay, false, toDayExclusive, false).entrySet()) {
                sum = sum.add(value.multiply(BigDecimal.valueOf(change.getKey() - day)));
                day = change.getKey();
                value = change.getValue();
            }
            return sum.add(value.multiply(BigDecimal.valueOf(toDayExclusive - day)));
        }

        @Override
        public BigDecimal max(int fromDay, int toDayExclusive) {
            BigDecimal max = valueOn(fromDay);
            for (BigDecimal value :
                    days.subMap(fromDay, false, toDayExclusive, false).values()) {
                max = max.max(value);
            }
            return max;
        }

        BigDecimal total() {
            return sum(1, length() + 1);
        }

        BigDecimal peak() {
            return max(1, length() + 1);
        }

        /** A copy with the opening replaced (the count in force before this month changed). */
        MonthSteps withOpening(BigDecimal newOpening) {
            return new MonthSteps(month, newOpening, days);
        }
    }

    /** Daily average, latest and peak of a series over a period, at the one quantity scale. */
    record Quantities(BigDecimal dailyAverage, BigDecimal latest, BigDecimal peak) {}

    /**
     * Quantities of one series over [start, endExclusive). {@code months} holds the stored months of the series
     * that fall in the period (a month the period covers entirely may be given as its {@link MonthTotals}); a month
     * without an entry carries the count in force before it. {@code carryIn} is
     * the count in force on the day before {@code start}'s month (0 when the series had not started).
     */
    static Quantities quantities(
            LocalDate start,
            LocalDate endExclusive,
            BigDecimal carryIn,
            NavigableMap<LocalDate, ? extends MonthUsage> months) {
        if (!start.isBefore(endExclusive)) {
            throw new IllegalArgumentException("empty period [" + start + ", " + endExclusive + ")");
        }
        LocalDate last = endExclusive.minusDays(1);
        LocalDate lastMonth = last.withDayOfMonth(1);
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal peak = null;
        BigDecimal latest = carryIn;
        BigDecimal carry = carryIn;
        for (LocalDate month = start.withDayOfMonth(1); !month.isAfter(lastMonth); month = month.plusMonths(1)) {
            int from = month.equals(start.withDayOfMonth(1)) ? start.getDayOfMonth() : 1;
            int to = month.equals(lastMonth) ? last.getDayOfMonth() + 1 : month.lengthOfMonth() + 1;
            MonthUsage steps = months.get(month);
            if (steps == null) {
                sum = sum.add(carry.multiply(BigDecimal.valueOf(to - from)));
                peak = peak == null ? carry : peak.max(carry);
                latest = carry;
            } else {
                sum = sum.add(steps.sum(from, to));
                BigDecimal max = steps.max(from, to);
                peak = peak == null ? max : peak.max(max);
                latest = steps.valueOn(to - 1);
                carry = steps.closing();
            }
        }
        long dayCount = ChronoUnit.DAYS.between(start, endExclusive);
        BigDecimal average = divide(sum, BigDecimal.valueOf(dayCount));
        return new Quantities(average, normalize(latest), normalize(peak));
    }

    /** "day:quantity,day:quantity" in day order, quantities without trailing zeros; "" for no counts. */
    public static String encode(NavigableMap<Integer, BigDecimal> days) {
        StringBuilder text = new StringBuilder(days.size() * 6);
        for (Map.Entry<Integer, BigDecimal> entry : days.entrySet()) {
            if (!text.isEmpty()) {
                text.append(',');
            }
            BigDecimal value = entry.getValue().stripTrailingZeros();
            text.append(entry.getKey())
                    .append(':')
                    .append(value.scale() < 0 ? value.setScale(0).toPlainString() : value.toPlainString());
        }
        return text.toString();
    }

    /** The days of {@link #encode}. */
    public static NavigableMap<Integer, BigDecimal> decode(String text) {
        NavigableMap<Integer, BigDecimal> days = new TreeMap<>();
        if (text == null || text.isEmpty()) {
            return days;
        }
        int position = 0;
        while (position < text.length()) {
            int colon = text.indexOf(':', position);
            int comma = text.indexOf(',', colon);
            if (comma < 0) {
                comma = text.length();
            }
            days.put(
                    Integer.parseInt(text, position, colon, 10),
                    normalize(new BigDecimal(text.substring(colon + 1, comma))));
            position = comma + 1;
        }
        return days;
    }
}
