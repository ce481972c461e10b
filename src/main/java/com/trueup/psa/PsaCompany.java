package com.trueup.psa;

import java.util.UUID;

/** A client company in the PSA snapshot; {@code externalId} is the PSA's own id. Only billable companies are listed. */
public record PsaCompany(UUID id, UUID connectionId, String externalId, String name) {}
