package com.trueup.reconciliation;

import com.trueup.shared.BillingPeriod;
import com.trueup.shared.BulkSql;
import com.trueup.shared.Display;
import com.trueup.shared.Quantities;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Storage of periods, lines, their series and history. Every statement filters by tenant. */
@Repository
class ReconciliationStore {

    private static final List<String> LINE_KEY = List.of("id", "tenant_id");
    /** Transaction resource: lines decided in the current transaction, by organisation. */
    private static final Object CHANGED_LINES = new Object();

    static final String LINE_COLUMNS = "id, tenant_id, period, line_key, active, status, decision_vendor_quantity, "
            + "decision_psa_quantity, decided_at, decided_by, effective_date, note, " + LineRow.COLUMNS;

    private final JdbcClient jdbc;
    private final BulkSql bulk;
    private final TransactionTemplate newTransaction;

    ReconciliationStore(JdbcClient jdbc, BulkSql bulk, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.bulk = bulk;
        this.newTransaction = new TransactionTemplate(transactions);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * {@code linesVersion}: a new random value with every change of the period's lines (null for a period stored before
     * versions existed, until its next change).
     */
    record PeriodRow(String period, LocalDate start, LocalDate end, Instant builtAt, UUID linesVersion) {}

    /**
     * What a write did; {@code states} are the lines' states after it (the stored ones given to it, updated with what it
     * wrote) and {@code linesVersion} the period's new lines version, null when nothing was written.
     */
    record WriteResult(
            int inserted,
            int updated,
            int deactivated,
            int reopened,
            Map<String, LineState> states,
            UUID linesVersion) {}

    // ---- periods ---------------------------------------------------------------------------------------------

    /** Makes sure the period row exists (its own transaction, so a concurrent insert cannot spoil the caller's). */
    void ensurePeriod(UUID tenantId, BillingPeriod period) {
        if (period(tenantId, period.key()).isPresent()) {
            return;
        }
        try {
            newTransaction.executeWithoutResult(tx -> jdbc.sql(
                            "insert into reconciliation_period (tenant_id, period, start_date, end_date, built_at, lines_version) "
                                    + "values (?, ?, ?, ?, null, ?)")
                    .params(tenantId, period.key(), period.start(), period.end(), UUID.randomUUID())
                    .update());
        } catch (DataIntegrityViolationException alreadyThere) {
            // inserted concurrently: fine
        }
    }

    /** Serialises rebuilds and decisions of one (tenant, period): row lock until the caller's transaction ends. */
    void lockPeriod(UUID tenantId, String period) {
        jdbc.sql("select period from reconciliation_period where tenant_id = ? and period = ? for update")
                .params(tenantId, period)
                .query(String.class)
                .list();
    }

    Optional<PeriodRow> period(UUID tenantId, String period) {
        return jdbc.sql("select period, start_date, end_date, built_at, lines_version from reconciliation_period "
                        + "where tenant_id = ? and period = ?")
                .params(tenantId, period)
                .query((rs, n) -> periodRow(rs))
                .optional();
    }

    List<PeriodRow> periods(UUID tenantId) {
        return jdbc.sql(
                        "select period, start_date, end_date, built_at, lines_version from reconciliation_period where tenant_id = ? "
                                + "and built_at is not null order by period desc")
                .param(tenantId)
                .query((rs, n) -> periodRow(rs))
                .list();
    }

    List<UUID> tenantsWithPeriods() {
        return jdbc.sql("select distinct tenant_id from reconciliation_period")
                .query((rs, n) -> uuid(rs, "tenant_id"))
                .list();
    }

    void markBuilt(UUID tenantId, BillingPeriod period, Instant now) {
        jdbc.sql(
                        "update reconciliation_period set start_date = ?, end_date = ?, built_at = ? where tenant_id = ? and period = ?")
                .params(period.start(), period.end(), Timestamp.from(now), tenantId, period.key())
                .update();
    }

