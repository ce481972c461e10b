package com.trueup.psa;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** How an exact quantity becomes a whole number for PSAs that accept only integers (Autotask). */
public enum QuantityRounding {
    /** Half up: 14.5 → 15, 14.2 → 14 (what Gradient documents). The default. */
    NEAREST(RoundingMode.HALF_UP),
    /** Ceiling: 14.2 → 15 (what Keeper documents). */
    UP(RoundingMode.CEILING);

    private final RoundingMode mode;

    QuantityRounding(RoundingMode mode) {
        this.mode = mode;
    }

    public BigDecimal toWhole(BigDecimal exact) {
        return exact.setScale(0, mode);
    }
}
