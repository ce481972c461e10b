package com.trueup.integration;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** Integrations with their counts of accounts, services and unmapped items, as the API and the UI show them. */
@Component
class IntegrationSummaries {

    private final Integrations integrations;
    private final VendorCatalog catalog;
    private final ObjectProvider<MappingLookup> mappings;

    IntegrationSummaries(Integrations integrations, VendorCatalog catalog, ObjectProvider<MappingLookup> mappings) {
        this.integrations = integrations;
        this.catalog = catalog;
        this.mappings = mappings;
    }

    record Summary(
            Integrations.Integration integration,
            long accounts,
            long services,
            long unmappedAccounts,
            long unmappedServices) {

        /** pending / active / inactive / error / disabled / disconnected, as the UI labels them. */
        public String statusLabel() {
            return switch (integration.status()) {
                case "active" -> "Active";
                case "pending" ->
                    integration.tokenIssuedAt() == null
                            ? "Pending: no token yet"
                            : integration.lastSyncedAt() == null ? "Pending: waiting for the vendor" : "Pending";
                case "inactive" -> "Inactive";
                case "error" -> "Error";
                case "disabled" -> "Disabled by the vendor";
                case "disconnected" -> "Disconnected";
                default -> integration.status();
            };
        }

        public String statusPill() {
            return switch (integration.status()) {
                case "active" -> "ok";
                case "pending" -> "info";
                case "error" -> "bad";
                case "inactive", "disabled" -> "warn";
                default -> "neutral";
            };
        }
    }

    List<Summary> list(UUID tenantId, boolean includeDisconnected) {
        Map<UUID, long[]> counts = integrations.counts(tenantId);
        return integrations.list(tenantId, includeDisconnected).stream()
                .map(i -> summary(i, counts.getOrDefault(i.id(), new long[2])))
                .toList();
    }

    Summary get(UUID tenantId, UUID integrationId) {
        Integrations.Integration integration = integrations.get(tenantId, integrationId);
        return summary(integration, integrations.counts(tenantId).getOrDefault(integrationId, new long[2]));
    }

    private Summary summary(Integrations.Integration i, long[] counts) {
        MappingLookup lookup = mappings.getIfAvailable();
        long mappedAccounts = 0;
        long mappedServices = 0;
        if (lookup != null && i.connected()) {
            mappedAccounts = lookup.accountMappings(i.tenantId(), i.id()).size();
            mappedServices = lookup.serviceMappings(i.tenantId(), i.id()).size();
        }
        return new Summary(
                i,
                counts[0],
                counts[1],
                Math.max(0, counts[0] - mappedAccounts),
                Math.max(0, counts[1] - mappedServices));
    }

    Map<UUID, MappingLookup.MappingSummary> accountMappings(UUID tenantId, UUID integrationId) {
        MappingLookup lookup = mappings.getIfAvailable();
        return lookup == null ? Map.of() : lookup.accountMappings(tenantId, integrationId);
    }

    Map<UUID, MappingLookup.MappingSummary> serviceMappings(UUID tenantId, UUID integrationId) {
        MappingLookup lookup = mappings.getIfAvailable();
        return lookup == null ? Map.of() : lookup.serviceMappings(tenantId, integrationId);
    }

    List<VendorCatalog.Account> accounts(UUID tenantId, UUID integrationId) {
        return catalog.accounts(tenantId, integrationId);
    }
}
