package com.trueup.notification;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How figures read in messages: fixed English formats, whatever the server's locale. */
final class Formats {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);

    private Formats() {
    }

    /** Money to the cent, half up, with the currency code: {@code USD 25.81}. */
    static String money(BigDecimal amount, String currency) {
        return currency + " " + amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    static String quantity(BigDecimal q) {
        if (q == null) {
            return "–";
        }
        BigDecimal stripped = q.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    static String day(LocalDate day) {
        return DAY.format(day);
    }

    static String month(YearMonth month) {
        return MONTH.format(month);
    }
}
