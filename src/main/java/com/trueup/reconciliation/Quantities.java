package com.trueup.reconciliation;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Scale and comparison helpers: quantities and money are kept at scale 4, rounded half up, compared with compareTo. */
final class Quantities {

    static final int SCALE = 4;
    static final BigDecimal ZERO = BigDecimal.ZERO.setScale(SCALE);

    private Quantities() {
    }

    static BigDecimal q(BigDecimal value) {
        return value == null ? null : value.setScale(SCALE, RoundingMode.HALF_UP);
    }

    static BigDecimal orZero(BigDecimal value) {
        return value == null ? ZERO : q(value);
    }

    static boolean same(BigDecimal a, BigDecimal b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.compareTo(b) == 0;
    }

    static boolean isWhole(BigDecimal value) {
        return value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
    }
}
