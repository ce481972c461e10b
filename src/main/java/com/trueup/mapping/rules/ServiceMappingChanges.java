package com.trueup.mapping.rules;

import static com.trueup.mapping.rules.ConcurrentChange.save;
import static com.trueup.mapping.rules.MappingChangeLog.describe;
import static com.trueup.mapping.rules.MappingChangeLog.subject;

import com.trueup.integration.VendorIntegration;
import com.trueup.integration.VendorService;
import com.trueup.mapping.store.MappingStore;
import com.trueup.psa.PsaConnectionInfo;
import com.trueup.psa.PsaProduct;
import com.trueup.psa.PsaSnapshot;
import com.trueup.shared.InvalidInputException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A person maps a vendor service to PSA products (one, or several for a bundle), adds or removes one of them,
 * excludes the service, or unmaps it (which keeps auto-mapping away).
 */
@Service
public class ServiceMappingChanges {

    private final MappingStore store;
    private final MappableItems items;
    private final PsaSnapshot psa;
    private final MappingChangeLog log;
    private final Clock clock;

    ServiceMappingChanges(MappingStore store, MappableItems items, PsaSnapshot psa, MappingChangeLog log, Clock clock) {
        this.store = store;
        this.items = items;
        this.psa = psa;
        this.log = log;
        this.clock = clock;
    }

    /** Maps the service to exactly these PSA products (one, or several for a bundle), replacing what it had. */
    @Transactional
    public void mapService(
            UUID tenantId, String actor, UUID integrationId, UUID vendorServiceId, List<UUID> psaProductIds) {
        VendorIntegration integration = items.requireMappable(tenantId, integrationId);
        VendorService service = items.requireService(tenantId, integrationId, vendorServiceId.toString(), false);
        if (psaProductIds == null || psaProductIds.isEmpty()) {
            throw new InvalidInputException(
                    "psaProductIds",
                    "psaProductIds must list at least one PSA product id (or send \"excluded\": true)");
        }
        PsaSide side = PsaSide.of(psa, tenantId);
        PsaConnectionInfo connection = side.requireConnection();
        Map<UUID, PsaProduct> byId =
                side.products().stream().collect(Collectors.toMap(PsaProduct::id, Function.identity()));
        LinkedHashSet<PsaProduct> chosen = new LinkedHashSet<>();
        for (int i = 0; i < psaProductIds.size(); i++) {
            UUID id = psaProductIds.get(i);
            PsaProduct product = id == null ? null : byId.get(id);
            if (product == null) {
                throw new InvalidInputException(
                        "psaProductIds[" + i + "]",
                        "There is no PSA product " + id
                                + " in your PSA connection '" + connection.name()
                                + "'; list them with GET /api/v1/psa-connections/"
                                + connection.id() + "/products.");
            }
            chosen.add(product);
        }
        Optional<MappingStore.ServiceRow> previous = store.serviceRow(tenantId, service.id());
        List<PsaProduct> before =
                previous.filter(r -> !r.excluded()).map(side::products).orElse(List.of());
        if (!before.isEmpty() && before.equals(List.copyOf(chosen))) {
            return;
        }
        List<MappingStore.ProductRef> refs = chosen.stream()
                .map(p -> new MappingStore.ProductRef(p.id(), p.externalId()))
                .toList();
        save(() -> store.saveService(
                tenantId,
                new MappingStore.ServiceRow(
                        integrationId, service.id(), false, connection.id(), refs, false, actor, clock.instant())));
        log.record(
                tenantId,
                actor,
                "mapping.service-mapped",
                subject(integration, service),
                "Mapped to PSA product" + (chosen.size() > 1 ? "s " : " ") + describe(List.copyOf(chosen))
                        + (before.isEmpty()
                                ? previous.filter(MappingStore.ServiceRow::excluded)
                                        .map(r -> " (was excluded)")
                                        .orElse("")
                                : " (was " + describe(before) + ")"));
        log.changed(tenantId, integrationId);
    }

