package com.trueup.mapping.rules;

import com.trueup.psa.PsaCompany;
import com.trueup.psa.PsaConnectionInfo;
import com.trueup.psa.PsaContractLine;
import com.trueup.psa.PsaProduct;
import com.trueup.psa.PsaSnapshot;
import com.trueup.psa.QuantityRounding;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** An in-memory PSA snapshot for unit tests: one primary connection per tenant, its companies and products. */
final class FakePsaSnapshot implements PsaSnapshot {

    private final Map<UUID, PsaConnectionInfo> primary = new HashMap<>();
    private final Map<UUID, List<PsaCompany>> companies = new HashMap<>();
    private final Map<UUID, List<PsaProduct>> products = new HashMap<>();
    final List<String> syncRequests = new ArrayList<>();
    boolean running;

    PsaConnectionInfo connect(UUID tenantId, String name) {
        var connection = new PsaConnectionInfo(UUID.randomUUID(), tenantId, "sandbox", "Sandbox PSA", name, "active",
                QuantityRounding.NEAREST, "FIRST_OF_NEXT_MONTH", new PsaConnectionInfo.Writes(true, true, false, true, null));
        primary.put(tenantId, connection);
        companies.put(connection.id(), new ArrayList<>());
        products.put(connection.id(), new ArrayList<>());
        return connection;
    }

    PsaCompany addCompany(PsaConnectionInfo connection, String name) {
        return addCompany(connection, "c-" + UUID.randomUUID(), name);
    }

    PsaCompany addCompany(PsaConnectionInfo connection, String externalId, String name) {
        var company = new PsaCompany(UUID.randomUUID(), connection.id(), externalId, name);
        companies.get(connection.id()).add(company);
        return company;
    }

    PsaProduct addProduct(PsaConnectionInfo connection, String identifier, String name) {
        var product = new PsaProduct(UUID.randomUUID(), connection.id(), "p-" + identifier, identifier, name,
                new BigDecimal("5.00"), new BigDecimal("3.25"));
        products.get(connection.id()).add(product);
        return product;
    }

    /** A sync that re-issued TrueUp's ids of every company (the PSA's own ids stay). */
    void reissueCompanyIds(PsaConnectionInfo connection) {
        companies.put(connection.id(), new ArrayList<>(companies.get(connection.id()).stream()
                .map(c -> new PsaCompany(UUID.randomUUID(), c.connectionId(), c.externalId(), c.name())).toList()));
    }

    void removeCompany(PsaConnectionInfo connection, PsaCompany company) {
        companies.get(connection.id()).removeIf(c -> c.externalId().equals(company.externalId()));
    }

    void removeProduct(PsaConnectionInfo connection, PsaProduct product) {
        products.get(connection.id()).removeIf(p -> p.externalId().equals(product.externalId()));
    }

    @Override
    public Optional<PsaConnectionInfo> primaryConnection(UUID tenantId) {
        return Optional.ofNullable(primary.get(tenantId));
    }

    @Override
    public Optional<PsaConnectionInfo> connection(UUID tenantId, UUID connectionId) {
        return primaryConnection(tenantId).filter(c -> c.id().equals(connectionId));
    }

    @Override
    public List<PsaCompany> companies(UUID tenantId, UUID connectionId) {
        return connection(tenantId, connectionId).map(c -> List.copyOf(companies.get(c.id()))).orElse(List.of());
    }

    @Override
    public List<PsaProduct> products(UUID tenantId, UUID connectionId) {
        return connection(tenantId, connectionId).map(c -> List.copyOf(products.get(c.id()))).orElse(List.of());
    }

    @Override
    public List<PsaContractLine> billableLines(UUID tenantId, UUID connectionId) {
        return List.of();
    }

    @Override
    public Optional<PsaContractLine> line(UUID tenantId, UUID lineId) {
        return Optional.empty();
    }

    @Override
    public UUID requestSync(UUID tenantId, UUID connectionId, String actor) {
        syncRequests.add(tenantId + "/" + connectionId + "/" + actor);
        return UUID.randomUUID();
    }

    @Override
    public boolean syncRunning(UUID tenantId) {
        return running;
    }
}
