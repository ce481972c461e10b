package com.trueup.psa;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A PSA connection as other modules see it: never its credentials. {@code type} is one of sandbox, connectwise,
 * autotask, halopsa, ... ; {@code defaultEffectiveDate} is FIRST_OF_NEXT_MONTH or TODAY.
 */
public record PsaConnectionInfo(UUID id, UUID tenantId, String type, String name, String status,
                                QuantityRounding rounding, String defaultEffectiveDate, ConnectorCapabilities capabilities) {

    /** The quantity that will be written for an exact vendor quantity: whole for integer-only PSAs, else scale 4. */
    public BigDecimal quantityToWrite(BigDecimal exact) {
        return capabilities.integerQuantitiesOnly() ? rounding.toWhole(exact) : exact.setScale(4, RoundingMode.HALF_UP);
    }

    /** The effective date of a write-back approved on {@code today} unless the user picks another. */
    public LocalDate effectiveDateFor(LocalDate today) {
        return "TODAY".equals(defaultEffectiveDate) ? today : today.withDayOfMonth(1).plusMonths(1);
    }
}
