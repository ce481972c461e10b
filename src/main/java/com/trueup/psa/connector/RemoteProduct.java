package com.trueup.psa.connector;

import java.math.BigDecimal;

/** A catalog item; {@code identifier} is the PSA's product code (ConnectWise Product ID, Autotask name, Halo code). */
public record RemoteProduct(
        String externalId, String identifier, String name, BigDecimal unitPrice, BigDecimal unitCost) {}
