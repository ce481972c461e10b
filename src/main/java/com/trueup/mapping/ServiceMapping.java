package com.trueup.mapping;

import java.util.List;
import java.util.UUID;

/**
 * A vendor service linked to one or more PSA products (a bundle: each product bills the full vendor quantity),
 * or excluded. Several services may link to the same product; that product's vendor quantity is their sum.
 */
public record ServiceMapping(UUID integrationId, UUID vendorServiceId, List<UUID> psaProductIds, boolean excluded) {}
