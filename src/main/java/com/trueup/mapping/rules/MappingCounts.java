package com.trueup.mapping.rules;

import com.trueup.integration.VendorDirectory;
import com.trueup.mapping.store.MappingStore;
import com.trueup.psa.PsaSnapshot;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Figures for the UI shell: how many items wait to be mapped, and whether any mapping was finished. */
@Service
public class MappingCounts {

    private final MappingStore store;
    private final VendorDirectory vendors;
    private final PsaSnapshot psa;
    private final MappableItems items;

    MappingCounts(MappingStore store, VendorDirectory vendors, PsaSnapshot psa, MappableItems items) {
        this.store = store;
        this.vendors = vendors;
        this.psa = psa;
        this.items = items;
    }

    /**
     * Unmapped (not excluded) accounts and services of all connected integrations: the navigation badge, read on every
     * page. The same figure as the sum of the boards' {@code counts().unmapped()}, without building them: the vendor
     * module counts the items, and every stored mapping or exclusion of a connected integration that is in effect
     * (the rule the boards apply, {@link PsaSide}) takes one off. Account mappings are read grouped by PSA company.
     * Accounts and services are never deleted and a mapping always belongs to an item of its integration, so the
     * subtraction is exact.
     */
    @Transactional(readOnly = true)
    public long unmappedCount(UUID tenantId) {
        Map<UUID, VendorDirectory.ItemCounts> counts = vendors.itemCounts(tenantId);
        long unmapped = counts.values().stream()
                .mapToLong(c -> c.accounts() + c.services())
                .sum();
        if (unmapped == 0) {
            return 0;
        }
        PsaSide side = PsaSide.of(psa, tenantId);
        for (MappingStore.AccountTally tally : store.accountTallies(tenantId)) {
            if (counts.containsKey(tally.integrationId())
                    && (tally.excluded()
                            || side.company(tally.psaConnectionId(), tally.psaCompanyId(), tally.psaCompanyExternalId())
                                    .isPresent())) {
                unmapped -= tally.accounts();
            }
        }
        for (MappingStore.ServiceRow row : store.serviceRows(tenantId)) {
            if (counts.containsKey(row.integrationId())
                    && (row.excluded() || !side.products(row).isEmpty())) {
                unmapped--;
            }
        }
        return unmapped;
    }

    /** True once the mapping of a connected integration was finished. */
    @Transactional(readOnly = true)
    public boolean anyFinished(UUID tenantId) {
        Set<UUID> finished = store.finishedIntegrations(tenantId);
        return !finished.isEmpty()
                && items.connectedIntegrationIds(tenantId).stream().anyMatch(finished::contains);
    }
}
