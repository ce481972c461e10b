package com.trueup.writeback;

import com.trueup.psa.PsaCompany;
import com.trueup.psa.PsaConnectionInfo;
import com.trueup.psa.PsaContractLine;
import com.trueup.psa.PsaProduct;
import com.trueup.psa.PsaSnapshot;
import com.trueup.psa.QuantityRounding;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** TrueUp's snapshot of the fake PSA: connections with scriptable capabilities, companies, products, lines. */
final class FakePsaSnapshot implements PsaSnapshot {

    static final FakePsaSnapshot INSTANCE = new FakePsaSnapshot();

    private final Map<UUID, PsaConnectionInfo> connections = new ConcurrentHashMap<>();
    private final List<PsaCompany> companies = new CopyOnWriteArrayList<>();
    private final List<PsaProduct> products = new CopyOnWriteArrayList<>();
    private final List<PsaContractLine> lines = new CopyOnWriteArrayList<>();
    private final List<UUID> syncRequests = new CopyOnWriteArrayList<>();

    private FakePsaSnapshot() {
    }

    PsaConnectionInfo connect(UUID tenantId, boolean canCreateLines) {
        var info = new PsaConnectionInfo(UUID.randomUUID(), tenantId, "fakepsa", "Fake PSA type", "Fake PSA", "connected",
                QuantityRounding.NEAREST, "FIRST_OF_NEXT_MONTH",
                new PsaConnectionInfo.Writes(true, canCreateLines, false, true, null));
        connections.put(info.id(), info);
        return info;
    }

    /** A connection whose connector can neither update nor create lines: its approvals go to the change sheet. */
    PsaConnectionInfo connectReadOnly(UUID tenantId) {
        var info = new PsaConnectionInfo(UUID.randomUUID(), tenantId, "fakepsa", "Fake PSA type", "Fake PSA books",
                "connected", QuantityRounding.NEAREST, "FIRST_OF_NEXT_MONTH",
                new PsaConnectionInfo.Writes(false, false, false, true, null));
        connections.put(info.id(), info);
        return info;
    }

    /** The connector of the connection is replaced by one that cannot write (an upgrade, a new descriptor). */
    void loseWrites(UUID connectionId) {
        connections.computeIfPresent(connectionId, (id, c) -> new PsaConnectionInfo(c.id(), c.tenantId(), c.type(),
                c.typeLabel(), c.name(), c.status(), c.rounding(), c.defaultEffectiveDate(),
                new PsaConnectionInfo.Writes(false, false, false, true, null)));
    }

    /** The next snapshot shows the line with {@code quantity} (a person changed it in the PSA). */
    void snapshotQuantity(UUID lineId, String quantity) {
        lines.replaceAll(l -> !l.id().equals(lineId) ? l : new PsaContractLine(l.id(), l.connectionId(), l.companyId(),
                l.productId(), l.externalContractId(), l.contractName(), l.externalLineId(), new BigDecimal(quantity),
                l.unitPrice(), l.unitCost(), l.readOnlyReason(), l.nextInvoiceDate()));
    }

    void snapshotRemoves(UUID lineId) {
        lines.removeIf(l -> l.id().equals(lineId));
    }

    /** A line whose quantity the PSA computes itself. */
    void readOnlyLine(UUID lineId, UUID connectionId, UUID companyId, UUID productId, String quantity, String reason) {
        lines.add(new PsaContractLine(lineId, connectionId, companyId, productId, "K1", "Managed Services",
                "L-" + lineId.toString().substring(0, 6), new BigDecimal(quantity), new BigDecimal("5.00"),
                new BigDecimal("3.25"), reason, null));
    }

    PsaCompany company(UUID connectionId, String name) {
        var c = new PsaCompany(UUID.randomUUID(), connectionId, "C" + companies.size(), name);
        companies.add(c);
        return c;
    }

    PsaProduct product(UUID connectionId, String name, String identifier) {
        var p = new PsaProduct(UUID.randomUUID(), connectionId, "P" + products.size(), identifier, name,
                new BigDecimal("5.00"), new BigDecimal("3.25"));
        products.add(p);
        return p;
    }

    void line(UUID lineId, UUID connectionId, UUID companyId, UUID productId, String quantity) {
        lines.add(new PsaContractLine(lineId, connectionId, companyId, productId, "K1", "Managed Services",
                "L-" + lineId.toString().substring(0, 6), new BigDecimal(quantity), new BigDecimal("5.00"),
                new BigDecimal("3.25"), null, null));
    }

    List<UUID> syncRequests() {
        return syncRequests;
    }

    @Override
    public Optional<PsaConnectionInfo> primaryConnection(UUID tenantId) {
        return connections.values().stream().filter(c -> c.tenantId().equals(tenantId)).findFirst();
    }

    @Override
    public Optional<PsaConnectionInfo> connection(UUID tenantId, UUID connectionId) {
        return Optional.ofNullable(connections.get(connectionId)).filter(c -> c.tenantId().equals(tenantId));
    }

    @Override
    public List<PsaCompany> companies(UUID tenantId, UUID connectionId) {
        return connection(tenantId, connectionId).isEmpty() ? List.of()
                : companies.stream().filter(c -> c.connectionId().equals(connectionId)).toList();
    }

    @Override
    public List<PsaProduct> products(UUID tenantId, UUID connectionId) {
        return connection(tenantId, connectionId).isEmpty() ? List.of()
                : products.stream().filter(p -> p.connectionId().equals(connectionId)).toList();
    }

    @Override
    public List<PsaContractLine> billableLines(UUID tenantId, UUID connectionId) {
        return connection(tenantId, connectionId).isEmpty() ? List.of()
                : lines.stream().filter(l -> l.connectionId().equals(connectionId)).toList();
    }

    @Override
    public Optional<PsaContractLine> line(UUID tenantId, UUID lineId) {
        return lines.stream().filter(l -> l.id().equals(lineId))
                .filter(l -> connection(tenantId, l.connectionId()).isPresent()).findFirst();
    }

    @Override
    public UUID requestSync(UUID tenantId, UUID connectionId, String actor) {
        syncRequests.add(connectionId);
        return UUID.randomUUID();
    }

    @Override
    public boolean syncRunning(UUID tenantId) {
        return false;
    }
}
