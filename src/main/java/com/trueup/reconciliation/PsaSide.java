package com.trueup.reconciliation;

import com.trueup.shared.Quantities;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * What the PSA bills for one (company, product): {@code contractLineCount} active recurring lines summing to
 * {@code psaQuantity}. The difference is written to the target line {@code contractLineId} (the line with the largest
 * quantity), so {@code otherLinesQuantity} stays as it is. Prices come from the target line, or from the product for
 * new revenue ({@code contractLineCount} 0, no target line).
 */
record PsaSide(
        UUID contractLineId,
        int contractLineCount,
        BigDecimal targetLineQuantity,
        BigDecimal otherLinesQuantity,
        BigDecimal unitPrice,
        BigDecimal unitCost) {

    BigDecimal psaQuantity() {
        return Quantities.orZero(targetLineQuantity).add(Quantities.orZero(otherLinesQuantity));
    }

    boolean hasLine() {
        return contractLineCount > 0;
    }
}
