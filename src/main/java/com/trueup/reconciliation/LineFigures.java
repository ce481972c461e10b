package com.trueup.reconciliation;

import com.trueup.psa.PsaConnectionInfo;
import com.trueup.shared.Quantities;
import java.math.BigDecimal;

/**
 * The numbers of one line: difference = vendor − PSA; quantityToWrite = the total the PSA bills after the write
 * (rounded by the connection for integer-only PSAs); revenueChange = difference × unitPrice; profitChange =
 * difference × (unitPrice − unitCost). Unmapped lines have only a vendor quantity.
 */
record LineFigures(
        BigDecimal vendorQuantity,
        BigDecimal psaQuantity,
        BigDecimal quantityToWrite,
        BigDecimal difference,
        BigDecimal revenueChange,
        BigDecimal profitChange,
        LineStatus status) {

    static LineFigures unmapped(BigDecimal vendorQuantity) {
        return new LineFigures(Quantities.normalize(vendorQuantity), null, null, null, null, null, LineStatus.UNMAPPED);
    }

    static LineFigures of(BigDecimal vendorQuantity, PsaSide psa, PsaConnectionInfo connection) {
        BigDecimal vendor = Quantities.normalize(vendorQuantity);
        BigDecimal psaQuantity = psa.psaQuantity();
        BigDecimal toWrite = Quantities.normalize(connection == null ? vendor : connection.quantityToWrite(vendor));
        BigDecimal difference = vendor.subtract(psaQuantity);
        BigDecimal revenue =
                psa.unitPrice() == null ? null : Quantities.normalize(difference.multiply(psa.unitPrice()));
        BigDecimal profit = psa.unitPrice() == null
                ? null
                : Quantities.normalize(
                        difference.multiply(psa.unitPrice().subtract(Quantities.orZero(psa.unitCost()))));
        LineStatus status;
        if (!psa.hasLine()) {
            status = toWrite.signum() > 0 ? LineStatus.NEW_REVENUE : LineStatus.NO_CHANGE;
        } else {
            status = toWrite.compareTo(psaQuantity) == 0 ? LineStatus.NO_CHANGE : LineStatus.RECONCILE;
        }
        return new LineFigures(vendor, psaQuantity, toWrite, difference, revenue, profit, status);
    }

    /**
     * The absolute quantity to set on the target line so the PSA's total becomes {@code total}; negative when the
     * other lines alone bill more than {@code total}.
     */
    static BigDecimal targetLineQuantity(BigDecimal total, PsaSide psa) {
        return Quantities.normalize(total.subtract(Quantities.orZero(psa.otherLinesQuantity())));
    }
}
