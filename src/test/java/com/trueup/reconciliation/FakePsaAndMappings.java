package com.trueup.reconciliation;

import com.trueup.mapping.AccountMapping;
import com.trueup.mapping.MappingEvents;
import com.trueup.mapping.Mappings;
import com.trueup.mapping.ServiceMapping;
import com.trueup.psa.PsaCompany;
import com.trueup.psa.PsaConnectionInfo;
import com.trueup.psa.PsaContractLine;
import com.trueup.psa.PsaEvents;
import com.trueup.psa.PsaProduct;
import com.trueup.psa.PsaSnapshot;
import com.trueup.psa.QuantityRounding;
import com.trueup.writeback.WriteBackRequest;
import com.trueup.writeback.WriteBackView;
import com.trueup.writeback.WriteBacks;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * In-memory PSA snapshot, mappings and write-back outbox, so reconciliation's own storage, jobs, API and page are
 * tested on both databases with exact inputs and a record of every queued write-back. The end-to-end tests with the
 * real modules are in {@code ReconciliationEndToEndIT}.
 */
@TestConfiguration(proxyBeanMethods = false)
class FakePsaAndMappings {

    @Bean
    @Primary
    Fakes reconciliationFakes(ApplicationEventPublisher events) {
        return new Fakes(events);
    }

    static final class Fakes implements PsaSnapshot, Mappings, WriteBacks {

        final Map<UUID, PsaConnectionInfo> connections = new ConcurrentHashMap<>();
        final Map<UUID, List<PsaCompany>> companies = new ConcurrentHashMap<>();
        final Map<UUID, List<PsaProduct>> products = new ConcurrentHashMap<>();
        final Map<UUID, List<PsaContractLine>> lines = new ConcurrentHashMap<>();
        final Map<UUID, List<AccountMapping>> accountMappings = new ConcurrentHashMap<>();
        final Map<UUID, List<ServiceMapping>> serviceMappings = new ConcurrentHashMap<>();
        final List<WriteBackRequest> enqueued = new CopyOnWriteArrayList<>();
        final Map<UUID, WriteBackView> latest = new ConcurrentHashMap<>();
        private final ApplicationEventPublisher events;

        Fakes(ApplicationEventPublisher events) {
            this.events = events;
        }

        // -- setup helpers --
        PsaConnectionInfo connect(UUID tenantId, boolean integerOnly) {
            var c = new PsaConnectionInfo(UUID.randomUUID(), tenantId, integerOnly ? "autotask" : "sandbox", "Test PSA type",
                    "Test PSA", "active", QuantityRounding.NEAREST, "FIRST_OF_NEXT_MONTH",
                    new PsaConnectionInfo.Writes(true, true, integerOnly, true, null));
            connections.put(tenantId, c);
            return c;
        }

        PsaCompany company(UUID tenantId, String name) {
            var c = new PsaCompany(UUID.randomUUID(), connections.get(tenantId).id(), "c-" + name.hashCode(), name);
            companies.computeIfAbsent(tenantId, k -> new CopyOnWriteArrayList<>()).add(c);
            return c;
        }

        PsaProduct product(UUID tenantId, String name, String price, String cost) {
            var p = new PsaProduct(UUID.randomUUID(), connections.get(tenantId).id(), "p-" + name.hashCode(), name, name,
                    new BigDecimal(price), new BigDecimal(cost));
            products.computeIfAbsent(tenantId, k -> new CopyOnWriteArrayList<>()).add(p);
            return p;
        }

        PsaContractLine line(UUID tenantId, PsaCompany company, PsaProduct product, String quantity) {
            var l = new PsaContractLine(UUID.randomUUID(), connections.get(tenantId).id(), company.id(), product.id(), "k-1",
                    "Managed Services", "l-" + UUID.randomUUID(), new BigDecimal(quantity), product.unitPrice(), product.unitCost(), null, null);
            lines.computeIfAbsent(tenantId, k -> new CopyOnWriteArrayList<>()).add(l);
            return l;
        }

