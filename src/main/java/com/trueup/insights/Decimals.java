package com.trueup.insights;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** The arithmetic of the figures: money and quantities at scale 4 (half up), percentages at scale 2. Never binary floats. */
final class Decimals {

    static final int SCALE = 4;
    static final BigDecimal ZERO = BigDecimal.ZERO.setScale(SCALE);
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Decimals() {
    }

    static BigDecimal orZero(BigDecimal value) {
        return value == null ? ZERO : value.setScale(SCALE, RoundingMode.HALF_UP);
    }

    /** quantity × price at scale 4; a missing price or quantity counts as 0. */
    static BigDecimal times(BigDecimal quantity, BigDecimal price) {
        return orZero(quantity).multiply(orZero(price)).setScale(SCALE, RoundingMode.HALF_UP);
    }

    static BigDecimal positivePart(BigDecimal value) {
        return value.signum() > 0 ? value : ZERO;
    }

    /** part / whole × 100 at scale 2; null when whole is zero (a percentage of nothing means nothing). */
    static BigDecimal percent(BigDecimal part, BigDecimal whole) {
        if (whole == null || whole.signum() == 0) {
            return null;
        }
        return part.multiply(HUNDRED).divide(whole, 2, RoundingMode.HALF_UP);
    }
}
