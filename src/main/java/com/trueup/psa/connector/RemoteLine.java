package com.trueup.psa.connector;

import java.math.BigDecimal;

/** A recurring line of a contract; {@code active} is false for cancelled / ended / inactive lines. */
public record RemoteLine(String externalId, String contractExternalId, String companyExternalId, String productExternalId,
                         BigDecimal quantity, BigDecimal unitPrice, BigDecimal unitCost, boolean active) {
}
