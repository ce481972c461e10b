package com.trueup.psa.file;

import com.trueup.psa.connector.ConnectorContext;
import com.trueup.psa.connector.ImportedParts;
import com.trueup.psa.connector.RemoteCompany;
import com.trueup.psa.connector.RemoteContract;
import com.trueup.psa.connector.RemoteLine;
import com.trueup.psa.connector.RemoteProduct;
import com.trueup.psa.connector.SnapshotPart;
import com.trueup.psa.connector.SnapshotSink;
import com.trueup.shared.TenantCalendar;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Feeds a sync the parts of a connection that come from its imported files. Ids in the snapshot are the items' keys
 * (the PSA's ids where the file has them, else names; see {@link ImportedRow}), so TrueUp's ids stay the same from one
 * import to the next. A company, product or contract named by a line but not listed in an imported file of its part is
 * derived from the line's columns (billable). An item is not billed when its status is one of the profile's inactive
 * values, when its end date has passed or its start date has not come yet (today in the organisation's time zone).
 */
@Component
class FileParts implements ImportedParts {

    static final int MAX_EXTERNAL_ID = 100;

    private final FileRows rows;
    private final TenantCalendar calendar;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    FileParts(FileRows rows, TenantCalendar calendar, JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.rows = rows;
        this.calendar = calendar;
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
    }

    /** Reads with the connection's row locked, as imports do: a sync never reads half of an import. */
    @Override
    public void read(ConnectorContext context, Set<SnapshotPart> parts, SnapshotSink sink) {
        UUID tenantId = context.tenantId();
        UUID connectionId = context.connectionId();
        if (connectionId == null) {
            return;
        }
        tx.executeWithoutResult(status -> {
            jdbc.sql("select id from psa_connection where tenant_id = :tenant and id = :id for update")
                    .param("tenant", tenantId)
                    .param("id", connectionId)
                    .query(UUID.class)
                    .optional();
            readLocked(context, tenantId, connectionId, parts, sink);
        });
    }

    private void readLocked(
            ConnectorContext context, UUID tenantId, UUID connectionId, Set<SnapshotPart> parts, SnapshotSink sink) {
        LocalDate today = calendar.dayOf(tenantId, context.clock().instant());
        Set<String> companies = new HashSet<>();
        Set<String> products = new HashSet<>();
        Set<String> contracts = new HashSet<>();
        if (parts.contains(SnapshotPart.COMPANIES)) {
            rows.read(tenantId, connectionId, SnapshotPart.COMPANIES, r -> {
                String id = id(r.companyKey());
                if (companies.add(id)) {
                    sink.company(new RemoteCompany(id, name(r.companyName(), r.companyId()), billable(r, today)));
                }
            });
        }
        if (parts.contains(SnapshotPart.PRODUCTS)) {
            rows.read(tenantId, connectionId, SnapshotPart.PRODUCTS, r -> {
                String id = id(r.productKey());
                if (products.add(id)) {
                    sink.product(new RemoteProduct(
                            id, r.productId(), name(r.productName(), r.productId()), r.unitPrice(), r.unitCost()));
                }
            });
        }
        if (parts.contains(SnapshotPart.CONTRACTS)) {
            rows.read(tenantId, connectionId, SnapshotPart.CONTRACTS, r -> {
                String id = id(r.contractKey());
                if (contracts.add(id)) {
                    sink.contract(new RemoteContract(
                            id, id(r.companyKey()), name(r.contractName(), r.contractId()), billable(r, today)));
                }
                if (parts.contains(SnapshotPart.COMPANIES) && companies.add(id(r.companyKey()))) {
                    sink.company(new RemoteCompany(id(r.companyKey()), name(r.companyName(), r.companyId()), true));
                }
            });
        }
        if (parts.contains(SnapshotPart.LINES)) {
            rows.read(tenantId, connectionId, SnapshotPart.LINES, r -> {
                String company = id(r.companyKey());
                String product = id(r.productKey());
                String contract = id(r.contractKey());
                if (parts.contains(SnapshotPart.COMPANIES) && companies.add(company)) {
                    sink.company(new RemoteCompany(company, name(r.companyName(), r.companyId()), true));
                }
                if (parts.contains(SnapshotPart.PRODUCTS) && products.add(product)) {
                    sink.product(new RemoteProduct(
                            product, r.productId(), name(r.productName(), r.productId()), r.unitPrice(), r.unitCost()));
                }
                if (parts.contains(SnapshotPart.CONTRACTS) && contracts.add(contract)) {
                    sink.contract(new RemoteContract(
                            contract,
                            company,
                            r.contractName() != null
                                    ? r.contractName()
                                    : r.contractId() != null ? r.contractId() : "Recurring services",
                            true));
                }
                sink.line(new RemoteLine(
                        id(r.key()),
                        contract,
                        company,
                        product,
                        r.quantity(),
                        r.unitPrice(),
                        r.unitCost(),
                        billable(r, today)));
            });
        }
    }

    /** Active: not of an inactive status, not ended before today, started by today. */
    static boolean billable(ImportedRow row, LocalDate today) {
        return !row.inactive()
                && (row.endDate() == null || !row.endDate().isBefore(today))
                && (row.startDate() == null || !row.startDate().isAfter(today));
    }

    static String id(String key) {
        return ImportedRow.fit(key, MAX_EXTERNAL_ID);
    }

    private static String name(String name, String id) {
        return name != null ? name : id;
    }
}
