package com.trueup.mapping.rules;

import com.trueup.mapping.AccountMapping;
import com.trueup.mapping.Mappings;
import com.trueup.mapping.ServiceMapping;
import com.trueup.mapping.store.MappingStore;
import com.trueup.psa.PsaProduct;
import com.trueup.psa.PsaSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The mappings in effect of every connected integration, as reconciliation reads them. */
@Service
class ReconciliationMappings implements Mappings {

    private final MappingStore store;
    private final PsaSnapshot psa;
    private final MappableItems items;

    ReconciliationMappings(MappingStore store, PsaSnapshot psa, MappableItems items) {
        this.store = store;
        this.psa = psa;
        this.items = items;
    }

    @Override
    @Transactional(readOnly = true)
    public List<AccountMapping> accountMappings(UUID tenantId) {
        Set<UUID> connected = items.connectedIntegrationIds(tenantId);
        PsaSide side = PsaSide.of(psa, tenantId);
        List<AccountMapping> result = new ArrayList<>();
        for (MappingStore.AccountRow row : store.accountRows(tenantId)) {
            if (!connected.contains(row.integrationId())) {
                continue;
            }
            if (row.excluded()) {
                result.add(new AccountMapping(row.integrationId(), row.vendorAccountId(), null, true));
            } else {
                side.company(row)
                        .ifPresent(c -> result.add(
                                new AccountMapping(row.integrationId(), row.vendorAccountId(), c.id(), false)));
            }
        }
        return result;
    }

    @Override
    @Transactional(readOnly = true)
    public List<ServiceMapping> serviceMappings(UUID tenantId) {
        Set<UUID> connected = items.connectedIntegrationIds(tenantId);
        PsaSide side = PsaSide.of(psa, tenantId);
        List<ServiceMapping> result = new ArrayList<>();
        for (MappingStore.ServiceRow row : store.serviceRows(tenantId)) {
            if (!connected.contains(row.integrationId())) {
                continue;
            }
            if (row.excluded()) {
                result.add(new ServiceMapping(row.integrationId(), row.vendorServiceId(), List.of(), true));
            } else {
                List<PsaProduct> products = side.products(row);
                if (!products.isEmpty()) {
                    result.add(new ServiceMapping(
                            row.integrationId(),
                            row.vendorServiceId(),
                            products.stream().map(PsaProduct::id).toList(),
                            false));
                }
            }
        }
        return result;
    }
}
