package com.trueup.integration;

import com.trueup.integration.store.UsageQuantities;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** {@link VendorDirectory} over this module's tables; usage of disconnected integrations is left out. */
@Service
class JdbcVendorDirectory implements VendorDirectory {

    private final Integrations integrations;
    private final VendorCatalog catalog;
    private final UsageQuantities usage;

    JdbcVendorDirectory(Integrations integrations, VendorCatalog catalog, UsageQuantities usage) {
        this.integrations = integrations;
        this.catalog = catalog;
        this.usage = usage;
    }

    @Override
    public List<VendorIntegration> integrations(UUID tenantId) {
        return integrations.list(tenantId, false).stream()
                .map(Integrations.Integration::toApi)
                .toList();
    }

    @Override
    public Optional<VendorIntegration> integration(UUID tenantId, UUID integrationId) {
        return integrations.find(tenantId, integrationId).map(Integrations.Integration::toApi);
    }

    @Override
    public List<VendorAccount> accounts(UUID tenantId, UUID integrationId) {
        return catalog.accounts(tenantId, integrationId).stream()
                .map(VendorCatalog.Account::toApi)
                .toList();
    }

    @Override
    public List<VendorService> services(UUID tenantId, UUID integrationId) {
        return catalog.services(tenantId, integrationId).stream()
                .map(VendorCatalog.Service::toApi)
                .toList();
    }

    @Override
    public Map<UUID, ItemCounts> itemCounts(UUID tenantId) {
        Map<UUID, ItemCounts> counts = new LinkedHashMap<>();
        integrations.connectedCounts(tenantId).forEach((id, c) -> counts.put(id, new ItemCounts(c[0], c[1])));
        return counts;
    }

    @Override
    public List<UsageQuantity> usage(UUID tenantId, LocalDate start, LocalDate endExclusive) {
        return usage.usage(tenantId, null, start, endExclusive, true);
    }

    @Override
    public Optional<UsageQuantity> usage(
            UUID tenantId,
            UUID integrationId,
            UUID accountId,
            UUID serviceId,
            LocalDate start,
            LocalDate endExclusive) {
        return usage.usage(tenantId, integrationId, accountId, serviceId, start, endExclusive);
    }

    @Override
    public String usageVersion(UUID tenantId) {
        return usage.version(tenantId);
    }
}
