package com.trueup.insights;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How figures read on the page and in messages: money rounded to cents (display only), quantities exact. */
final class Display {

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter SHORT_MONTH = DateTimeFormatter.ofPattern("MMM yyyy", Locale.ENGLISH);

    private Display() {
    }

    static String money(BigDecimal value) {
        return value == null ? "–" : String.format(Locale.ENGLISH, "%,.2f", value.setScale(2, RoundingMode.HALF_UP));
    }

    static String qty(BigDecimal value) {
        if (value == null) {
            return "–";
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    static String percent(BigDecimal value) {
        return value == null ? "–" : value.setScale(1, RoundingMode.HALF_UP).toPlainString() + " %";
    }

    static String month(YearMonth month) {
        return month.atDay(1).format(MONTH);
    }

    static String shortMonth(YearMonth month) {
        return month.atDay(1).format(SHORT_MONTH);
    }
}
