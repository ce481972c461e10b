package com.trueup.integration;

import java.util.UUID;

/** A vendor SKU; {@code externalId} is the {@code _id} issued on the Vendor API (vendors post counts to it). */
public record VendorService(
        UUID id,
        UUID integrationId,
        String externalId,
        String name,
        String description,
        String category,
        String subcategory,
        CountingMode countingMode) {}
