package com.trueup.integration;

import java.time.Instant;
import java.util.UUID;

/** A client of the MSP as the vendor knows it; {@code externalId} is the vendor's own account id. */
public record VendorAccount(
        UUID id, UUID integrationId, String externalId, String name, String description, Instant createdAt) {}
