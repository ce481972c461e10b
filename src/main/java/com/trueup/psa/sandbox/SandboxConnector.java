package com.trueup.psa.sandbox;

import com.trueup.psa.ConnectorCapabilities;
import com.trueup.psa.PsaException;
import com.trueup.psa.PsaException.Kind;
import com.trueup.psa.PsaWriter.WriteResult;
import com.trueup.psa.connector.ConnectorContext;
import com.trueup.psa.connector.LineRef;
import com.trueup.psa.connector.PsaConnector;
import com.trueup.psa.connector.RemoteCompany;
import com.trueup.psa.connector.RemoteContract;
import com.trueup.psa.connector.RemoteLine;
import com.trueup.psa.connector.RemoteProduct;
import com.trueup.psa.connector.SnapshotSink;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Sandbox PSA's connector: reads the sandbox tables the way a real connector reads its PSA and writes quantities
 * into them, recording every change in the line's history. Companies are billable when active; contracts when their
 * type and status are in the connection's settings {@code billableContractTypes} (default "recurring") and
 * {@code billableContractStatuses} (default "active"); lines when not cancelled.
 */
@Component
class SandboxConnector implements PsaConnector {

    static final String TYPE = "sandbox";
    static final String WRITER = "TrueUp write-back";

    private final SandboxStore store;
    private final TransactionTemplate tx;

