package com.trueup.insights;

import com.trueup.shared.Display;
import java.math.BigDecimal;
import java.time.YearMonth;

/** Formats for the insights page's template (public methods: for templates). */
final class InsightsFormats {

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
