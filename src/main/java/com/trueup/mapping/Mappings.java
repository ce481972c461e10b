package com.trueup.mapping;

import java.util.List;
import java.util.UUID;

/** The organisation's mappings, for reconciliation. Implemented in this module; filtered by {@code tenantId}. */
public interface Mappings {

    /** Mappings of all connected integrations of the organisation (unmapped accounts are absent). */
    List<AccountMapping> accountMappings(UUID tenantId);

    List<ServiceMapping> serviceMappings(UUID tenantId);
}
