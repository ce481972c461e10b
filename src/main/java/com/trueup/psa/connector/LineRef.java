package com.trueup.psa.connector;

/** Identifies a recurring line in the PSA with everything a connector may need to address it. */
public record LineRef(
        String externalLineId, String externalContractId, String companyExternalId, String productExternalId) {}
