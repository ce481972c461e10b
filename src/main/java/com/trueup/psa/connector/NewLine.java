package com.trueup.psa.connector;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A recurring line to add for new revenue: {@code product} for the company in the contract
 * {@code contractExternalId} (resolved by TrueUp before the connector is asked to find or create the line).
 */
public record NewLine(
        String companyExternalId,
        String contractExternalId,
        RemoteProduct product,
        BigDecimal quantity,
        LocalDate effectiveDate,
        String idempotencyKey) {}