    Optional<Instant> lastBuilt(UUID tenantId) {
        return jdbc.sql("select max(built_at) as m from reconciliation_period where tenant_id = ?")
                .param(tenantId)
                .query((rs, n) -> Optional.ofNullable(instant(rs, "m")))
                .single();
    }

    static UUID uuid(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, UUID.class);
    }

    static BigDecimal decimal(ResultSet rs, String column) throws SQLException {
        return Quantities.normalize(rs.getBigDecimal(column));
    }

    static LocalDate date(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, LocalDate.class);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static PeriodRow periodRow(ResultSet rs) throws SQLException {
        return new PeriodRow(
                rs.getString("period"),
                date(rs, "start_date"),
                date(rs, "end_date"),
                instant(rs, "built_at"),
                uuid(rs, "lines_version"));
    }

    /**
     * Gives the period's lines a new version. Every statement below that changes lines calls it in the same
     * transaction, so figures remembered for the old version (see {@link PeriodFigures}) are never used again once the
     * change is committed.
     */
    private UUID linesChanged(UUID tenantId, String period) {
        UUID version = UUID.randomUUID();
        jdbc.sql("update reconciliation_period set lines_version = ? where tenant_id = ? and period = ?")
                .params(version, tenantId, period)
                .update();
        return version;
    }

    /**
     * {@link #linesChanged} for the period of one line. Within a transaction the periods are given their new version
     * once, just before it commits, however many lines it decided (a bulk approval of thousands of lines).
     */
    private void lineChanged(UUID tenantId, UUID lineId) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            bumpPeriodsOf(tenantId, List.of(lineId));
            return;
        }
        @SuppressWarnings("unchecked")
        Map<UUID, List<UUID>> changed =
                (Map<UUID, List<UUID>>) TransactionSynchronizationManager.getResource(CHANGED_LINES);
        if (changed == null) {
            Map<UUID, List<UUID>> created = new HashMap<>();
            TransactionSynchronizationManager.bindResource(CHANGED_LINES, created);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void beforeCommit(boolean readOnly) {
                    created.forEach(ReconciliationStore.this::bumpPeriodsOf);
                }

                @Override
                public void afterCompletion(int status) {
                    TransactionSynchronizationManager.unbindResourceIfPossible(CHANGED_LINES);
                }
            });
            changed = created;
        }
        changed.computeIfAbsent(tenantId, t -> new ArrayList<>()).add(lineId);
    }

    private void bumpPeriodsOf(UUID tenantId, List<UUID> lineIds) {
        // the ids as one array parameter: one statement text whatever their number
        jdbc.sql("update reconciliation_period set lines_version = ? where tenant_id = ? and period in "
                        + "(select l.period from reconciliation_line l where l.tenant_id = ? and l.id = any(?))")
                .params(UUID.randomUUID(), tenantId, tenantId, BulkSql.uuids(lineIds))
                .update();
    }

    // ---- lines -----------------------------------------------------------------------------------------------

    /**
     * What a rebuild must know of a stored line to decide whether and how to write it: its id, whether it is active,
     * its status and decision, its number of series and the {@link LineFingerprint} of its computed columns and series
     * (null for a line stored before fingerprints: it is written once).
     */
    record LineState(
            UUID id,
            String key,
            boolean active,
            LineStatus status,
            BigDecimal decisionVendorQuantity,
            BigDecimal decisionPsaQuantity,
            int seriesCount,
            Long fingerprint) {

        boolean decided() {
            return status == LineStatus.APPROVED || status == LineStatus.DISMISSED;
        }

        /** The state of a computed line once written: active, with the status and decision written with it. */
        static LineState written(
                UUID id,
                ComputedLine line,
                LineStatus status,
                BigDecimal decisionVendorQuantity,
                BigDecimal decisionPsaQuantity,
                long fingerprint) {
            return new LineState(
                    id,
                    line.key(),
                    true,
                    status,
                    decisionVendorQuantity,
                    decisionPsaQuantity,
                    line.series().size(),
                    fingerprint);
        }

        static LineState of(StoredLine line) {
            return new LineState(
                    line.id(),
                    line.key(),
                    line.active(),
                    line.status(),
                    line.decisionVendorQuantity(),
                    line.decisionPsaQuantity(),
                    line.row().seriesCount(),
                    LineFingerprint.of(line.row(), line.series()));
        }
    }

    /**
     * The state of every line of a period (active or not), by key: eight narrow columns per line, not the line's row
     * or its series.
     */
    Map<String, LineState> lineStatesOfPeriod(UUID tenantId, String period) {
        Map<String, LineState> lines = new HashMap<>();
        jdbc.sql("select id, line_key, active, status, decision_vendor_quantity, decision_psa_quantity, series_count, "
                        + "fingerprint from reconciliation_line where tenant_id = ? and period = ?")
                .params(tenantId, period)
                .query(rs -> {
                    long fingerprint = rs.getLong("fingerprint");
                    String key = rs.getString("line_key");
                    lines.put(
                            key,
                            new LineState(
                                    uuid(rs, "id"),
                                    key,
                                    rs.getBoolean("active"),
                                    LineStatus.fromWire(rs.getString("status")),
                                    decimal(rs, "decision_vendor_quantity"),
                                    decimal(rs, "decision_psa_quantity"),
                                    rs.getInt("series_count"),
                                    rs.wasNull() ? null : fingerprint));
                });
        return lines;
    }

    Optional<StoredLine> lineByKey(UUID tenantId, String period, String key) {
        return jdbc.sql("select " + LINE_COLUMNS
                        + " from reconciliation_line where tenant_id = ? and period = ? and line_key = ?")
                .params(tenantId, period, key)
                .query((rs, n) -> line(rs))
                .optional()
                .map(l -> withOwnSeries(l, l.row().seriesCount() > 1 ? seriesOf(tenantId, l.id()) : List.of()));
    }

    /**
     * Series rows are stored only for lines fed by two or more series; a line of one series carries that series in its
     * own columns (its vendor quantity is the series quantity).
     */
    static StoredLine withOwnSeries(StoredLine line, List<ComputedLine.Series> rows) {
        LineRow r = line.row();
        if (r.seriesCount() == 1 && rows.isEmpty() && r.vendorAccountId() != null) {
            return line.withSeries(List.of(new ComputedLine.Series(
                    r.integrationId(),
                    r.vendorAccountId(),
                    r.vendorServiceId(),
                    r.vendorServiceRef(),
                    r.vendorQuantity())));
        }
        return line.withSeries(rows);
    }

    /** Active new-revenue and reconcile lines of a mapped company and product, with their series. */
    List<StoredLine> pendingLines(UUID tenantId, String period) {
        List<StoredLine> lines = jdbc.sql(
                        "select " + LINE_COLUMNS + " from reconciliation_line where tenant_id = ? and period = ? "
                                + "and active = true and status in ('new-revenue', 'reconcile') and psa_product_id is not null "
                                + "order by company_name, service_name, id")
                .params(tenantId, period)
                .query((rs, n) -> line(rs))
                .list();
        return lines.stream()
                .map(l -> withOwnSeries(l, l.row().seriesCount() > 1 ? seriesOf(tenantId, l.id()) : List.of()))
                .toList();
    }

    Optional<StoredLine> line(UUID tenantId, UUID id) {
        return jdbc.sql("select " + LINE_COLUMNS + " from reconciliation_line where tenant_id = ? and id = ?")
                .params(tenantId, id)
                .query((rs, n) -> line(rs))
                .optional();
    }

    List<ComputedLine.Series> seriesOf(UUID tenantId, UUID lineId) {
        return jdbc.sql(
                        "select line_id, integration_id, vendor_account_id, vendor_service_id, vendor_service_ref, quantity "
                                + "from reconciliation_line_series where tenant_id = ? and line_id = ?")
                .params(tenantId, lineId)
                .query((rs, n) -> series(rs))
                .list();
    }

    private static ComputedLine.Series series(ResultSet rs) throws SQLException {
        return new ComputedLine.Series(
                uuid(rs, "integration_id"),
                uuid(rs, "vendor_account_id"),
                uuid(rs, "vendor_service_id"),
                rs.getString("vendor_service_ref"),
                decimal(rs, "quantity"));
    }

    static StoredLine line(ResultSet rs) throws SQLException {
        LineRow row = new LineRow(
                uuid(rs, "integration_id"),
                uuid(rs, "vendor_account_id"),
                rs.getString("vendor_account_ref"),
                rs.getString("vendor_account_name"),
                uuid(rs, "vendor_service_id"),
                rs.getString("vendor_service_ref"),
                rs.getString("vendor_service_name"),
                rs.getInt("series_count"),
                uuid(rs, "psa_company_id"),
                rs.getString("company_name"),
                uuid(rs, "psa_product_id"),
                rs.getString("service_name"),
                uuid(rs, "contract_line_id"),
                rs.getInt("contract_line_count"),
                decimal(rs, "target_line_quantity"),
                decimal(rs, "other_lines_quantity"),
                decimal(rs, "vendor_quantity"),
                decimal(rs, "psa_quantity"),
                decimal(rs, "quantity_to_write"),
                decimal(rs, "difference"),
                decimal(rs, "unit_price"),
                decimal(rs, "unit_cost"),
                decimal(rs, "revenue_change"),
                decimal(rs, "profit_change"),
                rs.getString("computed_status"));
        return new StoredLine(
                uuid(rs, "id"),
                uuid(rs, "tenant_id"),
                rs.getString("period"),
                rs.getString("line_key"),
                rs.getBoolean("active"),
                row,
                LineStatus.fromWire(rs.getString("status")),
                decimal(rs, "decision_vendor_quantity"),
                decimal(rs, "decision_psa_quantity"),
                instant(rs, "decided_at"),
                rs.getString("decided_by"),
                date(rs, "effective_date"),
                rs.getString("note"),
                List.of());
    }

    /**
     * Writes computed lines against the stored ones: inserts new keys, updates what changed, keeps a decision while the
     * vendor and PSA quantities it was taken on are unchanged (drops it otherwise), and, when {@code deactivateMissing},
     * hides stored lines whose key is no longer computed. Only changed rows are written.
     */
    WriteResult write(
            UUID tenantId,
            String period,
            Collection<ComputedLine> computed,
            Map<String, LineState> existing,
            boolean deactivateMissing,
            Instant now) {
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> updatesClearingDecision = new ArrayList<>();
        List<UUID> seriesToDelete = new ArrayList<>();
        List<Object[]> seriesToInsert = new ArrayList<>();
        List<Object[]> events = new ArrayList<>();
        Set<UUID> seen = new HashSet<>(Math.max(16, existing.size() * 2));
        Map<String, LineState> after = new HashMap<>(existing);
        for (ComputedLine c : computed) {
            LineRow row = LineRow.of(c);
            long fingerprint = LineFingerprint.of(row, c.series());
            LineState stored = existing.get(c.key());
            UUID id;
            if (stored == null) {
                id = UUID.randomUUID();
                Object[] values = new Object[8 + LineRow.COLUMN_COUNT];
                values[0] = id;
                values[1] = tenantId;
                values[2] = period;
                values[3] = c.key();
                values[4] = row.computedStatus();
                values[5] = now;
                values[6] = true;
                values[7] = fingerprint;
                System.arraycopy(row.values(), 0, values, 8, LineRow.COLUMN_COUNT);
                inserts.add(values);
                after.put(c.key(), LineState.written(id, c, row.status(), null, null, fingerprint));
            } else {
                id = stored.id();
                seen.add(id);
                boolean keep = stored.decided()
                        && Quantities.same(stored.decisionVendorQuantity(), row.vendorQuantity())
                        && Quantities.same(stored.decisionPsaQuantity(), row.psaQuantity());
                LineStatus status = keep ? stored.status() : row.status();
                boolean reopen = stored.decided() && !keep;
                boolean changed = stored.fingerprint() == null || stored.fingerprint() != fingerprint;
                after.put(
                        c.key(),
                        LineState.written(
                                id,
                                c,
                                status,
                                reopen ? null : stored.decisionVendorQuantity(),
                                reopen ? null : stored.decisionPsaQuantity(),
                                fingerprint));
                if (changed || !stored.active() || status != stored.status()) {
                    // set columns (the line's, status, updated_at, active, fingerprint[, cleared decision]), then the
                    // key (id, tenant)
                    int width = LineRow.COLUMN_COUNT + 4 + (reopen ? 4 : 0);
                    Object[] values = new Object[width + 2];
                    System.arraycopy(row.values(), 0, values, 0, LineRow.COLUMN_COUNT);
                    values[LineRow.COLUMN_COUNT] = status.wire();
                    values[LineRow.COLUMN_COUNT + 1] = now;
                    values[LineRow.COLUMN_COUNT + 2] = true;
                    values[LineRow.COLUMN_COUNT + 3] = fingerprint;
                    values[width] = id;
                    values[width + 1] = tenantId;
                    (reopen ? updatesClearingDecision : updates).add(values);
                }
                if (reopen) {
                    events.add(new Object[] {
                        UUID.randomUUID(),
                        tenantId,
                        id,
                        now,
                        "system",
                        "reopened",
                        row.vendorQuantity(),
                        null,
                        "Quantities changed since it was " + stored.status().wire() + " (vendor "
                                + plain(stored.decisionVendorQuantity()) + " → " + plain(row.vendorQuantity())
                                + ", PSA "
                                + plain(stored.decisionPsaQuantity()) + " → " + plain(row.psaQuantity()) + ")"
                    });
                }
                if (!changed) {
                    continue; // same fingerprint: the same series
                }
                if (stored.seriesCount() > 1) {
                    seriesToDelete.add(id);
                }
            }
            if (c.series().size() < 2) {
                continue; // a line of one series is its own series row (see withOwnSeries)
            }
            for (ComputedLine.Series s : c.series()) {
                seriesToInsert.add(new Object[] {
                    tenantId, id, period, s.integrationId(), s.accountId(), s.serviceId(), s.serviceRef(), s.quantity()
                });
            }
        }
        List<UUID> deactivate = new ArrayList<>();
        if (deactivateMissing) {
            for (LineState stored : existing.values()) {
                if (stored.active() && !seen.contains(stored.id())) {
                    deactivate.add(stored.id());
                    after.put(
                            stored.key(),
                            new LineState(
                                    stored.id(),
                                    stored.key(),
                                    false,
                                    stored.status(),
                                    stored.decisionVendorQuantity(),
                                    stored.decisionPsaQuantity(),
                                    stored.seriesCount(),
                                    stored.fingerprint()));
                }
            }
        }

        insertRows(
                "reconciliation_line",
                "id, tenant_id, period, line_key, status, updated_at, active, fingerprint, " + LineRow.COLUMNS,
                inserts);
        List<String> set = new ArrayList<>(List.of(LineRow.COLUMNS.split(", ")));
        set.addAll(List.of("status", "updated_at", "active", "fingerprint"));
        bulk.update("reconciliation_line", set, LINE_KEY, updates);
        List<String> setClearing = new ArrayList<>(set);
        setClearing.addAll(List.of("decision_vendor_quantity", "decision_psa_quantity", "decided_at", "decided_by"));
        bulk.update("reconciliation_line", setClearing, LINE_KEY, updatesClearingDecision);
        batch(
                "update reconciliation_line set active = false, updated_at = ? where id = ? and tenant_id = ?",
                deactivate.stream().map(id -> new Object[] {now, id, tenantId}).toList());
        batch(
                "delete from reconciliation_line_series where line_id = ? and tenant_id = ?",
                seriesToDelete.stream().map(id -> new Object[] {id, tenantId}).toList());
        insertRows(
                "reconciliation_line_series",
                "tenant_id, line_id, period, integration_id, vendor_account_id, "
                        + "vendor_service_id, vendor_service_ref, quantity",
                seriesToInsert);
        insertRows(
                "reconciliation_line_event",
                "id, tenant_id, line_id, at, actor, action, quantity, effective_date, detail",
                events);
        UUID linesVersion = null;
        if (!inserts.isEmpty()
                || !updates.isEmpty()
                || !updatesClearingDecision.isEmpty()
                || !deactivate.isEmpty()
                || !seriesToDelete.isEmpty()
                || !seriesToInsert.isEmpty()) {
            linesVersion = linesChanged(tenantId, period);
        }
        return new WriteResult(
                inserts.size(),
                updates.size() + updatesClearingDecision.size(),
                deactivate.size(),
                updatesClearingDecision.size(),
                after,
                linesVersion);
    }

    private static String plain(BigDecimal value) {
        return Display.quantity(value);
    }

    void insertRows(String table, String columns, List<Object[]> rows) {
        bulk.insert(table, List.of(columns.split(", ")), rows);
    }

    void batch(String sql, List<Object[]> rows) {
        bulk.batch(sql, rows);
    }

    // ---- decisions and history ----------------------------------------------------------------------------------

    void decide(
            UUID tenantId,
            UUID lineId,
            LineStatus decision,
            BigDecimal vendorQuantity,
            BigDecimal psaQuantity,
            LocalDate effectiveDate,
            String actor,
            Instant now) {
        Timestamp at = Timestamp.from(now);
        jdbc.sql("update reconciliation_line set status = ?, decision_vendor_quantity = ?, decision_psa_quantity = ?, "
                        + "decided_at = ?, decided_by = ?, effective_date = coalesce(?, effective_date), updated_at = ? "
                        + "where id = ? and tenant_id = ?")
                .params(decision.wire(), vendorQuantity, psaQuantity, at, actor, effectiveDate, at, lineId, tenantId)
                .update();
        lineChanged(tenantId, lineId);
    }

    void setEffectiveDate(UUID tenantId, UUID lineId, LocalDate date, Instant now) {
        jdbc.sql("update reconciliation_line set effective_date = ?, updated_at = ? where id = ? and tenant_id = ?")
                .params(date, Timestamp.from(now), lineId, tenantId)
                .update();
        lineChanged(tenantId, lineId);
    }

    void setNote(UUID tenantId, UUID lineId, String note, Instant now) {
        jdbc.sql("update reconciliation_line set note = ?, updated_at = ? where id = ? and tenant_id = ?")
                .params(note, Timestamp.from(now), lineId, tenantId)
                .update();
        lineChanged(tenantId, lineId);
    }

    void addEvent(
            UUID tenantId,
            UUID lineId,
            Instant at,
            String actor,
            String action,
            BigDecimal quantity,
            LocalDate effectiveDate,
            String detail) {
        jdbc.sql(
                        "insert into reconciliation_line_event (id, tenant_id, line_id, at, actor, action, quantity, effective_date, detail) "
                                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        UUID.randomUUID(),
                        tenantId,
                        lineId,
                        Timestamp.from(at),
                        actor,
                        action,
                        quantity,
                        effectiveDate,
                        detail == null || detail.length() <= 2000 ? detail : detail.substring(0, 2000))
                .update();
    }

    record LineEvent(
            Instant at, String actor, String action, BigDecimal quantity, LocalDate effectiveDate, String detail) {}

    List<LineEvent> history(UUID tenantId, UUID lineId) {
        return jdbc.sql("select at, actor, action, quantity, effective_date, detail from reconciliation_line_event "
                        + "where tenant_id = ? and line_id = ? order by at desc, id")
                .params(tenantId, lineId)
                .query((rs, n) -> new LineEvent(
                        instant(rs, "at"),
                        rs.getString("actor"),
                        rs.getString("action"),
                        decimal(rs, "quantity"),
                        date(rs, "effective_date"),
                        rs.getString("detail")))
                .list();
    }

    boolean anyDecision(UUID tenantId) {
        return jdbc.sql(
                        "select 1 from reconciliation_line_event where tenant_id = ? and actor <> 'system' fetch first 1 rows only")
                .param(tenantId)
                .query(Integer.class)
                .optional()
                .isPresent();
    }

    // ---- listings: the lines of a filter, a page at a time, and their totals ---------------------------------

    /** Unbilled revenue of lines {@code l}: the positive revenue changes of new-revenue and reconcile lines. */
    static final String UNBILLED_SUM =
            "coalesce(sum(case when l.status in ('new-revenue', 'reconcile') and l.revenue_change > 0 "
                    + "then l.revenue_change else 0 end), 0)";
    /** Revenue at risk of lines {@code l}: the negative revenue changes of reconcile lines, as a positive amount. */
    static final String AT_RISK_SUM = "coalesce(sum(case when l.status = 'reconcile' and l.revenue_change < 0 "
            + "then 0 - l.revenue_change else 0 end), 0)";

    record Totals(
            long lines,
            Map<String, Long> byStatus,
            BigDecimal unbilledRevenue,
            BigDecimal revenueAtRisk,
            BigDecimal revenueChange,
            BigDecimal profitChange) {}

    /** The lines {@code l} matching {@code where} (with its {@code params}), in {@code orderBy} order, from {@code offset}. */
    List<StoredLine> lines(String where, List<Object> params, String orderBy, int limit, long offset) {
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(limit);
        pageParams.add(offset);
        return jdbc.sql("select " + prefixedLineColumns() + " from reconciliation_line l" + where + orderBy
                        + " limit ? offset ?")
                .params(pageParams.stream().map(BulkSql::jdbcValue).toList())
                .query((rs, n) -> line(rs))
                .list();
    }

    Totals totals(String where, List<Object> params) {
        StringBuilder sql = new StringBuilder("select count(*) as total");
        for (LineStatus s : LineStatus.values()) {
            sql.append(", sum(case when l.status = '")
                    .append(s.wire())
                    .append("' then 1 else 0 end) as n_")
                    .append(s.name().toLowerCase(Locale.ROOT));
        }
        sql.append(", ")
                .append(UNBILLED_SUM)
                .append(" as unbilled")
                .append(", ")
                .append(AT_RISK_SUM)
                .append(" as at_risk")
                .append(
                        ", coalesce(sum(case when l.status in ('new-revenue', 'reconcile') then l.revenue_change else 0 end), 0) as revenue")
                .append(
                        ", coalesce(sum(case when l.status in ('new-revenue', 'reconcile') then l.profit_change else 0 end), 0) as profit")
                .append(" from reconciliation_line l")
                .append(where);
        return jdbc.sql(sql.toString())
                .params(params.stream().map(BulkSql::jdbcValue).toList())
                .query((rs, n) -> {
                    Map<String, Long> byStatus = new java.util.LinkedHashMap<>();
                    for (LineStatus s : LineStatus.values()) {
                        byStatus.put(s.wire(), rs.getLong("n_" + s.name().toLowerCase(Locale.ROOT)));
                    }
                    return new Totals(
                            rs.getLong("total"),
                            byStatus,
                            decimal(rs, "unbilled"),
                            decimal(rs, "at_risk"),
                            decimal(rs, "revenue"),
                            decimal(rs, "profit"));
                })
                .single();
    }

    private static String prefixedLineColumns() {
        return "l." + LINE_COLUMNS.replace(", ", ", l.");
    }
}
