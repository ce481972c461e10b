package com.trueup.shared;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The one scale rule for quantities and the amounts computed from them (prices, costs, revenue), wherever they are
 * stored or compared: {@value #SCALE} decimals, rounded {@link RoundingMode#HALF_UP} (as the database's
 * {@code numeric(19,4)} columns). Values are compared with {@code compareTo}, never {@code equals}. Display rounding (money to
 * cents) is {@link Display}'s, and only for reading.
 */
public final class Quantities {

    public static final int SCALE = 4;
    public static final RoundingMode ROUNDING = RoundingMode.HALF_UP;
    public static final BigDecimal ZERO = BigDecimal.ZERO.setScale(SCALE);

    private Quantities() {}

    /** {@code value} at scale {@value #SCALE}, half up; null stays null. */
    public static BigDecimal normalize(BigDecimal value) {
        return value == null ? null : value.setScale(SCALE, ROUNDING);
    }

    /** {@code value} normalized, 0 when missing. */
    public static BigDecimal orZero(BigDecimal value) {
        return value == null ? ZERO : normalize(value);
    }

    /** {@code dividend / divisor} at scale {@value #SCALE}, half up (a daily average: sum over the days / days). */
    public static BigDecimal divide(BigDecimal dividend, BigDecimal divisor) {
        return dividend.divide(divisor, SCALE, ROUNDING);
    }

    /** Equal in value whatever the scale; two nulls are the same, a null and a number are not. */
    public static boolean same(BigDecimal a, BigDecimal b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.compareTo(b) == 0;
    }

    public static boolean isWhole(BigDecimal value) {
        return value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
    }
}
