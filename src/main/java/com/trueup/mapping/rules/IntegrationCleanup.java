package com.trueup.mapping.rules;

import static com.trueup.mapping.rules.MappingChangeLog.SYSTEM;

import com.trueup.integration.VendorDirectory;
import com.trueup.integration.VendorIntegration;
import com.trueup.mapping.store.MappingStore;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A disconnected integration loses its mappings, exclusions, auto-mapping blocks and finish state. */
@Service
class IntegrationCleanup {

    private final MappingStore store;
    private final VendorDirectory vendors;
    private final MappingChangeLog log;

    IntegrationCleanup(MappingStore store, VendorDirectory vendors, MappingChangeLog log) {
        this.store = store;
        this.vendors = vendors;
        this.log = log;
    }

    /** The integration was disconnected: all its mappings, exclusions and blocks go (reconnecting needs mapping again). */
    @Transactional
    public void integrationDisconnected(UUID tenantId, UUID integrationId) {
        int removed = store.deleteIntegration(tenantId, integrationId);
        String name = vendors.integration(tenantId, integrationId)
                .map(VendorIntegration::name)
                .orElse("integration " + integrationId);
        log.record(
                tenantId,
                SYSTEM,
                "mapping.integration-cleared",
                name,
                removed + " account and service mappings removed because the integration was disconnected");
        log.changed(tenantId, integrationId);
    }
}
