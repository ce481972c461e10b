package com.trueup.psa;

import com.trueup.psa.PsaException.Kind;
import com.trueup.psa.connector.ConnectorDescriptor;
import com.trueup.psa.connector.ConnectorException;
import com.trueup.psa.connector.NewLine;
import com.trueup.psa.connector.PsaClient;
import com.trueup.psa.connector.RemoteProduct;
import com.trueup.shared.TenantCalendar;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * {@link PsaWriter}: resolves TrueUp's ids to the PSA's through the snapshot, opens the connection's connector and
 * hands the write to {@link QuantityWrites}; updates the snapshot after a successful write so the UI shows the new
 * quantity before the next sync. Everything that goes wrong is a {@link PsaException}; an unexpected error during a
 * write is UNKNOWN_OUTCOME (it may have landed), during a read RETRYABLE.
 */
@Service
class DefaultPsaWriter implements PsaWriter {

    private static final Logger log = LoggerFactory.getLogger(DefaultPsaWriter.class);

    private final PsaConnections connections;
    private final ConnectionCredentials credentials;
    private final Connectors connectors;
    private final SnapshotStore store;
    private final PsaSync sync;
    private final QuantityWrites writes;
    private final TenantCalendar calendar;

    DefaultPsaWriter(
            PsaConnections connections,
            ConnectionCredentials credentials,
            Connectors connectors,
            SnapshotStore store,
            PsaSync sync,
            QuantityWrites writes,
            TenantCalendar calendar) {
        this.calendar = calendar;
        this.connections = connections;
        this.credentials = credentials;
        this.connectors = connectors;
        this.store = store;
        this.sync = sync;
        this.writes = writes;
    }

    private record Target(ConnectorDescriptor descriptor, PsaClient client) {}

    @Override
    public LineState readLine(UUID tenantId, UUID lineId) {
        var line = store.storedLine(tenantId, lineId).orElseThrow(() -> unknownLine(lineId));
        Target target = target(tenantId, line.connectionId());
        var quantity = call(
                Kind.RETRYABLE,
                "Reading the line failed",
                () -> target.client().readQuantity(line.ref(), calendar.today(tenantId)));
        return quantity.map(q -> new LineState(true, q)).orElseGet(() -> new LineState(false, null));
    }

    @Override
    public WriteResult setQuantity(
            UUID tenantId,
            UUID lineId,
            BigDecimal quantity,
            LocalDate effectiveDate,
            String idempotencyKey,
            BigDecimal readJustNow) {
        var line = store.storedLine(tenantId, lineId).orElseThrow(() -> unknownLine(lineId));
        if (line.readOnlyReason() != null) {
            throw new PsaException(
                    Kind.PERMANENT,
                    line.readOnlyReason() + "; TrueUp does not write this line. "
                            + "Change what the PSA counts, or the line itself, in the PSA.");
        }
        Target target = target(tenantId, line.connectionId());
        var result = call(
                Kind.UNKNOWN_OUTCOME,
                "Writing the quantity failed",
                () -> writes.setQuantity(
                        target.descriptor(),
                        target.client(),
                        line.ref(),
                        quantity,
                        effectiveDate != null ? effectiveDate : calendar.today(tenantId),
                        idempotencyKey,
                        readJustNow));
        store.updateQuantity(tenantId, lineId, result.quantity() != null ? result.quantity() : quantity);
        return new WriteResult(result.reference(), result.quantity(), result.message());
    }

    @Override
    public WriteResult createLine(
            UUID tenantId,
            UUID connectionId,
            UUID companyId,
            UUID productId,
            BigDecimal quantity,
            LocalDate effectiveDate,
            String idempotencyKey) {
        Target target = target(tenantId, connectionId);
        var company = store.company(tenantId, connectionId, companyId)
                .orElseThrow(
                        () -> new PsaException(Kind.PERMANENT, "Company " + companyId + " is not in the PSA snapshot"));
        var product = store.product(tenantId, connectionId, productId)
                .orElseThrow(
                        () -> new PsaException(Kind.PERMANENT, "Product " + productId + " is not in the PSA snapshot"));
        var contract = store.contractForNewLine(tenantId, connectionId, companyId);
        var line = new NewLine(
                company.externalId(),
                contract.map(SnapshotStore.ContractRow::externalId).orElse(null),
                new RemoteProduct(
                        product.externalId(),
                        product.identifier(),
                        product.name(),
                        product.unitPrice(),
                        product.unitCost()),
                quantity,
                effectiveDate != null ? effectiveDate : calendar.today(tenantId),
                idempotencyKey);
        var result = call(
                Kind.UNKNOWN_OUTCOME,
                "Creating the line failed",
                () -> writes.createLine(target.descriptor(), target.client(), line));
        if (contract.isPresent()
                && result.reference() != null
                && !result.reference().isBlank()
                && result.reference().length() <= 100) {
            store.insertCreatedLine(
                    tenantId,
                    connectionId,
                    contract.get(),
                    company,
                    product,
                    result.reference(),
                    result.quantity() != null ? result.quantity() : quantity);
        } else {
            // the connector chose the contract: only a sync can tell where the line went
            try {
                sync.request(tenantId, connectionId, PsaSync.SYSTEM);
            } catch (RuntimeException e) {
                log.warn(
                        "Could not request a sync after creating a line on connection {}: {}",
                        connectionId,
                        e.toString());
            }
        }
        return new WriteResult(result.reference(), result.quantity(), result.message());
    }

    private Target target(UUID tenantId, UUID connectionId) {
        var connection = connections
                .find(tenantId, connectionId)
                .orElseThrow(
                        () -> new PsaException(Kind.PERMANENT, "PSA connection " + connectionId + " does not exist"));
        var connector = connectors.require(connection.type());
        try {
            return new Target(connector.descriptor(), connector.open(credentials.context(connection)));
        } catch (CredentialCipher.UnreadableException e) {
            throw new PsaException(
                    Kind.PERMANENT,
                    "The saved credentials of " + connection.name() + " cannot be read: " + e.getMessage(),
                    null,
                    e);
        }
    }

    /** Runs a connector call; its failures become PsaExceptions, anything unexpected one of {@code unexpectedKind}. */
    private static <T> T call(Kind unexpectedKind, String what, Supplier<T> work) {
        try {
            return work.get();
        } catch (ConnectorException e) {
            throw PsaException.of(e);
        } catch (PsaException e) {
            throw e;
        } catch (RuntimeException e) {
            log.warn("{}: unexpected connector error", what, e);
            throw new PsaException(
                    unexpectedKind,
                    what + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()),
                    null,
                    e);
        }
    }

    private static PsaException unknownLine(UUID lineId) {
        return new PsaException(Kind.PERMANENT, "Contract line " + lineId + " is not in the PSA snapshot");
    }
}
