package com.trueup.psa;

import com.trueup.psa.PsaException.Kind;
import com.trueup.psa.connector.ConnectorContext;
import com.trueup.psa.connector.PsaConnector;
import com.trueup.psa.connector.RemoteProduct;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * {@link PsaWriter}: resolves TrueUp's ids to the PSA's through the snapshot, calls the connection's connector with
 * its decrypted credentials, and updates the snapshot after a successful write so the UI shows the new quantity
 * before the next sync. Everything that goes wrong is a {@link PsaException}; an unexpected error during a write is
 * UNKNOWN_OUTCOME (it may have landed), during a read RETRYABLE.
 */
@Service
class DefaultPsaWriter implements PsaWriter {

    private static final Logger log = LoggerFactory.getLogger(DefaultPsaWriter.class);

    private final PsaConnections connections;
    private final Connectors connectors;
    private final SnapshotStore store;
    private final PsaSync sync;

    DefaultPsaWriter(PsaConnections connections, Connectors connectors, SnapshotStore store, PsaSync sync) {
        this.connections = connections;
        this.connectors = connectors;
        this.store = store;
        this.sync = sync;
    }

    private record Target(PsaConnections.Connection connection, PsaConnector connector, ConnectorContext context) {
    }

    @Override
    public LineState readLine(UUID tenantId, UUID lineId) {
        var line = store.storedLine(tenantId, lineId).orElseThrow(() -> unknownLine(lineId));
        Target target = target(tenantId, line.connectionId());
        BigDecimal quantity;
        try {
            quantity = target.connector().readQuantity(target.context(), line.ref());
        } catch (PsaException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unexpected(Kind.RETRYABLE, "Reading the line failed", e);
        }
        return quantity == null ? new LineState(false, null) : new LineState(true, quantity);
    }

    @Override
    public WriteResult setQuantity(UUID tenantId, UUID lineId, BigDecimal quantity, LocalDate effectiveDate,
            String idempotencyKey) {
        var line = store.storedLine(tenantId, lineId).orElseThrow(() -> unknownLine(lineId));
        Target target = target(tenantId, line.connectionId());
        ConnectorCapabilities capabilities = target.connector().capabilities();
        if (!capabilities.canUpdateQuantities()) {
            throw new PsaException(Kind.PERMANENT, target.connection().name() + " does not allow TrueUp to change quantities");
        }
        checkQuantity(quantity, capabilities);
        WriteResult result;
        try {
            result = target.connector().setQuantity(target.context(), line.ref(), quantity, effectiveDate, idempotencyKey);
        } catch (PsaException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unexpected(Kind.UNKNOWN_OUTCOME, "Writing the quantity failed", e);
        }
        store.updateQuantity(tenantId, lineId, result.quantity() != null ? result.quantity() : quantity);
        return result;
    }

    @Override
    public WriteResult createLine(UUID tenantId, UUID connectionId, UUID companyId, UUID productId, BigDecimal quantity,
            LocalDate effectiveDate, String idempotencyKey) {
        Target target = target(tenantId, connectionId);
        ConnectorCapabilities capabilities = target.connector().capabilities();
        if (!capabilities.canCreateLines()) {
            throw new PsaException(Kind.PERMANENT, target.connection().name() + " does not allow TrueUp to create contract lines");
        }
        checkQuantity(quantity, capabilities);
        var company = store.company(tenantId, connectionId, companyId)
                .orElseThrow(() -> new PsaException(Kind.PERMANENT, "Company " + companyId + " is not in the PSA snapshot"));
        var product = store.product(tenantId, connectionId, productId)
                .orElseThrow(() -> new PsaException(Kind.PERMANENT, "Product " + productId + " is not in the PSA snapshot"));
        var contract = store.contractForNewLine(tenantId, connectionId, companyId);
        var remoteProduct = new RemoteProduct(product.externalId(), product.identifier(), product.name(),
                product.unitPrice(), product.unitCost());
        WriteResult result;
        try {
            result = target.connector().createLine(target.context(), company.externalId(),
                    contract.map(SnapshotStore.ContractRow::externalId).orElse(null), remoteProduct, quantity,
                    effectiveDate, idempotencyKey);
        } catch (PsaException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unexpected(Kind.UNKNOWN_OUTCOME, "Creating the line failed", e);
        }
        if (contract.isPresent() && result.psaReference() != null && !result.psaReference().isBlank()
                && result.psaReference().length() <= 100) {
            store.insertCreatedLine(tenantId, connectionId, contract.get(), company, product, result.psaReference(),
                    result.quantity() != null ? result.quantity() : quantity);
        } else {
            // the connector chose the contract: only a sync can tell where the line went
            try {
                sync.request(tenantId, connectionId, PsaSync.SYSTEM);
            } catch (RuntimeException e) {
                log.warn("Could not request a sync after creating a line on connection {}: {}", connectionId, e.toString());
            }
        }
        return result;
    }

    private Target target(UUID tenantId, UUID connectionId) {
        var connection = connections.find(tenantId, connectionId)
                .orElseThrow(() -> new PsaException(Kind.PERMANENT, "PSA connection " + connectionId + " does not exist"));
        PsaConnector connector = connectors.require(connection.type());
        try {
            return new Target(connection, connector, connections.context(connection));
        } catch (CredentialCipher.UnreadableException e) {
            throw new PsaException(Kind.PERMANENT, "The saved credentials of " + connection.name() + " cannot be read: "
                    + e.getMessage(), null, e);
        }
    }

    private static void checkQuantity(BigDecimal quantity, ConnectorCapabilities capabilities) {
        if (quantity == null || quantity.signum() < 0) {
            throw new PsaException(Kind.PERMANENT, "The quantity must be zero or more, not " + quantity);
        }
        if (capabilities.integerQuantitiesOnly() && quantity.stripTrailingZeros().scale() > 0) {
            throw new PsaException(Kind.PERMANENT, "This PSA takes whole quantities only; " + quantity.toPlainString()
                    + " must be rounded first (see the connection's rounding mode)");
        }
    }

    private static PsaException unknownLine(UUID lineId) {
        return new PsaException(Kind.PERMANENT, "Contract line " + lineId + " is not in the PSA snapshot");
    }

    private static PsaException unexpected(Kind kind, String what, RuntimeException e) {
        log.warn("{}: unexpected connector error", what, e);
        return new PsaException(kind, what + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), null, e);
    }
}
