package com.trueup.mapping.rules;

import com.trueup.integration.VendorAccount;
import com.trueup.integration.VendorDirectory;
import com.trueup.integration.VendorIntegration;
import com.trueup.integration.VendorService;
import com.trueup.shared.ConflictException;
import com.trueup.shared.NotFoundException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The vendor items mapping works on: connected integrations, their accounts and services, found or a 404/409. */
@Service
public class MappableItems {

    static final Set<String> MAPPABLE_STATUSES = Set.of("pending", "active");

    private final VendorDirectory vendors;

    MappableItems(VendorDirectory vendors) {
        this.vendors = vendors;
    }

    @Transactional(readOnly = true)
    public List<VendorIntegration> integrations(UUID tenantId) {
        return vendors.integrations(tenantId).stream()
                .filter(VendorIntegration::connected)
                .toList();
    }

    Set<UUID> connectedIntegrationIds(UUID tenantId) {
        return integrations(tenantId).stream().map(VendorIntegration::id).collect(Collectors.toSet());
    }

    public VendorIntegration requireIntegration(UUID tenantId, UUID integrationId) {
        return vendors.integration(tenantId, integrationId)
                .filter(VendorIntegration::connected)
                .orElseThrow(() -> NotFoundException.of("Vendor integration", integrationId));
    }

    /** A connected integration whose mappings may change: the vendor set it to pending or active (as on Gradient). */
    VendorIntegration requireMappable(UUID tenantId, UUID integrationId) {
        VendorIntegration integration = requireIntegration(tenantId, integrationId);
        if (!mappable(integration)) {
            throw new ConflictException("The integration '" + integration.name() + "' is " + integration.status()
                    + "; its accounts and services can be mapped once the vendor sets it to active or pending.");
        }
        return integration;
    }

    static boolean mappable(VendorIntegration integration) {
        return MAPPABLE_STATUSES.contains(integration.status());
    }

    /** The account with TrueUp's id {@code accountId}, or with the vendor's id if {@code byVendorId}. */
    public VendorAccount requireAccount(UUID tenantId, UUID integrationId, String id, boolean byVendorId) {
        return vendors.accounts(tenantId, integrationId).stream()
                .filter(a -> byVendorId
                        ? a.externalId().equals(id)
                        : a.id().toString().equals(id))
                .findFirst()
                .orElseThrow(() -> NotFoundException.of("Vendor account", id));
    }

    /** The service with TrueUp's id {@code serviceId}, or with the Vendor API's {@code _id} if {@code byVendorId}. */
    public VendorService requireService(UUID tenantId, UUID integrationId, String id, boolean byVendorId) {
        return vendors.services(tenantId, integrationId).stream()
                .filter(s -> byVendorId
                        ? s.externalId().equals(id)
                        : s.id().toString().equals(id))
                .findFirst()
                .orElseThrow(() -> NotFoundException.of("Vendor service", id));
    }
}
