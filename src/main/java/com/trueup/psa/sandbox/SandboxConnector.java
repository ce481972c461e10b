package com.trueup.psa.sandbox;

import com.trueup.psa.connector.Capabilities;
import com.trueup.psa.connector.ConnectorContext;
import com.trueup.psa.connector.ConnectorDescriptor;
import com.trueup.psa.connector.ConnectorException;
import com.trueup.psa.connector.LineRef;
import com.trueup.psa.connector.NewLine;
import com.trueup.psa.connector.PsaClient;
import com.trueup.psa.connector.PsaConnector;
import com.trueup.psa.connector.QuantityChange;
import com.trueup.psa.connector.RemoteCompany;
import com.trueup.psa.connector.RemoteContract;
import com.trueup.psa.connector.RemoteLine;
import com.trueup.psa.connector.RemoteProduct;
import com.trueup.psa.connector.SettingField;
import com.trueup.psa.connector.SnapshotSink;
import com.trueup.psa.connector.WriteResult;
import com.trueup.psa.connector.WriteStyle;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Sandbox PSA's connector: reads the sandbox tables the way a real connector reads its PSA and writes quantities
 * into them, recording every change in the line's history. Companies are billable when active; contracts when their
 * type and status are in the settings; lines when not cancelled.
 */
@Component
class SandboxConnector implements PsaConnector {

    static final String TYPE = "sandbox";
    static final String WRITER = "TrueUp write-back";

    static final ConnectorDescriptor DESCRIPTOR = ConnectorDescriptor.builder(TYPE, "Sandbox PSA")
            .description("A simulated PSA inside TrueUp with clients, a catalog and recurring contracts. Needs no "
                    + "credentials: try every flow, then switch to your real PSA.")
            .setting(SettingField.list(
                            "billableContractTypes",
                            "Billable contract types",
                            "recurring",
                            "Contract types whose lines are billed every period.")
                    .allowing("recurring", "one-time"))
            .setting(SettingField.list(
                            "billableContractStatuses",
                            "Billable contract statuses",
                            "active",
                            "Contract statuses that count as billable.")
                    .allowing("active", "inactive"))
            .setupHelp("Nothing to set up: after saving, open the Sandbox PSA and load its demo data.")
            .capabilities(Capabilities.builder()
                    .readsEverything()
                    .updatesLines(WriteStyle.ABSOLUTE)
                    .createsLines()
                    .honoursEffectiveDate()
                    .build())
            .build();

    private final SandboxStore store;
    private final TransactionTemplate tx;

    SandboxConnector(SandboxStore store, PlatformTransactionManager transactions) {
        this.store = store;
        this.tx = new TransactionTemplate(transactions);
    }

    @Override
    public ConnectorDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public PsaClient open(ConnectorContext context) {
        return new Client(context);
    }

    private final class Client implements PsaClient {

        private final ConnectorContext context;
        private final UUID tenantId;

        Client(ConnectorContext context) {
            this.context = context;
            this.tenantId = context.tenantId();
        }

        @Override
        public String testConnection() {
            if (context.connectionId() == null) {
                return "The Sandbox PSA is built into TrueUp: there is nothing to check before saving.";
            }
            var counts = store.counts(tenantId, connection());
            if (counts.companies() == 0) {
                return "The Sandbox PSA is ready but empty: load the demo data or add companies.";
            }
            return "The Sandbox PSA answers: " + counts.companies() + " companies, " + counts.products() + " products, "
                    + counts.contracts() + " contracts, " + counts.lines() + " lines.";
        }

        @Override
        public void readSnapshot(SnapshotSink sink) {
            UUID connectionId = connection();
            Set<String> types = context.settings().list("billableContractTypes");
            Set<String> statuses = context.settings().list("billableContractStatuses");
            for (var company : store.companies(tenantId, connectionId)) {
                sink.company(
                        new RemoteCompany(company.id().toString(), company.name(), "active".equals(company.status())));
            }
            for (var product : store.products(tenantId, connectionId)) {
                sink.product(new RemoteProduct(
                        product.id().toString(),
                        product.identifier(),
                        product.name(),
                        product.price(),
                        product.cost()));
            }
            for (var contract : store.contracts(tenantId, connectionId, null)) {
                sink.contract(new RemoteContract(
                        contract.id().toString(),
                        contract.companyId().toString(),
                        contract.name(),
                        types.contains(contract.type()) && statuses.contains(contract.status())));
                for (var line : contract.lines()) {
                    sink.line(new RemoteLine(
                            line.id().toString(),
                            contract.id().toString(),
                            contract.companyId().toString(),
                            line.productId().toString(),
                            line.quantity(),
                            line.price(),
                            line.cost(),
                            !line.cancelled()));
                }
            }
        }

        @Override
        public Optional<BigDecimal> readQuantity(LineRef line, LocalDate date) {
            return idOf(line.externalLineId())
                    .flatMap(id -> store.line(tenantId, connection(), id))
                    .filter(l -> !l.cancelled())
                    .map(SandboxStore.Line::quantity);
        }

