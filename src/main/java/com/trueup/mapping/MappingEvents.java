package com.trueup.mapping;

import java.util.UUID;

/** Events the mapping module publishes. */
public final class MappingEvents {

    private MappingEvents() {}

    /** Any mapping of the integration was added, changed, excluded or removed; reconciliation re-syncs (debounced). */
    public record MappingsChanged(UUID tenantId, UUID integrationId) {}
}
