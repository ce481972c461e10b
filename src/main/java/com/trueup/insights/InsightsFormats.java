package com.trueup.insights;

import com.trueup.shared.Display;
import java.math.BigDecimal;
import java.time.YearMonth;

/** Formats for the insights page's template (public methods: for templates). */
final class InsightsFormats {

    public String money(BigDecimal value) {
        return Display.money(value);
    }

    public String qty(BigDecimal value) {
        return Display.quantity(value);
    }

    public String signedQty(BigDecimal value) {
        return value == null ? "–" : (value.signum() > 0 ? "+" : "") + Display.quantity(value);
    }

    public String percent(BigDecimal value) {
        return Display.percent(value);
    }

    public String month(String period) {
        return Display.month(YearMonth.parse(period));
    }

    public boolean negative(BigDecimal value) {
        return value != null && value.signum() < 0;
    }

    public boolean positive(BigDecimal value) {
        return value != null && value.signum() > 0;
    }

    public String reasonPill(String code) {
        return "negative-margin".equals(code) ? "bad" : "warn";
    }
}
