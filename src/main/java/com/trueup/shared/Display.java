package com.trueup.shared;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How figures read on pages, in files and in messages, the same whatever the server's locale: quantities exact
 * ({@code 12.5}), money rounded half up to cents for display only with grouping ({@code 1,234.50}), dates in English.
 * Stored and computed values are never rounded here. Templates reach these as {@code #display} ({@link DisplayDialect}).
 */
public final class Display {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter SHORT_MONTH = DateTimeFormatter.ofPattern("MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ENGLISH);
    private static final String NONE = "–";

    /** One instance only, for templates; code calls the static methods. */
    Display() {}

    /** A quantity as it is, without trailing zeros or exponent: {@code 12.5}, {@code 100}. */
    public static String quantity(BigDecimal value) {
        if (value == null) {
            return NONE;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    /** A change of quantity with its sign: {@code +3}, {@code -1.5}, {@code 0}. */
    public static String signedQuantity(BigDecimal value) {
        return value == null ? NONE : (value.signum() > 0 ? "+" : "") + quantity(value);
    }

    /** Money to the cent with grouping: {@code 1,234.50}. */
    public static String money(BigDecimal value) {
        if (value == null) {
            return NONE;
        }
        // DecimalFormat is not thread-safe: one per call is cheap next to rendering a page
        DecimalFormat format = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ENGLISH));
        return format.format(value.setScale(2, RoundingMode.HALF_UP));
    }

    /** A change of money with its sign: {@code +12.00}. */
    public static String signedMoney(BigDecimal value) {
        return value == null ? NONE : (value.signum() > 0 ? "+" : "") + money(value);
    }

    /** Money with its currency code, without grouping (for messages): {@code USD 25.81}. */
    public static String money(BigDecimal amount, String currency) {
        return currency + " " + amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    /** A percentage to one decimal: {@code 12.5 %}. */
    public static String percent(BigDecimal value) {
        return value == null ? NONE : value.setScale(1, RoundingMode.HALF_UP).toPlainString() + " %";
    }

    /** A moment on the organisation's wall clock, to the minute: {@code 2026-07-31 10:00}. */
    public static String time(Instant at, ZoneId zone) {
        return at == null ? NONE : TIME.format(at.atZone(zone));
    }

    public static String day(LocalDate day) {
        return DAY.format(day);
    }

    public static String month(YearMonth month) {
        return MONTH.format(month);
    }

    public static String shortMonth(YearMonth month) {
        return SHORT_MONTH.format(month);
    }
}
