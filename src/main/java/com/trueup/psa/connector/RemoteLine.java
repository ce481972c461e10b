package com.trueup.psa.connector;

import java.math.BigDecimal;

/**
 * A recurring line of a contract; {@code active} is false for cancelled / ended / inactive lines. {@code readOnlyReason}
 * is set for lines whose quantity the PSA computes itself (counted from users, assets, licences...): TrueUp shows them
 * with the reason and never writes them; null for ordinary lines.
 */
public record RemoteLine(
        String externalId,
        String contractExternalId,
        String companyExternalId,
        String productExternalId,
        BigDecimal quantity,
        BigDecimal unitPrice,
        BigDecimal unitCost,
        boolean active,
        String readOnlyReason) {

    /** An ordinary line whose quantity TrueUp may set. */
    public RemoteLine(
            String externalId,
            String contractExternalId,
            String companyExternalId,
            String productExternalId,
            BigDecimal quantity,
            BigDecimal unitPrice,
            BigDecimal unitCost,
            boolean active) {
        this(
                externalId,
                contractExternalId,
                companyExternalId,
                productExternalId,
                quantity,
                unitPrice,
                unitCost,
                active,
                null);
    }
}
