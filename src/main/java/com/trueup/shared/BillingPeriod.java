package com.trueup.shared;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * A billing period: a calendar month of the organisation's time zone as the half-open day range
 * {@code [start, end)}. A closed month ends on the 1st of the next month; the current month ends after
 * {@code today} (month to date: the 1st through today, today included). Months after today's are not periods.
 * Every module that bills, reports or checks a month takes its days from here; {@link TenantCalendar} gives the
 * organisation's today.
 */
public record BillingPeriod(YearMonth month, LocalDate start, LocalDate end, boolean monthToDate) {

    private static final Pattern FORMAT = Pattern.compile("\\d{4}-\\d{2}");

    /** The period of {@code month} as seen on {@code today}; months after today's month are refused (400 on {@code period}). */
    public static BillingPeriod of(YearMonth month, LocalDate today) {
        YearMonth current = YearMonth.from(today);
        if (month.isAfter(current)) {
            throw new InvalidInputException(
                    "period", "period " + month + " is in the future; the latest is " + current);
        }
        if (month.equals(current)) {
            return new BillingPeriod(month, month.atDay(1), today.plusDays(1), true);
        }
        return new BillingPeriod(month, month.atDay(1), month.plusMonths(1).atDay(1), false);
    }

    /** The month of {@code today}, to date. */
    public static BillingPeriod current(LocalDate today) {
        return of(YearMonth.from(today), today);
    }

    /** Parses {@code YYYY-MM}; a 400 naming {@code field} otherwise. */
    public static YearMonth parseMonth(String value, String field) {
        if (value == null || !FORMAT.matcher(value.trim()).matches()) {
            throw notAMonth(value, field);
        }
        try {
            return YearMonth.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw notAMonth(value, field);
        }
    }

    private static InvalidInputException notAMonth(String value, String field) {
        return new InvalidInputException(
                field, field + " must be a month as YYYY-MM, e.g. 2026-07 (got '" + value + "')");
    }

    /** Number of days counted: all days of a closed month, the 1st through today for the current month. */
    public long days() {
        return ChronoUnit.DAYS.between(start, end);
    }

    /** The last day counted (inclusive). */
    public LocalDate lastDay() {
        return end.minusDays(1);
    }

    /** The period's name on the wire and in storage: {@code YYYY-MM}. */
    public String key() {
        return month.toString();
    }
}
