package com.trueup.psa;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** {@link PsaSnapshot} over the connections, the snapshot tables and the sync runs. */
@Service
class DefaultPsaSnapshot implements PsaSnapshot {

    private final PsaConnections connections;
    private final SnapshotStore store;
    private final PsaSync sync;

    DefaultPsaSnapshot(PsaConnections connections, SnapshotStore store, PsaSync sync) {
        this.connections = connections;
        this.store = store;
        this.sync = sync;
    }

    @Override
    public Optional<PsaConnectionInfo> primaryConnection(UUID tenantId) {
        return connections.primary(tenantId).map(connections::info);
    }

    @Override
    public Optional<PsaConnectionInfo> connection(UUID tenantId, UUID connectionId) {
        return connections.find(tenantId, connectionId).map(connections::info);
    }

    @Override
    public List<PsaCompany> companies(UUID tenantId, UUID connectionId) {
        return store.billableCompanies(tenantId, connectionId);
    }

    @Override
    public List<PsaProduct> products(UUID tenantId, UUID connectionId) {
        return store.products(tenantId, connectionId);
    }

    @Override
    public List<PsaContractLine> billableLines(UUID tenantId, UUID connectionId) {
        return store.billableLines(tenantId, connectionId);
    }

    @Override
    public Optional<PsaContractLine> line(UUID tenantId, UUID lineId) {
        return store.line(tenantId, lineId);
    }

    @Override
    public java.util.Map<UUID, String> readOnlyLines(UUID tenantId, UUID connectionId) {
        return store.readOnlyLines(tenantId, connectionId);
    }

    @Override
    public String snapshotVersion(UUID tenantId, UUID connectionId) {
        return connections
                .snapshotVersion(tenantId, connectionId)
                .map(UUID::toString)
                .orElse(null);
    }

    @Override
    public UUID requestSync(UUID tenantId, UUID connectionId, String actor) {
        return sync.request(tenantId, connectionId, actor);
    }

    @Override
    public boolean syncRunning(UUID tenantId) {
        return sync.running(tenantId);
    }
}
