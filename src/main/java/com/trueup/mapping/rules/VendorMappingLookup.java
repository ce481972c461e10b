package com.trueup.mapping.rules;

import com.trueup.integration.MappingLookup;
import com.trueup.mapping.store.MappingStore;
import com.trueup.psa.PsaProduct;
import com.trueup.psa.PsaSnapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The mappings in effect of one integration, as the vendor module's pages and API show them. */
@Service
class VendorMappingLookup implements MappingLookup {

    private final MappingStore store;
    private final PsaSnapshot psa;

    VendorMappingLookup(MappingStore store, PsaSnapshot psa) {
        this.store = store;
        this.psa = psa;
    }

    /** Accounts of the integration whose mapping or exclusion is in effect, by TrueUp's vendor account id. */
    @Override
    @Transactional(readOnly = true)
    public Map<UUID, MappingSummary> accountMappings(UUID tenantId, UUID integrationId) {
        PsaSide side = PsaSide.of(psa, tenantId);
        Map<UUID, MappingSummary> result = new HashMap<>();
        for (MappingStore.AccountRow row : store.accountRows(tenantId, integrationId)) {
            if (row.excluded()) {
                result.put(row.vendorAccountId(), MappingSummary.excludedItem());
            } else {
                side.company(row)
                        .ifPresent(c ->
                                result.put(row.vendorAccountId(), MappingSummary.mapped(List.of(c.id()), c.name())));
            }
        }
        return result;
    }

    /** Services of the integration whose mapping or exclusion is in effect, by TrueUp's vendor service id. */
    @Override
    @Transactional(readOnly = true)
    public Map<UUID, MappingSummary> serviceMappings(UUID tenantId, UUID integrationId) {
        PsaSide side = PsaSide.of(psa, tenantId);
        Map<UUID, MappingSummary> result = new HashMap<>();
        for (MappingStore.ServiceRow row : store.serviceRows(tenantId, integrationId)) {
            if (row.excluded()) {
                result.put(row.vendorServiceId(), MappingSummary.excludedItem());
            } else {
                List<PsaProduct> products = side.products(row);
                if (!products.isEmpty()) {
                    result.put(
                            row.vendorServiceId(),
                            MappingSummary.mapped(
                                    products.stream().map(PsaProduct::id).toList(),
                                    products.stream().map(PsaProduct::name).collect(Collectors.joining(", "))));
                }
            }
        }
        return result;
    }
}