    SandboxConnector(SandboxStore store, PlatformTransactionManager transactions) {
        this.store = store;
        this.tx = new TransactionTemplate(transactions);
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public ConnectorCapabilities capabilities() {
        return new ConnectorCapabilities(false, false, true, true, 0);
    }

    @Override
    public String testConnection(ConnectorContext context) {
        if (context.connectionId() == null) {
            return "The Sandbox PSA is built into TrueUp: there is nothing to check before saving.";
        }
        var counts = store.counts(context.tenantId(), connection(context));
        if (counts.companies() == 0) {
            return "The Sandbox PSA is ready but empty: load the demo data or add companies.";
        }
        return "The Sandbox PSA answers: " + counts.companies() + " companies, " + counts.products() + " products, "
                + counts.contracts() + " contracts, " + counts.lines() + " lines.";
    }

    @Override
    public void readSnapshot(ConnectorContext context, SnapshotSink sink) {
        UUID tenantId = context.tenantId();
        UUID connectionId = connection(context);
        Set<String> types = setting(context, "billableContractTypes", "recurring");
        Set<String> statuses = setting(context, "billableContractStatuses", "active");
        for (var company : store.companies(tenantId, connectionId)) {
            sink.company(new RemoteCompany(company.id().toString(), company.name(), "active".equals(company.status())));
        }
        for (var product : store.products(tenantId, connectionId)) {
            sink.product(new RemoteProduct(product.id().toString(), product.identifier(), product.name(), product.price(),
                    product.cost()));
        }
        for (var contract : store.contracts(tenantId, connectionId, null)) {
            sink.contract(new RemoteContract(contract.id().toString(), contract.companyId().toString(), contract.name(),
                    types.contains(contract.type()) && statuses.contains(contract.status())));
            for (var line : contract.lines()) {
                sink.line(new RemoteLine(line.id().toString(), contract.id().toString(), contract.companyId().toString(),
                        line.productId().toString(), line.quantity(), line.price(), line.cost(), !line.cancelled()));
            }
        }
    }

    @Override
    public BigDecimal readQuantity(ConnectorContext context, LineRef line) {
        UUID id = idOf(line.externalLineId());
        if (id == null) {
            return null;
        }
        return store.line(context.tenantId(), connection(context), id).map(SandboxStore.Line::quantity).orElse(null);
    }

    @Override
    public WriteResult setQuantity(ConnectorContext context, LineRef ref, BigDecimal target, LocalDate effectiveDate,
            String idempotencyKey) {
        UUID tenantId = context.tenantId();
        UUID connectionId = connection(context);
        UUID id = idOf(ref.externalLineId());
        if (target == null || target.signum() < 0) {
            throw new PsaException(Kind.PERMANENT, "400 Bad Request: quantity must be zero or more");
        }
        return tx.execute(status -> {
            var line = (id == null ? null : store.lineForUpdate(tenantId, connectionId, id).orElse(null));
            if (line == null) {
                throw new PsaException(Kind.PERMANENT, "404 Not Found: contract line " + ref.externalLineId() + " does not exist");
            }
            if (line.cancelled()) {
                throw new PsaException(Kind.PERMANENT, "409 Conflict: contract line " + id + " is cancelled");
            }
            if (line.quantity().compareTo(target) == 0) {
                return new WriteResult(id.toString(), line.quantity(), "The line already has quantity " + target.toPlainString());
            }
            store.updateLine(tenantId, connectionId, id, target, null, null, null,
                    effectiveDate == null ? line.effectiveDate() : effectiveDate, "write-back", WRITER, idempotencyKey);
            var updated = store.line(tenantId, connectionId, id).orElseThrow();
            return new WriteResult(id.toString(), updated.quantity(), "Quantity changed from "
                    + line.quantity().stripTrailingZeros().toPlainString() + " to "
                    + updated.quantity().stripTrailingZeros().toPlainString());
        });
    }

    @Override
    public WriteResult createLine(ConnectorContext context, String companyExternalId, String contractExternalId,
            RemoteProduct product, BigDecimal quantity, LocalDate effectiveDate, String idempotencyKey) {
        UUID tenantId = context.tenantId();
        UUID connectionId = connection(context);
        if (quantity == null || quantity.signum() < 0) {
            throw new PsaException(Kind.PERMANENT, "400 Bad Request: quantity must be zero or more");
        }
        return tx.execute(status -> {
            var existing = store.lineOfIdempotencyKey(tenantId, connectionId, idempotencyKey, "created")
                    .flatMap(lineId -> store.line(tenantId, connectionId, lineId));
            if (existing.isPresent()) {
                return new WriteResult(existing.get().id().toString(), existing.get().quantity(), "The line was already created");
            }
            UUID companyId = idOf(companyExternalId);
            var company = companyId == null ? null : store.company(tenantId, connectionId, companyId).orElse(null);
            if (company == null) {
                throw new PsaException(Kind.PERMANENT, "404 Not Found: company " + companyExternalId + " does not exist");
            }
            UUID productId = product == null ? null : idOf(product.externalId());
            if (productId == null || store.product(tenantId, connectionId, productId).isEmpty()) {
                throw new PsaException(Kind.PERMANENT, "404 Not Found: product "
                        + (product == null ? null : product.externalId()) + " does not exist");
            }
            var contracts = store.contracts(tenantId, connectionId, null).stream()
                    .filter(c -> c.companyId().equals(companyId)).toList();
            SandboxStore.Contract contract;
            if (contractExternalId != null) {
                contract = contracts.stream().filter(c -> c.id().toString().equals(contractExternalId)).findFirst()
                        .orElseThrow(() -> new PsaException(Kind.PERMANENT, "404 Not Found: contract " + contractExternalId
                                + " of company " + company.name() + " does not exist"));
            } else {
                contract = contracts.stream().filter(c -> "recurring".equals(c.type()) && "active".equals(c.status()))
                        .findFirst().orElseThrow(() -> new PsaException(Kind.PERMANENT, "409 Conflict: "
                                + company.name() + " has no active recurring contract to add the line to"));
            }
            UUID lineId = store.addLine(tenantId, connectionId, contract.id(), productId, quantity, null, null,
                    effectiveDate, "created", WRITER, idempotencyKey);
            return new WriteResult(lineId.toString(), SandboxStore.quantity(quantity),
                    "Line created in " + contract.name() + " of " + company.name());
        });
    }

    private static UUID connection(ConnectorContext context) {
        if (context.connectionId() == null) {
            throw new PsaException(Kind.PERMANENT, "Save the Sandbox connection first: each sandbox belongs to its connection");
        }
        return context.connectionId();
    }

    private static Set<String> setting(ConnectorContext context, String name, String defaultValue) {
        return Arrays.stream(context.setting(name, defaultValue).split(","))
                .map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    private static UUID idOf(String externalId) {
        try {
            return externalId == null ? null : UUID.fromString(externalId);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
