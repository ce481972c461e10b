package com.trueup.psa;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * An active recurring line of a billable contract in the PSA snapshot (ConnectWise agreement addition,
 * Autotask contract service, HaloPSA recurring invoice line, ...). Cancelled lines, non-recurring contracts and
 * inactive companies are not in the snapshot's billable lines. {@code readOnlyReason} is set when the PSA computes the
 * line's quantity itself: it is billed, but TrueUp never writes it. {@code nextInvoiceDate}: when the PSA next invoices
 * the contract, where it tells (a change applies from then in PSAs that take no effective date), else null.
 */
public record PsaContractLine(
        UUID id,
        UUID connectionId,
        UUID companyId,
        UUID productId,
        String externalContractId,
        String contractName,
        String externalLineId,
        BigDecimal quantity,
        BigDecimal unitPrice,
        BigDecimal unitCost,
        String readOnlyReason,
        java.time.LocalDate nextInvoiceDate) {

    public boolean readOnly() {
        return readOnlyReason != null;
    }
}
