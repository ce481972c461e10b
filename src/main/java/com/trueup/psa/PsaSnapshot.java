package com.trueup.psa;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * TrueUp's copy of the PSA (refreshed by sync runs) and the organisation's connections. Every method filters by
 * {@code tenantId}. Implemented in this module.
 */
public interface PsaSnapshot {

    /** The connection reconciliation and write-back use: the organisation's primary (oldest active) connection. */
    Optional<PsaConnectionInfo> primaryConnection(UUID tenantId);

    Optional<PsaConnectionInfo> connection(UUID tenantId, UUID connectionId);

    List<PsaCompany> companies(UUID tenantId, UUID connectionId);

    List<PsaProduct> products(UUID tenantId, UUID connectionId);

    /** Active recurring lines of billable contracts of billable companies. */
    List<PsaContractLine> billableLines(UUID tenantId, UUID connectionId);

    Optional<PsaContractLine> line(UUID tenantId, UUID lineId);

    /** The connection's lines whose quantity the PSA computes itself (TrueUp never writes them): line id → reason. */
    default java.util.Map<UUID, String> readOnlyLines(UUID tenantId, UUID connectionId) {
        return billableLines(tenantId, connectionId).stream()
                .filter(PsaContractLine::readOnly)
                .collect(java.util.stream.Collectors.toMap(PsaContractLine::id, PsaContractLine::readOnlyReason));
    }

    /**
     * A value that changes whenever anything companies/products/billableLines/connection return for this connection
     * changes; null when unknown (then nothing read before can be trusted). It is written in the same transaction as the
     * change, so it holds across application instances. Read it before the reads it vouches for: reads made after a
     * value was read are current while the value is the same. A change of which connection is primary changes the
     * value of both connections concerned; a deleted connection has none. Changes only on writes (syncs, including
     * ones that read nothing new, write-backs, changes of the connection), never on reads.
     */
    String snapshotVersion(UUID tenantId, UUID connectionId);

    /** Starts a sync run (persistent job) unless one is already queued or running; returns its id. */
    UUID requestSync(UUID tenantId, UUID connectionId, String actor);

    /** True while a sync run of the organisation is queued or running. */
    boolean syncRunning(UUID tenantId);
}
