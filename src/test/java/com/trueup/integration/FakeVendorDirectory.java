package com.trueup.integration;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link VendorDirectory} in memory, for the unit tests of the modules that read vendor integrations, accounts and
 * services through it. Usage is empty.
 */
public final class FakeVendorDirectory implements VendorDirectory {

    private final Map<UUID, VendorIntegration> integrations = new LinkedHashMap<>();
    private final Map<UUID, List<VendorAccount>> accounts = new LinkedHashMap<>();
    private final Map<UUID, List<VendorService>> services = new LinkedHashMap<>();

    public VendorIntegration addIntegration(UUID tenantId, String name) {
        var integration = new VendorIntegration(UUID.randomUUID(), tenantId, "keeper", name, "active", null);
        integrations.put(integration.id(), integration);
        accounts.put(integration.id(), new ArrayList<>());
        services.put(integration.id(), new ArrayList<>());
        return integration;
    }

    public VendorAccount addAccount(VendorIntegration integration, String externalId, String name, Instant createdAt) {
        var account = new VendorAccount(UUID.randomUUID(), integration.id(), externalId, name, null, createdAt);
        accounts.get(integration.id()).add(account);
        return account;
    }

    public VendorService addService(VendorIntegration integration, String name) {
        var service = new VendorService(
                UUID.randomUUID(),
                integration.id(),
                "svc-" + UUID.randomUUID(),
                name,
                null,
                null,
                null,
                CountingMode.DAILY_AVERAGE);
        services.get(integration.id()).add(service);
        return service;
    }

    public void disconnect(VendorIntegration integration) {
        integrations.put(
                integration.id(),
                new VendorIntegration(
                        integration.id(),
                        integration.tenantId(),
                        integration.vendor(),
                        integration.name(),
                        "disconnected",
                        integration.lastSyncedAt()));
    }

    public VendorIntegration setStatus(VendorIntegration integration, String status) {
        var changed = new VendorIntegration(
                integration.id(),
                integration.tenantId(),
                integration.vendor(),
                integration.name(),
                status,
                integration.lastSyncedAt());
        integrations.put(integration.id(), changed);
        return changed;
    }

    public void reconnect(VendorIntegration integration) {
        integrations.put(integration.id(), integration);
    }

    @Override
    public List<VendorIntegration> integrations(UUID tenantId) {
        return integrations.values().stream()
                .filter(i -> i.tenantId().equals(tenantId) && i.connected())
                .toList();
    }

    @Override
    public Optional<VendorIntegration> integration(UUID tenantId, UUID integrationId) {
        return Optional.ofNullable(integrations.get(integrationId))
                .filter(i -> i.tenantId().equals(tenantId));
    }

    @Override
    public List<VendorAccount> accounts(UUID tenantId, UUID integrationId) {
        return integration(tenantId, integrationId)
                .map(i -> List.copyOf(accounts.get(i.id())))
                .orElse(List.of());
    }

    @Override
    public List<VendorService> services(UUID tenantId, UUID integrationId) {
        return integration(tenantId, integrationId)
                .map(i -> List.copyOf(services.get(i.id())))
                .orElse(List.of());
    }

    @Override
    public List<UsageQuantity> usage(UUID tenantId, LocalDate start, LocalDate endExclusive) {
        return List.of();
    }

    @Override
    public Optional<UsageQuantity> usage(
            UUID tenantId,
            UUID integrationId,
            UUID accountId,
            UUID serviceId,
            LocalDate start,
            LocalDate endExclusive) {
        return Optional.empty();
    }

    /** Usage is always empty here, so its version never changes. */
    @Override
    public String usageVersion(UUID tenantId) {
        return "0:0:0:0";
    }
}
