package com.trueup.insights;

import com.trueup.shared.Quantities;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The arithmetic of the figures: money and quantities at the one scale of {@link Quantities} (4 decimals, half up),
 * percentages at scale 2. Never binary floats.
 */
final class Decimals {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Decimals() {}

    /** quantity × price at the quantity scale; a missing price or quantity counts as 0. */
    static BigDecimal times(BigDecimal quantity, BigDecimal price) {
        return Quantities.normalize(Quantities.orZero(quantity).multiply(Quantities.orZero(price)));
    }

    static BigDecimal positivePart(BigDecimal value) {
        return value.signum() > 0 ? value : Quantities.ZERO;
    }

    /** part / whole × 100 at scale 2; null when whole is zero (a percentage of nothing means nothing). */
    static BigDecimal percent(BigDecimal part, BigDecimal whole) {
        if (whole == null || whole.signum() == 0) {
            return null;
        }
        return part.multiply(HUNDRED).divide(whole, 2, RoundingMode.HALF_UP);
    }
}
