package com.trueup.mapping.rules;

import static com.trueup.mapping.rules.MappingChangeLog.SYSTEM;
import static com.trueup.mapping.rules.MappingChangeLog.describe;
import static com.trueup.mapping.rules.MappingChangeLog.subject;

import com.trueup.integration.VendorAccount;
import com.trueup.integration.VendorDirectory;
import com.trueup.integration.VendorIntegration;
import com.trueup.integration.VendorService;
import com.trueup.mapping.store.MappingStore;
import com.trueup.psa.PsaCompany;
import com.trueup.psa.PsaProduct;
import com.trueup.psa.PsaSnapshot;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Maps vendor items by exact name, never over a person's decision (see package-info of the mapping module). */
@Service
class AutoMapping {

    private final MappingStore store;
    private final VendorDirectory vendors;
    private final PsaSnapshot psa;
    private final MappableItems items;
    private final MappingChangeLog log;
    private final Clock clock;

    AutoMapping(
            MappingStore store,
            VendorDirectory vendors,
            PsaSnapshot psa,
            MappableItems items,
            MappingChangeLog log,
            Clock clock) {
        this.store = store;
        this.vendors = vendors;
        this.psa = psa;
        this.items = items;
        this.log = log;
        this.clock = clock;
    }

    /**
     * Maps every vendor item of the integration (or of all connected integrations if {@code integrationId} is null)
     * that has no mapping, is not blocked, and whose trimmed name equals exactly one PSA item's trimmed name,
     * character for character. Returns how many mappings were created.
     */
    @Transactional
    public int autoMap(UUID tenantId, UUID integrationId) {
        PsaSide side = PsaSide.of(psa, tenantId);
        if (!side.connected()) {
            return 0;
        }
        List<VendorIntegration> targets = (integrationId == null
                        ? items.integrations(tenantId)
                        : vendors.integration(tenantId, integrationId).filter(VendorIntegration::connected).stream()
                                .toList())
                .stream().filter(MappableItems::mappable).toList();
        int total = 0;
        for (VendorIntegration integration : targets) {
            int created = autoMapAccounts(tenantId, integration, side) + autoMapServices(tenantId, integration, side);
            if (created > 0) {
                log.changed(tenantId, integration.id());
            }
            total += created;
        }
        return total;
    }

    private int autoMapAccounts(UUID tenantId, VendorIntegration integration, PsaSide side) {
        Map<String, List<PsaCompany>> byName = side.companies().stream()
                .filter(c -> !NameSimilarity.exactKey(c.name()).isEmpty())
                .collect(Collectors.groupingBy(c -> NameSimilarity.exactKey(c.name())));
        Map<UUID, MappingStore.AccountRow> rows = store.accountRows(tenantId, integration.id()).stream()
                .collect(Collectors.toMap(MappingStore.AccountRow::vendorAccountId, Function.identity()));
        Set<UUID> blocked = store.blocked(tenantId, integration.id(), MappingStore.ACCOUNT);
        int created = 0;
        for (VendorAccount account : vendors.accounts(tenantId, integration.id())) {
            MappingStore.AccountRow row = rows.get(account.id());
            if (blocked.contains(account.id())
                    || (row != null && (row.excluded() || side.company(row).isPresent()))) {
                continue;
            }
            List<PsaCompany> matches = byName.get(NameSimilarity.exactKey(account.name()));
            if (matches == null || matches.size() != 1) {
                continue;
            }
            PsaCompany company = matches.get(0);
            var mapping = new MappingStore.AccountRow(
                    integration.id(),
                    account.id(),
                    false,
                    side.connection().id(),
                    company.id(),
                    company.externalId(),
                    true,
                    SYSTEM,
                    clock.instant());
            if (row != null) {
                store.saveAccount(tenantId, mapping);
            } else if (!store.insertAccountIfAbsent(tenantId, mapping)) {
                continue;
            }
            log.record(
                    tenantId,
                    SYSTEM,
                    "mapping.account-mapped",
                    subject(integration, account),
                    "Auto-mapped to PSA company '" + company.name() + "' (exact name match)");
            created++;
        }
        return created;
    }

    private int autoMapServices(UUID tenantId, VendorIntegration integration, PsaSide side) {
        Map<String, List<PsaProduct>> byName = side.products().stream()
                .filter(p -> !NameSimilarity.exactKey(p.name()).isEmpty())
                .collect(Collectors.groupingBy(p -> NameSimilarity.exactKey(p.name())));
        Map<UUID, MappingStore.ServiceRow> rows = store.serviceRows(tenantId, integration.id()).stream()
                .collect(Collectors.toMap(MappingStore.ServiceRow::vendorServiceId, Function.identity()));
        Set<UUID> blocked = store.blocked(tenantId, integration.id(), MappingStore.SERVICE);
        int created = 0;
        for (VendorService service : vendors.services(tenantId, integration.id())) {
            MappingStore.ServiceRow row = rows.get(service.id());
            if (blocked.contains(service.id())
                    || (row != null && (row.excluded() || !side.products(row).isEmpty()))) {
                continue;
            }
            List<PsaProduct> matches = byName.get(NameSimilarity.exactKey(service.name()));
            if (matches == null || matches.size() != 1) {
                continue;
            }
            PsaProduct product = matches.get(0);
            var mapping = new MappingStore.ServiceRow(
                    integration.id(),
                    service.id(),
                    false,
                    side.connection().id(),
                    List.of(new MappingStore.ProductRef(product.id(), product.externalId())),
                    true,
                    SYSTEM,
                    clock.instant());
            if (row != null) {
                store.saveService(tenantId, mapping);
            } else if (!store.insertServiceIfAbsent(tenantId, mapping)) {
                continue;
            }
            log.record(
                    tenantId,
                    SYSTEM,
                    "mapping.service-mapped",
                    subject(integration, service),
                    "Auto-mapped to PSA product " + describe(List.of(product)) + " (exact name match)");
            created++;
        }
        return created;
    }
}
