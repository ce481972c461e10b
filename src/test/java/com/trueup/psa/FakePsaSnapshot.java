package com.trueup.psa;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link PsaSnapshot} in memory, for the tests of the modules that read the PSA through it: an organisation's
 * connections (the oldest is its primary, as in the real snapshot), their companies, products and contract lines, and
 * the syncs requested. Thread-safe, so one instance can stand in for the PSA module in an application context whose
 * jobs read it. Tests use fresh organisations and never see each other's data. Every change a test makes gives the
 * connection concerned a new {@link #snapshotVersion}.
 */
public final class FakePsaSnapshot implements PsaSnapshot {

    /** A connection whose connector updates and adds lines. */
    public static final PsaConnectionInfo.Writes WRITES_EVERYTHING =
            new PsaConnectionInfo.Writes(true, true, false, true, null);
    /** A connection whose connector updates lines but cannot add one. */
    public static final PsaConnectionInfo.Writes UPDATES_ONLY =
            new PsaConnectionInfo.Writes(true, false, false, true, null);
    /** A connection whose PSA takes whole quantities only (as Autotask). */
    public static final PsaConnectionInfo.Writes WHOLE_QUANTITIES =
            new PsaConnectionInfo.Writes(true, true, true, true, null);
    /** A connection whose connector writes nothing: its approvals go to the change sheet. */
    public static final PsaConnectionInfo.Writes WRITES_NOTHING =
            new PsaConnectionInfo.Writes(false, false, false, true, null);

    static final String TYPE = "fakepsa";
    static final String TYPE_LABEL = "Fake PSA type";
    static final String CONTRACT = "K1";
    static final String CONTRACT_NAME = "Managed Services";

    /** A sync a module asked for. */
    public record SyncRequest(UUID tenantId, UUID connectionId, String actor) {}

    private final List<PsaConnectionInfo> connections = new CopyOnWriteArrayList<>();
    private final List<PsaCompany> companies = new CopyOnWriteArrayList<>();
    private final List<PsaProduct> products = new CopyOnWriteArrayList<>();
    private final List<PsaContractLine> lines = new CopyOnWriteArrayList<>();
    private final List<SyncRequest> syncRequests = new CopyOnWriteArrayList<>();
    private final Set<UUID> syncing = ConcurrentHashMap.newKeySet();
    private final Map<UUID, String> versions = new ConcurrentHashMap<>();

    // ---------------------------------------------------------------- connections

    /** A connection named "Fake PSA" of type "Fake PSA type" that writes {@code writes}. */
    public PsaConnectionInfo connect(UUID tenantId, PsaConnectionInfo.Writes writes) {
        return connect(tenantId, "Fake PSA", writes);
    }

    /** A connection that writes everything. */
    public PsaConnectionInfo connect(UUID tenantId, String name) {
        return connect(tenantId, name, WRITES_EVERYTHING);
    }

    public PsaConnectionInfo connect(UUID tenantId, String name, PsaConnectionInfo.Writes writes) {
        var connection = new PsaConnectionInfo(
                UUID.randomUUID(),
                tenantId,
                TYPE,
                TYPE_LABEL,
                name,
                "connected",
                QuantityRounding.NEAREST,
                "FIRST_OF_NEXT_MONTH",
                writes);
        connections.add(connection);
        changed(connection.id());
        return connection;
    }

    /** The connection is gone, with everything synced from it (the next one becomes the primary). */
    public void disconnect(PsaConnectionInfo connection) {
        var primary = primaryConnection(connection.tenantId());
        connections.removeIf(c -> c.id().equals(connection.id()));
        versions.remove(connection.id());
        var next = primaryConnection(connection.tenantId());
        if (next.isPresent() && !next.map(PsaConnectionInfo::id).equals(primary.map(PsaConnectionInfo::id))) {
            changed(next.get().id());
        }
    }

    /** What the PSA module does after every write to a connection's snapshot: a value never handed out before. */
    private void changed(UUID connectionId) {
        versions.put(connectionId, UUID.randomUUID().toString());
    }

    /** The connector of the connection is replaced by one that cannot write (an upgrade, a new descriptor). */
    public void loseWrites(UUID connectionId) {
        connections.replaceAll(c -> !c.id().equals(connectionId)
                ? c
                : new PsaConnectionInfo(
                        c.id(),
                        c.tenantId(),
                        c.type(),
                        c.typeLabel(),
                        c.name(),
                        c.status(),
                        c.rounding(),
                        c.defaultEffectiveDate(),
                        WRITES_NOTHING));
        changed(connectionId);
    }

    /** While set, the organisation's sync is queued or running. */
    public void syncRunning(UUID tenantId, boolean running) {
        if (running) {
            syncing.add(tenantId);
        } else {
            syncing.remove(tenantId);
        }
    }

    /** Every sync requested so far, oldest first. */
    public List<SyncRequest> syncRequests() {
        return List.copyOf(syncRequests);
    }

    // ---------------------------------------------------------------- what a sync brought in

    /** A company with a made-up id of its own in the PSA. */
    public PsaCompany company(PsaConnectionInfo connection, String name) {
        return company(connection, "c-" + UUID.randomUUID(), name);
    }

    public PsaCompany company(PsaConnectionInfo connection, String externalId, String name) {
        var company = new PsaCompany(UUID.randomUUID(), connection.id(), externalId, name);
        companies.add(company);
        changed(connection.id());
        return company;
    }

    /** A product at 5.00, costing 3.25. */
    public PsaProduct product(PsaConnectionInfo connection, String identifier, String name) {
        return product(connection, identifier, name, "5.00", "3.25");
    }

    public PsaProduct product(PsaConnectionInfo connection, String identifier, String name, String price, String cost) {
        var product = new PsaProduct(
                UUID.randomUUID(),
                connection.id(),
                "p-" + identifier,
                identifier,
                name,
                new BigDecimal(price),
                new BigDecimal(cost));
        products.add(product);
        changed(connection.id());
        return product;
    }

    /** A line of the contract "Managed Services" (K1) at the product's price and cost. */
    public PsaContractLine line(PsaCompany company, PsaProduct product, String quantity) {
        return line(UUID.randomUUID(), company, product, quantity);
    }

    /** A line with TrueUp's id {@code lineId} (the id a fake PSA writer knows it by). */
    public PsaContractLine line(UUID lineId, PsaCompany company, PsaProduct product, String quantity) {
        return addLine(lineId, company, product, quantity, null);
    }

    /** A line whose quantity the PSA computes itself, for {@code reason}. */
    public PsaContractLine readOnlyLine(
            UUID lineId, PsaCompany company, PsaProduct product, String quantity, String reason) {
        return addLine(lineId, company, product, quantity, reason);
    }

    private PsaContractLine addLine(
            UUID lineId, PsaCompany company, PsaProduct product, String quantity, String reason) {
        var line = new PsaContractLine(
                lineId,
                company.connectionId(),
                company.id(),
                product.id(),
                CONTRACT,
                CONTRACT_NAME,
                "L-" + lineId.toString().substring(0, 6),
                new BigDecimal(quantity),
                product.unitPrice(),
                product.unitCost(),
                reason,
                null);
        lines.add(line);
        changed(line.connectionId());
        return line;
    }

    /** The next snapshot shows the line with {@code quantity} (a person changed it in the PSA). */
    public void changeQuantity(UUID lineId, String quantity) {
        var connection = connectionOfLine(lineId);
        lines.replaceAll(l -> !l.id().equals(lineId)
                ? l
                : new PsaContractLine(
                        l.id(),
                        l.connectionId(),
                        l.companyId(),
                        l.productId(),
                        l.externalContractId(),
                        l.contractName(),
                        l.externalLineId(),
                        new BigDecimal(quantity),
                        l.unitPrice(),
                        l.unitCost(),
                        l.readOnlyReason(),
                        l.nextInvoiceDate()));
        connection.ifPresent(this::changed);
    }

    public void removeLine(UUID lineId) {
        var connection = connectionOfLine(lineId);
        lines.removeIf(l -> l.id().equals(lineId));
        connection.ifPresent(this::changed);
    }

    private Optional<UUID> connectionOfLine(UUID lineId) {
        return lines.stream()
                .filter(l -> l.id().equals(lineId))
                .map(PsaContractLine::connectionId)
                .findFirst();
    }

    /** The company is gone from the PSA (matched by its id there). */
    public void removeCompany(PsaCompany company) {
        companies.removeIf(c -> c.connectionId().equals(company.connectionId())
                && c.externalId().equals(company.externalId()));
        changed(company.connectionId());
    }

    /** The product is gone from the PSA (matched by its id there). */
    public void removeProduct(PsaProduct product) {
        products.removeIf(p -> p.connectionId().equals(product.connectionId())
                && p.externalId().equals(product.externalId()));
        changed(product.connectionId());
    }

    /** A sync that re-issued TrueUp's ids of every company of the connection (the PSA's own ids stay). */
    public void reissueCompanyIds(PsaConnectionInfo connection) {
        companies.replaceAll(c -> !c.connectionId().equals(connection.id())
                ? c
                : new PsaCompany(UUID.randomUUID(), c.connectionId(), c.externalId(), c.name()));
        changed(connection.id());
    }

    // ---------------------------------------------------------------- PsaSnapshot

    @Override
    public Optional<PsaConnectionInfo> primaryConnection(UUID tenantId) {
        return connections.stream().filter(c -> c.tenantId().equals(tenantId)).findFirst();
    }

    @Override
    public Optional<PsaConnectionInfo> connection(UUID tenantId, UUID connectionId) {
        return connections.stream()
                .filter(c -> c.tenantId().equals(tenantId) && c.id().equals(connectionId))
                .findFirst();
    }

    @Override
    public List<PsaCompany> companies(UUID tenantId, UUID connectionId) {
        return connection(tenantId, connectionId).isEmpty()
                ? List.of()
                : companies.stream()
                        .filter(c -> c.connectionId().equals(connectionId))
                        .toList();
    }

    @Override
    public List<PsaProduct> products(UUID tenantId, UUID connectionId) {
        return connection(tenantId, connectionId).isEmpty()
                ? List.of()
                : products.stream()
                        .filter(p -> p.connectionId().equals(connectionId))
                        .toList();
    }

    @Override
    public List<PsaContractLine> billableLines(UUID tenantId, UUID connectionId) {
        return connection(tenantId, connectionId).isEmpty()
                ? List.of()
                : lines.stream()
                        .filter(l -> l.connectionId().equals(connectionId))
                        .toList();
    }

    @Override
    public Optional<PsaContractLine> line(UUID tenantId, UUID lineId) {
        return lines.stream()
                .filter(l -> l.id().equals(lineId))
                .filter(l -> connection(tenantId, l.connectionId()).isPresent())
                .findFirst();
    }

    @Override
    public String snapshotVersion(UUID tenantId, UUID connectionId) {
        return connection(tenantId, connectionId).isEmpty() ? null : versions.get(connectionId);
    }

    @Override
    public UUID requestSync(UUID tenantId, UUID connectionId, String actor) {
        syncRequests.add(new SyncRequest(tenantId, connectionId, actor));
        return UUID.randomUUID();
    }

    @Override
    public boolean syncRunning(UUID tenantId) {
        return syncing.contains(tenantId);
    }
}
