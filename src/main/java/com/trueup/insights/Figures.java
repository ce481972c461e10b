package com.trueup.insights;

import com.trueup.reconciliation.ReconciledLine;
import com.trueup.shared.Quantities;
import java.math.BigDecimal;

/**
 * The money figures of a line, or a sum of lines (a service, a client, a month), all at the one quantity scale ({@link Quantities}).
 * {@code margin} = billedRevenue − vendorCost; {@code marginPercent} = margin / billedRevenue × 100 (scale 2, null when
 * nothing is billed).
 */
record Figures(
        BigDecimal billedRevenue,
        BigDecimal vendorCost,
        BigDecimal margin,
        BigDecimal marginPercent,
        BigDecimal revenueLeak,
        BigDecimal overBilling) {

    static final Figures NONE = of(Quantities.ZERO, Quantities.ZERO, Quantities.ZERO, Quantities.ZERO);

    static Figures of(BigDecimal billedRevenue, BigDecimal vendorCost, BigDecimal revenueLeak, BigDecimal overBilling) {
        BigDecimal margin = billedRevenue.subtract(vendorCost);
        return new Figures(
                billedRevenue, vendorCost, margin, Decimals.percent(margin, billedRevenue), revenueLeak, overBilling);
    }

    /**
     * One mapped line: billed revenue = PSA quantity × unit price; vendor cost = vendor quantity × unit cost; revenue
     * leak = (vendor − PSA quantity, when positive) × unit price, so usage without a contract line (new revenue, PSA
     * quantity 0) leaks in full; over-billing = (PSA − vendor quantity, when positive) × unit price. Each rounded to
     * the quantity scale; a missing price or cost counts as 0.
     */
    static Figures ofLine(ReconciledLine line) {
        BigDecimal vendor = Quantities.orZero(line.vendorQuantity());
        BigDecimal psa = Quantities.orZero(line.psaQuantity());
        BigDecimal difference = vendor.subtract(psa);
        return of(
                Decimals.times(psa, line.unitPrice()),
                Decimals.times(vendor, line.unitCost()),
                Decimals.times(Decimals.positivePart(difference), line.unitPrice()),
                Decimals.times(Decimals.positivePart(difference.negate()), line.unitPrice()));
    }

    Figures plus(Figures other) {
        return of(
                billedRevenue.add(other.billedRevenue),
                vendorCost.add(other.vendorCost),
                revenueLeak.add(other.revenueLeak),
                overBilling.add(other.overBilling));
    }
}