        @Override
        public WriteResult writeQuantity(LineRef ref, QuantityChange change) {
            UUID connectionId = connection();
            return tx.execute(status -> {
                var line = idOf(ref.externalLineId())
                        .flatMap(id -> store.lineForUpdate(tenantId, connectionId, id))
                        .orElseThrow(() -> ConnectorException.permanent(
                                "404 Not Found: contract line " + ref.externalLineId() + " does not exist"));
                if (line.cancelled()) {
                    throw ConnectorException.permanent("409 Conflict: contract line " + line.id() + " is cancelled");
                }
                if (line.quantity().compareTo(change.target()) == 0) {
                    return new WriteResult(
                            line.id().toString(),
                            line.quantity(),
                            "The line already has quantity " + change.target().toPlainString());
                }
                store.updateLine(
                        tenantId,
                        connectionId,
                        line.id(),
                        change.target(),
                        null,
                        null,
                        null,
                        change.effectiveDate() == null ? line.effectiveDate() : change.effectiveDate(),
                        "write-back",
                        WRITER,
                        change.idempotencyKey());
                var updated = store.line(tenantId, connectionId, line.id()).orElseThrow();
                return new WriteResult(
                        line.id().toString(),
                        updated.quantity(),
                        "Quantity changed from "
                                + line.quantity().stripTrailingZeros().toPlainString() + " to "
                                + updated.quantity().stripTrailingZeros().toPlainString());
            });
        }

        @Override
        public String contractForNewLine(String companyExternalId) {
            UUID companyId = idOf(companyExternalId).orElseThrow(() -> unknownCompany(companyExternalId));
            var company = store.company(tenantId, connection(), companyId)
                    .orElseThrow(() -> unknownCompany(companyExternalId));
            return store.contracts(tenantId, connection(), null).stream()
                    .filter(c -> c.companyId().equals(companyId)
                            && "recurring".equals(c.type())
                            && "active".equals(c.status()))
                    .map(c -> c.id().toString())
                    .findFirst()
                    .orElseThrow(() -> ConnectorException.permanent("409 Conflict: " + company.name()
                            + " has no active recurring contract to add the line to"));
        }

        @Override
        public Optional<String> findLine(NewLine line) {
            UUID connectionId = connection();
            Optional<UUID> created =
                    store.lineOfIdempotencyKey(tenantId, connectionId, line.idempotencyKey(), "created");
            if (created.isPresent()) {
                return created.map(UUID::toString);
            }
            Optional<UUID> contractId = idOf(line.contractExternalId());
            Optional<UUID> productId = idOf(line.product().externalId());
            if (contractId.isEmpty() || productId.isEmpty()) {
                return Optional.empty();
            }
            return store.lines(tenantId, connectionId, contractId.get()).stream()
                    .filter(l -> l.productId().equals(productId.get()) && !l.cancelled())
                    .map(l -> l.id().toString())
                    .findFirst();
        }

        @Override
        public WriteResult createLine(NewLine line) {
            UUID connectionId = connection();
            return tx.execute(status -> {
                UUID companyId =
                        idOf(line.companyExternalId()).orElseThrow(() -> unknownCompany(line.companyExternalId()));
                var company = store.company(tenantId, connectionId, companyId)
                        .orElseThrow(() -> unknownCompany(line.companyExternalId()));
                UUID productId = idOf(line.product().externalId())
                        .filter(id -> store.product(tenantId, connectionId, id).isPresent())
                        .orElseThrow(() -> ConnectorException.permanent(
                                "404 Not Found: product " + line.product().externalId() + " does not exist"));
                var contract = idOf(line.contractExternalId())
                        .flatMap(id -> store.contract(tenantId, connectionId, id))
                        .filter(c -> c.companyId().equals(companyId))
                        .orElseThrow(() -> ConnectorException.permanent("404 Not Found: contract "
                                + line.contractExternalId() + " of company " + company.name() + " does not exist"));
                UUID lineId = store.addLine(
                        tenantId,
                        connectionId,
                        contract.id(),
                        productId,
                        line.quantity(),
                        null,
                        null,
                        line.effectiveDate(),
                        "created",
                        WRITER,
                        line.idempotencyKey());
                return new WriteResult(
                        lineId.toString(),
                        SandboxStore.quantity(line.quantity()),
                        "Line created in " + contract.name() + " of " + company.name());
            });
        }

        private UUID connection() {
            if (context.connectionId() == null) {
                throw ConnectorException.permanent(
                        "Save the Sandbox connection first: each sandbox belongs to its connection");
            }
            return context.connectionId();
        }
    }

    private static ConnectorException unknownCompany(String externalId) {
        return ConnectorException.permanent("404 Not Found: company " + externalId + " does not exist");
    }

    private static Optional<UUID> idOf(String externalId) {
        try {
            return externalId == null ? Optional.empty() : Optional.of(UUID.fromString(externalId));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
