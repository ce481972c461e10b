package com.trueup.mapping;

import java.util.UUID;

/** A vendor account linked to one PSA company, or excluded (not billed: internal, free, ...). */
public record AccountMapping(UUID integrationId, UUID vendorAccountId, UUID psaCompanyId, boolean excluded) {}
