package com.trueup.psa;

import java.math.BigDecimal;
import java.util.UUID;

/** A catalog item / product / service in the PSA snapshot; {@code identifier} is the PSA's product code (e.g. ConnectWise Product ID). */
public record PsaProduct(
        UUID id,
        UUID connectionId,
        String externalId,
        String identifier,
        String name,
        BigDecimal unitPrice,
        BigDecimal unitCost) {}