        void setLineQuantity(UUID tenantId, UUID lineId, String quantity) {
            List<PsaContractLine> list = lines.get(tenantId);
            for (int i = 0; i < list.size(); i++) {
                PsaContractLine l = list.get(i);
                if (l.id().equals(lineId)) {
                    list.set(i, new PsaContractLine(l.id(), l.connectionId(), l.companyId(), l.productId(), l.externalContractId(),
                            l.contractName(), l.externalLineId(), new BigDecimal(quantity), l.unitPrice(), l.unitCost(), l.readOnlyReason(), l.nextInvoiceDate()));
                }
            }
            events.publishEvent(new PsaEvents.SnapshotRefreshed(tenantId, connections.get(tenantId).id(), UUID.randomUUID()));
        }

        void mapAccount(UUID tenantId, UUID integrationId, UUID accountId, UUID companyId) {
            accountMappings.computeIfAbsent(tenantId, k -> new CopyOnWriteArrayList<>())
                    .add(new AccountMapping(integrationId, accountId, companyId, companyId == null));
        }

        void mapService(UUID tenantId, UUID integrationId, UUID serviceId, UUID... productIds) {
            serviceMappings.computeIfAbsent(tenantId, k -> new CopyOnWriteArrayList<>())
                    .add(new ServiceMapping(integrationId, serviceId, List.of(productIds), productIds.length == 0));
        }

        void mappingsChanged(UUID tenantId, UUID integrationId) {
            events.publishEvent(new MappingEvents.MappingsChanged(tenantId, integrationId));
        }

        List<WriteBackRequest> enqueuedFor(UUID tenantId) {
            return enqueued.stream().filter(r -> r.tenantId().equals(tenantId)).toList();
        }

        // -- PsaSnapshot --
        @Override
        public Optional<PsaConnectionInfo> primaryConnection(UUID tenantId) {
            return Optional.ofNullable(connections.get(tenantId));
        }

        @Override
        public Optional<PsaConnectionInfo> connection(UUID tenantId, UUID connectionId) {
            return primaryConnection(tenantId).filter(c -> c.id().equals(connectionId));
        }

        @Override
        public List<PsaCompany> companies(UUID tenantId, UUID connectionId) {
            return List.copyOf(companies.getOrDefault(tenantId, List.of()));
        }

        @Override
        public List<PsaProduct> products(UUID tenantId, UUID connectionId) {
            return List.copyOf(products.getOrDefault(tenantId, List.of()));
        }

        @Override
        public List<PsaContractLine> billableLines(UUID tenantId, UUID connectionId) {
            return List.copyOf(lines.getOrDefault(tenantId, List.of()));
        }

        @Override
        public Optional<PsaContractLine> line(UUID tenantId, UUID lineId) {
            return lines.getOrDefault(tenantId, List.of()).stream().filter(l -> l.id().equals(lineId)).findFirst();
        }

        @Override
        public UUID requestSync(UUID tenantId, UUID connectionId, String actor) {
            return UUID.randomUUID();
        }

        @Override
        public boolean syncRunning(UUID tenantId) {
            return false;
        }

        // -- Mappings --
        @Override
        public List<AccountMapping> accountMappings(UUID tenantId) {
            return List.copyOf(accountMappings.getOrDefault(tenantId, List.of()));
        }

        @Override
        public List<ServiceMapping> serviceMappings(UUID tenantId) {
            return List.copyOf(serviceMappings.getOrDefault(tenantId, List.of()));
        }

        // -- WriteBacks --
        @Override
        public UUID enqueue(WriteBackRequest request) {
            enqueued.add(request);
            UUID id = UUID.randomUUID();
            latest.put(request.reconciliationLineId(), new WriteBackView(id, request.reconciliationLineId(), "queued",
                    request.quantity(), request.effectiveDate(), 0, null, null, Instant.now(), Instant.now()));
            return id;
        }

        void finish(UUID lineId, String status, String error) {
            WriteBackView v = latest.get(lineId);
            latest.put(lineId, new WriteBackView(v.id(), lineId, status, v.quantity(), v.effectiveDate(), 1, error, null,
                    v.createdAt(), Instant.now()));
        }

        @Override
        public Map<UUID, WriteBackView> latestForLines(UUID tenantId, Collection<UUID> lineIds) {
            Map<UUID, WriteBackView> result = new HashMap<>();
            for (UUID id : lineIds) {
                WriteBackView v = latest.get(id);
                if (v != null) {
                    result.put(id, v);
                }
            }
            return result;
        }
    }
}
