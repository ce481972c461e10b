package com.trueup.mapping;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link Mappings} in memory, for the tests of the modules that read the mappings through it. Thread-safe; tests use
 * fresh organisations and never see each other's mappings.
 */
public final class FakeMappings implements Mappings {

    private record Owned<T>(UUID tenantId, T mapping) {}

    private final List<Owned<AccountMapping>> accounts = new CopyOnWriteArrayList<>();
    private final List<Owned<ServiceMapping>> services = new CopyOnWriteArrayList<>();

    /** Maps the account to the PSA company, or excludes it when {@code companyId} is null. */
    public void mapAccount(UUID tenantId, UUID integrationId, UUID accountId, UUID companyId) {
        accounts.add(new Owned<>(tenantId, new AccountMapping(integrationId, accountId, companyId, companyId == null)));
    }

    /** Maps the service to the PSA products, or excludes it when there are none. */
    public void mapService(UUID tenantId, UUID integrationId, UUID serviceId, UUID... productIds) {
        services.add(new Owned<>(
                tenantId, new ServiceMapping(integrationId, serviceId, List.of(productIds), productIds.length == 0)));
    }

    @Override
    public List<AccountMapping> accountMappings(UUID tenantId) {
        return accounts.stream()
                .filter(m -> m.tenantId().equals(tenantId))
                .map(Owned::mapping)
                .toList();
    }

    @Override
    public List<ServiceMapping> serviceMappings(UUID tenantId) {
        return services.stream()
                .filter(m -> m.tenantId().equals(tenantId))
                .map(Owned::mapping)
                .toList();
    }
}