    /** Adds one PSA product to the service's products (a drop on the mapping page); an exclusion is replaced. */
    @Transactional
    public void addServiceProduct(
            UUID tenantId, String actor, UUID integrationId, UUID vendorServiceId, UUID psaProductId) {
        List<UUID> products = new ArrayList<>(currentProductIds(tenantId, integrationId, vendorServiceId));
        if (!products.contains(psaProductId)) {
            products.add(psaProductId);
        }
        mapService(tenantId, actor, integrationId, vendorServiceId, products);
    }

    /** Takes one PSA product out of the service's products; the last one leaves the service unmapped. */
    @Transactional
    public void removeServiceProduct(
            UUID tenantId, String actor, UUID integrationId, UUID vendorServiceId, UUID psaProductId) {
        List<UUID> products = new ArrayList<>(currentProductIds(tenantId, integrationId, vendorServiceId));
        if (!products.remove(psaProductId)) {
            return;
        }
        if (products.isEmpty()) {
            unmapService(tenantId, actor, integrationId, vendorServiceId);
        } else {
            mapService(tenantId, actor, integrationId, vendorServiceId, products);
        }
    }

    private List<UUID> currentProductIds(UUID tenantId, UUID integrationId, UUID vendorServiceId) {
        items.requireIntegration(tenantId, integrationId);
        VendorService service = items.requireService(tenantId, integrationId, vendorServiceId.toString(), false);
        PsaSide side = PsaSide.of(psa, tenantId);
        return store
                .serviceRow(tenantId, service.id())
                .filter(r -> !r.excluded())
                .map(side::products)
                .orElse(List.of())
                .stream()
                .map(PsaProduct::id)
                .toList();
    }

    @Transactional
    public void excludeService(UUID tenantId, String actor, UUID integrationId, UUID vendorServiceId) {
        VendorIntegration integration = items.requireMappable(tenantId, integrationId);
        VendorService service = items.requireService(tenantId, integrationId, vendorServiceId.toString(), false);
        Optional<MappingStore.ServiceRow> previous = store.serviceRow(tenantId, service.id());
        if (previous.isPresent() && previous.get().excluded()) {
            return;
        }
        List<PsaProduct> before =
                previous.map(PsaSide.of(psa, tenantId)::products).orElse(List.of());
        save(() -> store.saveService(
                tenantId,
                new MappingStore.ServiceRow(
                        integrationId, service.id(), true, null, List.of(), false, actor, clock.instant())));
        log.record(
                tenantId,
                actor,
                "mapping.service-excluded",
                subject(integration, service),
                "Excluded: not billed" + (before.isEmpty() ? "" : " (was mapped to " + describe(before) + ")"));
        log.changed(tenantId, integrationId);
    }

    @Transactional
    public void unmapService(UUID tenantId, String actor, UUID integrationId, UUID vendorServiceId) {
        VendorIntegration integration = items.requireMappable(tenantId, integrationId);
        VendorService service = items.requireService(tenantId, integrationId, vendorServiceId.toString(), false);
        Optional<MappingStore.ServiceRow> previous = store.serviceRow(tenantId, service.id());
        if (previous.isEmpty()) {
            return;
        }
        store.deleteService(tenantId, service.id());
        store.block(tenantId, integrationId, MappingStore.SERVICE, service.id(), actor, clock.instant());
        if (previous.get().excluded()) {
            log.record(
                    tenantId,
                    actor,
                    "mapping.service-included",
                    subject(integration, service),
                    "Included again (no longer excluded); now unmapped");
        } else {
            List<PsaProduct> before = PsaSide.of(psa, tenantId).products(previous.get());
            log.record(
                    tenantId,
                    actor,
                    "mapping.service-unmapped",
                    subject(integration, service),
                    "Unmapped" + (before.isEmpty() ? "" : " from " + describe(before)));
        }
        log.changed(tenantId, integrationId);
    }
}
