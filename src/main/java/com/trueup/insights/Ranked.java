package com.trueup.insights;

import java.math.BigDecimal;

/** A row of a report that can be sorted by its figures (services, clients). */
interface Ranked {

    String name();

    BigDecimal billedRevenue();

    BigDecimal vendorCost();

    BigDecimal margin();

    BigDecimal marginPercent();

    BigDecimal revenueLeak();

    BigDecimal overBilling();
}
