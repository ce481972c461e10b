package com.trueup.psa;

import com.trueup.psa.connector.ContractTerms;
import com.trueup.psa.connector.LineRef;
import com.trueup.psa.connector.RemoteCompany;
import com.trueup.psa.connector.RemoteContract;
import com.trueup.psa.connector.RemoteLine;
import com.trueup.psa.connector.RemoteProduct;
import com.trueup.shared.BulkSql;
import com.trueup.shared.PageResult;
import com.trueup.shared.Quantities;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * TrueUp's copy of a PSA: companies, products, contracts and lines keyed by the PSA's ids. A sync replaces it in one
 * transaction; TrueUp ids survive syncs (rows are matched by external id) and rows the PSA stopped returning are
 * flagged {@code removed}. "Billable lines" are active lines of billable contracts of billable companies. Every write
 * ends with a new {@code psa_connection.snapshot_version} for the connection, in the same transaction
 * ({@link #snapshotChanged}).
 */
@Repository
class SnapshotStore {

    /** What a sync stored; {@code billableLines} is the part reconciliation sees. */
    record Counts(int companies, int products, int contracts, int lines, int billableLines) {}

    record CompanyRow(UUID id, String externalId, String name, boolean billable) {}

    record ProductRow(
            UUID id, String externalId, String identifier, String name, BigDecimal unitPrice, BigDecimal unitCost) {}

    record LineRow(
            UUID id,
            String externalId,
            UUID productId,
            String productExternalId,
            String productIdentifier,
            String productName,
            BigDecimal quantity,
            BigDecimal unitPrice,
            BigDecimal unitCost,
            boolean active,
            boolean billable) {}

    record ContractRow(
            UUID id,
            String externalId,
            String name,
            UUID companyId,
            String companyExternalId,
            String companyName,
            boolean billable,
            List<LineRow> lines,
            TermsRow terms) {}

    /** What the PSA says about the contract as a whole (value, days, standing, periods); null when it told nothing. */
    record TermsRow(
            BigDecimal value,
            java.time.LocalDate startsOn,
            java.time.LocalDate endsOn,
            String standing,
            List<PeriodRow> periods) {}

    record PeriodRow(
            String externalId,
            java.time.LocalDate startsOn,
            java.time.LocalDate endsOn,
            String standing,
            String budgetType,
            String allowanceType,
            BigDecimal budget) {}

    /** A stored line with what a connector needs to address it. */
    record StoredLine(
            UUID id,
            UUID connectionId,
            UUID contractId,
            UUID companyId,
            UUID productId,
            LineRef ref,
            BigDecimal quantity,
            String readOnlyReason) {}

    private static final String BILLABLE_LINE = """
            l.active = true and l.removed = false and l.product_id is not null
            and c.billable = true and c.removed = false and co.billable = true and co.removed = false""";

    private final JdbcClient jdbc;
    private final BulkSql bulk;
    private final Clock clock;

    SnapshotStore(JdbcClient jdbc, BulkSql bulk, Clock clock) {
        this.jdbc = jdbc;
        this.bulk = bulk;
        this.clock = clock;
    }

    /**
     * Replaces the connection's snapshot with what was read; call inside one transaction. Quantities written through
     * TrueUp while this run was queued or running are kept: the read may have seen a line before the write landed.
     */
    Counts replace(UUID tenantId, UUID connectionId, UUID runId, SnapshotCollector read) {
        Map<UUID, BigDecimal> writtenMeanwhile = new HashMap<>();
        jdbc.sql("select id, quantity from psa_contract_line where tenant_id = :tenant and connection_id = :connection "
                        + "and written_run_id = :run")
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .param("run", runId)
                .query((rs, n) -> writtenMeanwhile.put(rs.getObject(1, UUID.class), rs.getBigDecimal(2)))
                .list();
        Map<String, UUID> companies = upsert(
                "psa_company",
                tenantId,
                connectionId,
                runId,
                read.companies.values(),
                RemoteCompany::externalId,
                (c, p) ->
                        p.addValue("name", text(c.name(), 300, c.externalId())).addValue("billable", c.billable()),
                "name = :name, billable = :billable",
                "name, billable",
                ":name, :billable");
        Map<String, UUID> products = upsert(
                "psa_product",
                tenantId,
                connectionId,
                runId,
                read.products.values(),
                RemoteProduct::externalId,
                (p, params) -> params.addValue("identifier", text(p.identifier(), 200, null))
                        .addValue("name", text(p.name(), 300, p.identifier() != null ? p.identifier() : p.externalId()))
                        .addValue("price", money(p.unitPrice()))
                        .addValue("cost", money(p.unitCost())),
                "identifier = :identifier, name = :name, unit_price = :price, unit_cost = :cost",
                "identifier, name, unit_price, unit_cost",
                ":identifier, :name, :price, :cost");
        Map<String, String> contractCompany = new HashMap<>();
        read.contracts.values().forEach(c -> contractCompany.put(c.externalId(), c.companyExternalId()));
        Map<String, UUID> contracts = upsert(
                "psa_contract",
                tenantId,
                connectionId,
                runId,
                read.contracts.values(),
                RemoteContract::externalId,
                (c, p) -> {
                    ContractTerms terms = c.terms();
                    p.addValue("companyExt", c.companyExternalId())
                            .addValue("companyId", companies.get(c.companyExternalId()))
                            .addValue("name", text(c.name(), 300, c.externalId()))
                            .addValue("billable", c.billable())
                            .addValue("nextInvoice", date(c.nextInvoiceDate()), java.sql.Types.DATE)
                            .addValue("value", terms == null ? null : money(terms.value()), java.sql.Types.NUMERIC)
                            .addValue("startsOn", terms == null ? null : date(terms.startDate()), java.sql.Types.DATE)
                            .addValue("endsOn", terms == null ? null : date(terms.endDate()), java.sql.Types.DATE)
                            .addValue(
                                    "standing",
                                    terms == null ? null : text(terms.standing(), 60, null),
                                    java.sql.Types.VARCHAR);
                },
                "company_external_id = :companyExt, company_id = :companyId, name = :name, billable = :billable, "
                        + "next_invoice_date = :nextInvoice, contract_value = :value, starts_on = :startsOn, "
                        + "ends_on = :endsOn, standing = :standing",
                "company_external_id, company_id, name, billable, next_invoice_date, contract_value, starts_on, ends_on, standing",
                ":companyExt, :companyId, :name, :billable, :nextInvoice, :value, :startsOn, :endsOn, :standing");
        replacePeriods(tenantId, connectionId, read, contracts);
        Timestamp now = Timestamp.from(clock.instant());
        upsert(
                "psa_contract_line",
                tenantId,
                connectionId,
                runId,
                read.lines.values(),
                RemoteLine::externalId,
                (l, p) -> {
                    String companyExt = l.companyExternalId() != null
                            ? l.companyExternalId()
                            : contractCompany.get(l.contractExternalId());
                    p.addValue("contractExt", l.contractExternalId())
                            .addValue("companyExt", companyExt)
                            .addValue("productExt", l.productExternalId())
                            .addValue("contractId", contracts.get(l.contractExternalId()))
                            .addValue("companyId", companies.get(companyExt))
                            .addValue("productId", products.get(l.productExternalId()))
                            .addValue("quantity", quantity(l.quantity()))
                            .addValue("price", money(l.unitPrice()))
                            .addValue("cost", money(l.unitCost()))
                            .addValue("active", l.active())
                            .addValue("readOnly", text(l.readOnlyReason(), 300, null))
                            .addValue("now", now);
                },
                """
                contract_external_id = :contractExt, company_external_id = :companyExt, product_external_id = :productExt,
                contract_id = :contractId, company_id = :companyId, product_id = :productId, quantity = :quantity,
                unit_price = :price, unit_cost = :cost, active = :active, read_only_reason = :readOnly, updated_at = :now""",
                "contract_external_id, company_external_id, product_external_id, contract_id, company_id, product_id, "
                        + "quantity, unit_price, unit_cost, active, read_only_reason, updated_at",
                ":contractExt, :companyExt, :productExt, :contractId, :companyId, :productId, :quantity, :price, :cost, :active, "
                        + ":readOnly, :now");
        writtenMeanwhile.forEach((id, quantity) -> jdbc.sql(
                        "update psa_contract_line set quantity = :quantity, removed = false where tenant_id = :tenant and id = :id")
                .param("quantity", quantity)
                .param("tenant", tenantId)
                .param("id", id)
                .update());
        // conservative: a run that read the same as before still gets a new version (runs are hours apart)
        snapshotChanged(tenantId, connectionId);
        return new Counts(
                read.companies.size(),
                read.products.size(),
                read.contracts.size(),
                read.lines.size(),
                billableLineCount(tenantId, connectionId));
    }

    /** A contract's periods are what the last sync read: the connection's periods are replaced as a whole. */
    private void replacePeriods(UUID tenantId, UUID connectionId, SnapshotCollector read, Map<String, UUID> contracts) {
        jdbc.sql("delete from psa_contract_period where tenant_id = :tenant and connection_id = :connection")
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .update();
        List<Object[]> rows = new ArrayList<>();
        for (RemoteContract contract : read.contracts.values()) {
            if (contract.terms() == null) {
                continue;
            }
            for (ContractTerms.Period period : contract.terms().periods()) {
                rows.add(new Object[] {
                    UUID.randomUUID(),
                    tenantId,
                    connectionId,
                    contracts.get(contract.externalId()),
                    text(period.externalId(), 100, null),
                    period.startDate(),
                    period.endDate(),
                    text(period.standing(), 60, null),
                    text(period.budgetType(), 60, null),
                    text(period.allowanceType(), 60, null),
                    money(period.budget())
                });
            }
        }
        bulk.insert(
                "psa_contract_period",
                List.of(
                        "id",
                        "tenant_id",
                        "connection_id",
                        "contract_id",
                        "external_id",
                        "starts_on",
                        "ends_on",
                        "standing",
                        "budget_type",
                        "allowance_type",
                        "budget"),
                rows);
    }

    private static java.sql.Date date(java.time.LocalDate day) {
        return day == null ? null : java.sql.Date.valueOf(day);
    }

    private interface Binder<T> {
        void bind(T item, MapSqlParameterSource params);
    }

    /** Updates rows the snapshot has, inserts new ones, flags the rest removed; returns external id → TrueUp id. */
    private <T> Map<String, UUID> upsert(
            String table,
            UUID tenantId,
            UUID connectionId,
            UUID runId,
            Iterable<T> items,
            java.util.function.Function<T, String> externalId,
            Binder<T> binder,
            String updateSet,
            String insertColumns,
            String insertValues) {
        Map<String, UUID> ids = new HashMap<>();
        jdbc.sql("select external_id, id from " + table + " where tenant_id = :tenant and connection_id = :connection")
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .query((rs, n) -> ids.put(rs.getString(1), rs.getObject(2, UUID.class)))
                .list();
        List<SqlParameterSource> updates = new ArrayList<>();
        List<SqlParameterSource> inserts = new ArrayList<>();
        Map<String, UUID> result = new HashMap<>();
        for (T item : items) {
            String ext = externalId.apply(item);
            UUID id = ids.get(ext);
            var params = new MapSqlParameterSource()
                    .addValue("tenant", tenantId)
                    .addValue("connection", connectionId)
                    .addValue("run", runId)
                    .addValue("ext", ext);
            binder.bind(item, params);
            if (id == null) {
                id = UUID.randomUUID();
                inserts.add(params.addValue("id", id));
            } else {
                updates.add(params.addValue("id", id));
            }
            result.put(ext, id);
        }
        if (!updates.isEmpty()) {
            // "a = :x, b = :y" -> columns a, b bound from x, y; then removed, seen_run_id; the key id, tenant_id
            List<String> setColumns = new ArrayList<>();
            List<String> setParams = new ArrayList<>();
            for (String assignment : updateSet.split(",")) {
                String[] sides = assignment.split("=");
                setColumns.add(sides[0].strip());
                setParams.add(sides[1].strip().substring(1));
            }
            setColumns.add("removed");
            setColumns.add("seen_run_id");
            List<Object[]> rows = new ArrayList<>(updates.size());
            for (SqlParameterSource params : updates) {
                Object[] row = new Object[setColumns.size() + 2];
                for (int i = 0; i < setParams.size(); i++) {
                    row[i] = bulkValue(params.getValue(setParams.get(i)));
                }
                row[setParams.size()] = false;
                row[setParams.size() + 1] = runId;
                row[setColumns.size()] = params.getValue("id");
                row[setColumns.size() + 1] = tenantId;
                rows.add(row);
            }
            bulk.update(table, setColumns, List.of("id", "tenant_id"), rows);
        }
        if (!inserts.isEmpty()) {
            List<String> columns = new ArrayList<>(List.of("id", "tenant_id", "connection_id", "external_id"));
            List<String> valueParams = new ArrayList<>();
            for (String column : insertColumns.split(",")) {
                columns.add(column.strip());
            }
            for (String param : insertValues.split(",")) {
                valueParams.add(param.strip().substring(1));
            }
            columns.add("removed");
            columns.add("seen_run_id");
            List<Object[]> rows = new ArrayList<>(inserts.size());
            for (SqlParameterSource params : inserts) {
                Object[] row = new Object[columns.size()];
                row[0] = params.getValue("id");
                row[1] = tenantId;
                row[2] = connectionId;
                row[3] = params.getValue("ext");
                for (int i = 0; i < valueParams.size(); i++) {
                    row[4 + i] = bulkValue(params.getValue(valueParams.get(i)));
                }
                row[columns.size() - 2] = false;
                row[columns.size() - 1] = runId;
                rows.add(row);
            }
            bulk.insert(table, columns, rows);
        }
        jdbc.sql("update " + table + " set removed = true where tenant_id = :tenant and connection_id = :connection "
                        + "and removed = false and seen_run_id <> :run")
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .param("run", runId)
                .update();
        return result;
    }

    /** A bound value as {@link BulkSql} takes it (Instant and LocalDate instead of the JDBC types). */
    private static Object bulkValue(Object value) {
        if (value instanceof org.springframework.jdbc.core.SqlParameterValue v) {
            value = v.getValue();
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate();
        }
        return value;
    }

    int billableLineCount(UUID tenantId, UUID connectionId) {
        return jdbc.sql("select count(*) from psa_contract_line l join psa_contract c on c.id = l.contract_id "
                        + "join psa_company co on co.id = l.company_id "
                        + "where l.tenant_id = :tenant and l.connection_id = :connection and " + BILLABLE_LINE)
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .query(Integer.class)
                .single();
    }

    // ---- reads for other modules (PsaSnapshot) ----

    List<PsaCompany> billableCompanies(UUID tenantId, UUID connectionId) {
        return jdbc.sql("""
                select id, connection_id, external_id, name from psa_company
                where tenant_id = :tenant and connection_id = :connection and billable = true and removed = false
                order by lower(name), id""")
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .query((rs, n) -> new PsaCompany(
                        rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4)))
                .list();
    }

    List<PsaProduct> products(UUID tenantId, UUID connectionId) {
        return jdbc.sql("""
                select id, connection_id, external_id, identifier, name, unit_price, unit_cost from psa_product
                where tenant_id = :tenant and connection_id = :connection and removed = false
                order by lower(name), id""")
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .query((rs, n) -> new PsaProduct(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getBigDecimal(6),
                        rs.getBigDecimal(7)))
                .list();
    }

    private static final String LINE_SELECT = """
            select l.id, l.connection_id, l.company_id, l.product_id, l.contract_external_id, c.name as contract_name,
                   c.next_invoice_date, l.external_id, l.quantity, l.unit_price, l.unit_cost, l.read_only_reason
            from psa_contract_line l
            left join psa_contract c on c.id = l.contract_id
            left join psa_company co on co.id = l.company_id
            """;

    List<PsaContractLine> billableLines(UUID tenantId, UUID connectionId) {
        return jdbc.sql(LINE_SELECT + " where l.tenant_id = :tenant and l.connection_id = :connection and "
                        + BILLABLE_LINE + " order by l.company_id, l.product_id, l.external_id")
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .query(SnapshotStore::contractLine)
                .list();
    }

    Map<UUID, String> readOnlyLines(UUID tenantId, UUID connectionId) {
        Map<UUID, String> lines = new HashMap<>();
        jdbc.sql(
                        "select id, read_only_reason from psa_contract_line where tenant_id = :tenant and connection_id = :connection "
                                + "and read_only_reason is not null and removed = false")
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .query((rs, n) -> lines.put(rs.getObject(1, UUID.class), rs.getString(2)))
                .list();
        return lines;
    }

    Optional<PsaContractLine> line(UUID tenantId, UUID lineId) {
        return jdbc.sql(LINE_SELECT + " where l.tenant_id = :tenant and l.id = :id")
                .param("tenant", tenantId)
                .param("id", lineId)
                .query(SnapshotStore::contractLine)
                .optional();
    }

    private static PsaContractLine contractLine(ResultSet rs, int n) throws SQLException {
        return new PsaContractLine(
                rs.getObject("id", UUID.class),
                rs.getObject("connection_id", UUID.class),
                rs.getObject("company_id", UUID.class),
                rs.getObject("product_id", UUID.class),
                rs.getString("contract_external_id"),
                rs.getString("contract_name"),
                rs.getString("external_id"),
                rs.getBigDecimal("quantity"),
                rs.getBigDecimal("unit_price"),
                rs.getBigDecimal("unit_cost"),
                rs.getString("read_only_reason"),
                rs.getObject("next_invoice_date", java.time.LocalDate.class));
    }

    // ---- what the writer needs ----

    Optional<StoredLine> storedLine(UUID tenantId, UUID lineId) {
        return jdbc.sql("""
                select id, connection_id, contract_id, company_id, product_id, external_id, contract_external_id,
                       company_external_id, product_external_id, quantity, read_only_reason
                from psa_contract_line where tenant_id = :tenant and id = :id""")
                .param("tenant", tenantId)
                .param("id", lineId)
                .query((rs, n) -> new StoredLine(
                        rs.getObject("id", UUID.class),
                        rs.getObject("connection_id", UUID.class),
                        rs.getObject("contract_id", UUID.class),
                        rs.getObject("company_id", UUID.class),
                        rs.getObject("product_id", UUID.class),
                        new LineRef(
                                rs.getString("external_id"),
                                rs.getString("contract_external_id"),
                                rs.getString("company_external_id"),
                                rs.getString("product_external_id")),
                        rs.getBigDecimal("quantity"),
                        rs.getString("read_only_reason")))
                .optional();
    }

    Optional<CompanyRow> company(UUID tenantId, UUID connectionId, UUID companyId) {
        return jdbc.sql("select id, external_id, name, billable from psa_company "
                        + "where tenant_id = :tenant and connection_id = :connection and id = :id")
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .param("id", companyId)
                .query((rs, n) ->
                        new CompanyRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getBoolean(4)))
                .optional();
    }

    Optional<ProductRow> product(UUID tenantId, UUID connectionId, UUID productId) {
        return jdbc.sql("select id, external_id, identifier, name, unit_price, unit_cost from psa_product "
                        + "where tenant_id = :tenant and connection_id = :connection and id = :id")
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .param("id", productId)
                .query(SnapshotStore::productRow)
                .optional();
    }

    /** The company's billable contract a new line goes into: the one with most active lines, then by name. */
    Optional<ContractRow> contractForNewLine(UUID tenantId, UUID connectionId, UUID companyId) {
        return jdbc
                .sql("""
                select c.id, c.external_id, c.name, c.company_id, c.company_external_id,
                       (select count(*) from psa_contract_line l where l.contract_id = c.id and l.active = true and l.removed = false) as active_lines
                from psa_contract c
                where c.tenant_id = :tenant and c.connection_id = :connection and c.company_id = :company
                  and c.billable = true and c.removed = false
                order by active_lines desc, lower(c.name), c.external_id""")
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .param("company", companyId)
                .query((rs, n) -> new ContractRow(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getObject(4, UUID.class),
                        rs.getString(5),
                        null,
                        true,
                        List.of(),
                        null))
                .list()
                .stream()
                .findFirst();
    }

    /**
     * A new {@code snapshot_version} for the connection: the last statement of every write to its snapshot, in the
     * write's transaction, so the value commits with the write (and the connection's row is locked after the snapshot's
     * rows, in the order syncs and write-backs already take them).
     */
    private void snapshotChanged(UUID tenantId, UUID connectionId) {
        jdbc.sql("update psa_connection set snapshot_version = :version where tenant_id = :tenant and id = :connection")
                .param("version", UUID.randomUUID())
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .update();
    }

    /** After a successful write: the quantity the PSA now has, so the UI shows it before the next sync. */
    @Transactional
    void updateQuantity(UUID tenantId, UUID lineId, BigDecimal quantity) {
        int updated = jdbc.sql("""
                update psa_contract_line set quantity = :quantity, updated_at = :now,
                    written_run_id = (select c.active_sync_run_id from psa_connection c
                                      where c.id = psa_contract_line.connection_id and c.tenant_id = :tenant)
                where tenant_id = :tenant and id = :id""")
                .param("quantity", quantity(quantity))
                .param("now", Timestamp.from(clock.instant()))
                .param("tenant", tenantId)
                .param("id", lineId)
                .update();
        if (updated > 0) {
            jdbc.sql("""
                    update psa_connection set snapshot_version = :version
                    where tenant_id = :tenant
                      and id = (select l.connection_id from psa_contract_line l where l.tenant_id = :tenant and l.id = :line)""")
                    .param("version", UUID.randomUUID())
                    .param("tenant", tenantId)
                    .param("line", lineId)
                    .update();
        }
    }

    /** After a line was created in the PSA: add (or, on a repeated request, update) it in the snapshot. */
    @Transactional
    UUID insertCreatedLine(
            UUID tenantId,
            UUID connectionId,
            ContractRow contract,
            CompanyRow company,
            ProductRow product,
            String externalId,
            BigDecimal quantity) {
        Optional<UUID> existing = jdbc.sql("select id from psa_contract_line where tenant_id = :tenant "
                        + "and connection_id = :connection and external_id = :ext")
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .param("ext", externalId)
                .query(UUID.class)
                .optional();
        if (existing.isPresent()) {
            updateQuantity(tenantId, existing.get(), quantity);
            return existing.get();
        }
        UUID id = UUID.randomUUID();
        UUID seen = jdbc.sql("select seen_run_id from psa_contract where id = :id and tenant_id = :tenant")
                .param("id", contract.id())
                .param("tenant", tenantId)
                .query(UUID.class)
                .single();
        jdbc.sql("""
                insert into psa_contract_line (id, tenant_id, connection_id, external_id, contract_external_id,
                    company_external_id, product_external_id, contract_id, company_id, product_id, quantity, unit_price,
                    unit_cost, active, removed, seen_run_id, updated_at, written_run_id)
                values (:id, :tenant, :connection, :ext, :contractExt, :companyExt, :productExt, :contractId, :companyId,
                    :productId, :quantity, :price, :cost, true, false, :seen, :now,
                    (select c.active_sync_run_id from psa_connection c where c.id = :connection and c.tenant_id = :tenant))""")
                .param("id", id)
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .param("ext", externalId)
                .param("contractExt", contract.externalId())
                .param("companyExt", company.externalId())
                .param("productExt", product.externalId())
                .param("contractId", contract.id())
                .param("companyId", company.id())
                .param("productId", product.id())
                .param("quantity", quantity(quantity))
                .param("price", product.unitPrice())
                .param("cost", product.unitCost())
                .param("seen", seen)
                .param("now", Timestamp.from(clock.instant()))
                .update();
        snapshotChanged(tenantId, connectionId);
        return id;
    }

    // ---- the snapshot browser (UI and API) ----

    PageResult<CompanyRow> browseCompanies(UUID tenantId, UUID connectionId, String query, int page, int size) {
        String where = " where tenant_id = :tenant and connection_id = :connection and removed = false"
                + " and (:q = '' or lower(name) like :like or lower(external_id) = :q)";
        String q = normalized(query);
        long total = jdbc.sql("select count(*) from psa_company" + where)
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .param("q", q)
                .param("like", "%" + q + "%")
                .query(Long.class)
                .single();
        List<CompanyRow> items = jdbc.sql("select id, external_id, name, billable from psa_company" + where
                        + " order by lower(name), id limit :limit offset :offset")
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .param("q", q)
                .param("like", "%" + q + "%")
                .param("limit", size)
                .param("offset", (long) page * size)
                .query((rs, n) ->
                        new CompanyRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getBoolean(4)))
                .list();
        return new PageResult<>(items, page, size, total);
    }

    PageResult<ProductRow> browseProducts(UUID tenantId, UUID connectionId, String query, int page, int size) {
        String where = " where tenant_id = :tenant and connection_id = :connection and removed = false"
                + " and (:q = '' or lower(name) like :like or lower(coalesce(identifier, '')) like :like or lower(external_id) = :q)";
        String q = normalized(query);
        long total = jdbc.sql("select count(*) from psa_product" + where)
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .param("q", q)
                .param("like", "%" + q + "%")
                .query(Long.class)
                .single();
        List<ProductRow> items = jdbc.sql(
                        "select id, external_id, identifier, name, unit_price, unit_cost from psa_product" + where
                                + " order by lower(name), id limit :limit offset :offset")
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .param("q", q)
                .param("like", "%" + q + "%")
                .param("limit", size)
                .param("offset", (long) page * size)
                .query(SnapshotStore::productRow)
                .list();
        return new PageResult<>(items, page, size, total);
    }

    /** Contracts with their lines; the query matches the contract's or company's name or a line's product. */
    PageResult<ContractRow> browseContracts(
            UUID tenantId, UUID connectionId, String query, UUID companyId, int page, int size) {
        String where = "\n" + """
                 where c.tenant_id = :tenant and c.connection_id = :connection and c.removed = false
                   and (cast(:company as uuid) is null or c.company_id = cast(:company as uuid))
                   and (:q = '' or lower(c.name) like :like or lower(coalesce(co.name, '')) like :like
                        or exists (select 1 from psa_contract_line l join psa_product p on p.id = l.product_id
                                   where l.contract_id = c.id and l.removed = false
                                     and (lower(p.name) like :like or lower(coalesce(p.identifier, '')) like :like)))""";
        String q = normalized(query);
        long total = jdbc.sql(
                        "select count(*) from psa_contract c left join psa_company co on co.id = c.company_id" + where)
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .param("company", companyId)
                .param("q", q)
                .param("like", "%" + q + "%")
                .query(Long.class)
                .single();
        List<ContractRow> contracts = jdbc.sql("""
                        select c.id, c.external_id, c.name, c.company_id, c.company_external_id, co.name as company_name,
                               c.billable and coalesce(co.billable, false) and coalesce(co.removed, true) = false as billable,
                               c.contract_value, c.starts_on, c.ends_on, c.standing
                        from psa_contract c left join psa_company co on co.id = c.company_id""" + where
                        + " order by lower(coalesce(co.name, '')), lower(c.name), c.id limit :limit offset :offset")
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .param("company", companyId)
                .param("q", q)
                .param("like", "%" + q + "%")
                .param("limit", size)
                .param("offset", (long) page * size)
                .query((rs, n) -> new ContractRow(
                        rs.getObject(1, UUID.class),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getObject(4, UUID.class),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getBoolean(7),
                        new ArrayList<>(),
                        terms(rs)))
                .list();
        if (!contracts.isEmpty()) {
            Map<UUID, ContractRow> byId = new LinkedHashMap<>();
            contracts.forEach(c -> byId.put(c.id(), c));
            jdbc.sql("""
                    select l.contract_id, l.id, l.external_id, l.product_id, l.product_external_id, p.identifier, p.name,
                           l.quantity, l.unit_price, l.unit_cost, l.active
                    from psa_contract_line l left join psa_product p on p.id = l.product_id
                    where l.tenant_id = :tenant and l.removed = false and l.contract_id in (:contracts)
                    order by lower(coalesce(p.name, '')), l.external_id""")
                    .param("tenant", tenantId)
                    .param("contracts", byId.keySet())
                    .query((rs, n) -> {
                        ContractRow contract = byId.get(rs.getObject(1, UUID.class));
                        boolean active = rs.getBoolean(11);
                        UUID productId = rs.getObject(4, UUID.class);
                        contract.lines()
                                .add(new LineRow(
                                        rs.getObject(2, UUID.class),
                                        rs.getString(3),
                                        productId,
                                        rs.getString(5),
                                        rs.getString(6),
                                        rs.getString(7),
                                        rs.getBigDecimal(8),
                                        rs.getBigDecimal(9),
                                        rs.getBigDecimal(10),
                                        active,
                                        active && productId != null && contract.billable()));
                        return null;
                    })
                    .list();
            jdbc.sql("""
                    select contract_id, external_id, starts_on, ends_on, standing, budget_type, allowance_type, budget
                    from psa_contract_period where tenant_id = :tenant and contract_id in (:contracts)
                    order by starts_on, external_id""")
                    .param("tenant", tenantId)
                    .param("contracts", byId.keySet())
                    .query((rs, n) -> {
                        ContractRow contract = byId.get(rs.getObject(1, UUID.class));
                        if (contract.terms() != null) {
                            contract.terms()
                                    .periods()
                                    .add(new PeriodRow(
                                            rs.getString(2),
                                            rs.getObject(3, java.time.LocalDate.class),
                                            rs.getObject(4, java.time.LocalDate.class),
                                            rs.getString(5),
                                            rs.getString(6),
                                            rs.getString(7),
                                            rs.getBigDecimal(8)));
                        }
                        return null;
                    })
                    .list();
        }
        return new PageResult<>(contracts, page, size, total);
    }

    /** The contract's terms from its row (columns 8 to 11); null when the PSA told none. */
    private static TermsRow terms(ResultSet rs) throws SQLException {
        BigDecimal value = rs.getBigDecimal(8);
        java.time.LocalDate startsOn = rs.getObject(9, java.time.LocalDate.class);
        java.time.LocalDate endsOn = rs.getObject(10, java.time.LocalDate.class);
        String standing = rs.getString(11);
        if (value == null && startsOn == null && endsOn == null && standing == null) {
            return null;
        }
        return new TermsRow(value, startsOn, endsOn, standing, new ArrayList<>());
    }

    private static ProductRow productRow(ResultSet rs, int n) throws SQLException {
        return new ProductRow(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getBigDecimal(5),
                rs.getBigDecimal(6));
    }

    private static String normalized(String query) {
        if (query == null) {
            return "";
        }
        String q = query.trim().toLowerCase(Locale.ROOT);
        return q.length() > 100 ? q.substring(0, 100) : q;
    }

    private static String text(String value, int max, String fallback) {
        String v = value == null || value.isBlank() ? fallback : value.trim();
        return v == null || v.length() <= max ? v : v.substring(0, max);
    }

    static BigDecimal quantity(BigDecimal value) {
        return Quantities.orZero(value);
    }

    private static BigDecimal money(BigDecimal value) {
        return Quantities.normalize(value);
    }
}
