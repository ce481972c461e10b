package com.trueup.reconciliation;

import com.trueup.shared.BillingPeriod;
import com.trueup.shared.Display;
import com.trueup.shared.BulkInserts;
import com.trueup.shared.Quantities;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
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

    private final JdbcTemplate jdbc;
    private final BulkInserts bulk;
    private final TransactionTemplate newTransaction;

    ReconciliationStore(JdbcTemplate jdbc, BulkInserts bulk, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.bulk = bulk;
        this.newTransaction = new TransactionTemplate(transactions);
        this.newTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * {@code linesVersion}: a new random value with every change of the period's lines (null for a period stored before
     * versions existed, until its next change).
     */
    record PeriodRow(String period, LocalDate start, LocalDate end, Instant builtAt, UUID linesVersion) {
    }

    record WriteResult(int inserted, int updated, int deactivated, int reopened) {
    }

    // ---- periods ---------------------------------------------------------------------------------------------

    /** Makes sure the period row exists (its own transaction, so a concurrent insert cannot spoil the caller's). */
    void ensurePeriod(UUID tenantId, BillingPeriod period) {
        if (period(tenantId, period.key()).isPresent()) {
            return;
        }
        try {
            newTransaction.executeWithoutResult(tx -> jdbc.update(
                    "insert into reconciliation_period (tenant_id, period, start_date, end_date, built_at, lines_version) "
                            + "values (?, ?, ?, ?, ?, ?)",
                    ps -> Sql.bindAll(ps, tenantId, period.key(), period.start(), period.end(), null, UUID.randomUUID())));
        } catch (DataIntegrityViolationException alreadyThere) {
            // inserted concurrently: fine
        }
    }

    /** Serialises rebuilds and decisions of one (tenant, period): row lock until the caller's transaction ends. */
    void lockPeriod(UUID tenantId, String period) {
        jdbc.query("select period from reconciliation_period where tenant_id = ? and period = ? for update",
                ps -> Sql.bindAll(ps, tenantId, period), rs -> null);
    }

    Optional<PeriodRow> period(UUID tenantId, String period) {
        return jdbc.query("select period, start_date, end_date, built_at, lines_version from reconciliation_period "
                        + "where tenant_id = ? and period = ?",
                ps -> Sql.bindAll(ps, tenantId, period), (rs, n) -> periodRow(rs)).stream().findFirst();
    }

    List<PeriodRow> periods(UUID tenantId) {
        return jdbc.query("select period, start_date, end_date, built_at, lines_version from reconciliation_period where tenant_id = ? "
                + "and built_at is not null order by period desc", ps -> Sql.bindAll(ps, tenantId), (rs, n) -> periodRow(rs));
    }

    List<UUID> tenantsWithPeriods() {
        return jdbc.query("select distinct tenant_id from reconciliation_period", (rs, n) -> Sql.uuid(rs, "tenant_id"));
    }

    void markBuilt(UUID tenantId, BillingPeriod period, Instant now) {
        jdbc.update("update reconciliation_period set start_date = ?, end_date = ?, built_at = ? where tenant_id = ? and period = ?",
                ps -> Sql.bindAll(ps, period.start(), period.end(), now, tenantId, period.key()));
    }

    Optional<Instant> lastBuilt(UUID tenantId) {
        return Optional.ofNullable(jdbc.query("select max(built_at) as m from reconciliation_period where tenant_id = ?",
                ps -> Sql.bindAll(ps, tenantId), rs -> rs.next() ? Sql.instant(rs, "m") : null));
    }

    private static PeriodRow periodRow(ResultSet rs) throws SQLException {
        return new PeriodRow(rs.getString("period"), Sql.date(rs, "start_date"), Sql.date(rs, "end_date"), Sql.instant(rs, "built_at"),
                Sql.uuid(rs, "lines_version"));
    }

    /**
     * Gives the period's lines a new version. Every statement below that changes lines calls it in the same
     * transaction, so figures remembered for the old version (see {@link PeriodFigures}) are never used again once the
     * change is committed.
     */
    private void linesChanged(UUID tenantId, String period) {
        jdbc.update("update reconciliation_period set lines_version = ? where tenant_id = ? and period = ?",
                ps -> Sql.bindAll(ps, UUID.randomUUID(), tenantId, period));
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
        Map<UUID, List<UUID>> changed = (Map<UUID, List<UUID>>) TransactionSynchronizationManager.getResource(CHANGED_LINES);
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
        for (int from = 0; from < lineIds.size(); from += 1000) {
            List<UUID> chunk = lineIds.subList(from, Math.min(lineIds.size(), from + 1000));
            Object[] params = new Object[chunk.size() + 3];
            params[0] = UUID.randomUUID();
            params[1] = tenantId;
            params[2] = tenantId;
            for (int i = 0; i < chunk.size(); i++) {
                params[i + 3] = chunk.get(i);
            }
            jdbc.update("update reconciliation_period set lines_version = ? where tenant_id = ? and period in "
                    + "(select l.period from reconciliation_line l where l.tenant_id = ? and l.id in ("
                    + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?")) + "))", ps -> Sql.bindAll(ps, params));
        }
    }

    // ---- lines -----------------------------------------------------------------------------------------------

    /**
     * What a rebuild must know of a stored line to decide whether and how to write it: its id, whether it is active,
     * its status and decision, its number of series and the {@link LineFingerprint} of its computed columns and series
     * (null for a line stored before fingerprints: it is written once).
     */
    record LineState(UUID id, String key, boolean active, LineStatus status, BigDecimal decisionVendorQuantity,
                     BigDecimal decisionPsaQuantity, int seriesCount, Long fingerprint) {

        boolean decided() {
            return status == LineStatus.APPROVED || status == LineStatus.DISMISSED;
        }

        static LineState of(StoredLine line) {
            return new LineState(line.id(), line.key(), line.active(), line.status(), line.decisionVendorQuantity(),
                    line.decisionPsaQuantity(), line.row().seriesCount(), LineFingerprint.of(line.row(), line.series()));
        }
    }

    /**
     * The state of every line of a period (active or not), by key: eight narrow columns per line, not the line's row
     * or its series.
     */
    Map<String, LineState> lineStatesOfPeriod(UUID tenantId, String period) {
        Map<String, LineState> lines = new HashMap<>();
        jdbc.query("select id, line_key, active, status, decision_vendor_quantity, decision_psa_quantity, series_count, "
                        + "fingerprint from reconciliation_line where tenant_id = ? and period = ?",
                ps -> Sql.bindAll(ps, tenantId, period),
                rs -> {
                    long fingerprint = rs.getLong("fingerprint");
                    String key = rs.getString("line_key");
                    lines.put(key, new LineState(Sql.uuid(rs, "id"), key, rs.getBoolean("active"),
                            LineStatus.fromWire(rs.getString("status")), Sql.decimal(rs, "decision_vendor_quantity"),
                            Sql.decimal(rs, "decision_psa_quantity"), rs.getInt("series_count"),
                            rs.wasNull() ? null : fingerprint));
                });
        return lines;
    }

    Optional<StoredLine> lineByKey(UUID tenantId, String period, String key) {
        return jdbc.query("select " + LINE_COLUMNS + " from reconciliation_line where tenant_id = ? and period = ? and line_key = ?",
                        ps -> Sql.bindAll(ps, tenantId, period, key), (rs, n) -> line(rs))
                .stream().findFirst().map(l -> withOwnSeries(l, l.row().seriesCount() > 1 ? seriesOf(tenantId, l.id()) : List.of()));
    }

    /**
     * Series rows are stored only for lines fed by two or more series; a line of one series carries that series in its
     * own columns (its vendor quantity is the series quantity).
     */
    static StoredLine withOwnSeries(StoredLine line, List<ComputedLine.Series> rows) {
        LineRow r = line.row();
        if (r.seriesCount() == 1 && rows.isEmpty() && r.vendorAccountId() != null) {
            return line.withSeries(List.of(new ComputedLine.Series(r.integrationId(), r.vendorAccountId(), r.vendorServiceId(),
                    r.vendorServiceRef(), r.vendorQuantity())));
        }
        return line.withSeries(rows);
    }

    /** Active new-revenue and reconcile lines of a mapped company and product, with their series. */
    List<StoredLine> pendingLines(UUID tenantId, String period) {
        List<StoredLine> lines = jdbc.query("select " + LINE_COLUMNS + " from reconciliation_line where tenant_id = ? and period = ? "
                        + "and active = true and status in ('new-revenue', 'reconcile') and psa_product_id is not null "
                        + "order by company_name, service_name, id",
                ps -> Sql.bindAll(ps, tenantId, period), (rs, n) -> line(rs));
        return lines.stream()
                .map(l -> withOwnSeries(l, l.row().seriesCount() > 1 ? seriesOf(tenantId, l.id()) : List.of())).toList();
    }

    Optional<StoredLine> line(UUID tenantId, UUID id) {
        return jdbc.query("select " + LINE_COLUMNS + " from reconciliation_line where tenant_id = ? and id = ?",
                ps -> Sql.bindAll(ps, tenantId, id), (rs, n) -> line(rs)).stream().findFirst();
    }

    List<ComputedLine.Series> seriesOf(UUID tenantId, UUID lineId) {
        return jdbc.query("select line_id, integration_id, vendor_account_id, vendor_service_id, vendor_service_ref, quantity "
                + "from reconciliation_line_series where tenant_id = ? and line_id = ?",
                ps -> Sql.bindAll(ps, tenantId, lineId), (rs, n) -> series(rs));
    }

    private static ComputedLine.Series series(ResultSet rs) throws SQLException {
        return new ComputedLine.Series(Sql.uuid(rs, "integration_id"), Sql.uuid(rs, "vendor_account_id"),
                Sql.uuid(rs, "vendor_service_id"), rs.getString("vendor_service_ref"), Sql.decimal(rs, "quantity"));
    }

    static StoredLine line(ResultSet rs) throws SQLException {
        LineRow row = new LineRow(Sql.uuid(rs, "integration_id"), Sql.uuid(rs, "vendor_account_id"),
                rs.getString("vendor_account_ref"), rs.getString("vendor_account_name"), Sql.uuid(rs, "vendor_service_id"),
                rs.getString("vendor_service_ref"), rs.getString("vendor_service_name"), rs.getInt("series_count"),
                Sql.uuid(rs, "psa_company_id"), rs.getString("company_name"), Sql.uuid(rs, "psa_product_id"),
                rs.getString("service_name"), Sql.uuid(rs, "contract_line_id"), rs.getInt("contract_line_count"),
                Sql.decimal(rs, "target_line_quantity"), Sql.decimal(rs, "other_lines_quantity"),
                Sql.decimal(rs, "vendor_quantity"), Sql.decimal(rs, "psa_quantity"), Sql.decimal(rs, "quantity_to_write"),
                Sql.decimal(rs, "difference"), Sql.decimal(rs, "unit_price"), Sql.decimal(rs, "unit_cost"),
                Sql.decimal(rs, "revenue_change"), Sql.decimal(rs, "profit_change"), rs.getString("computed_status"));
        return new StoredLine(Sql.uuid(rs, "id"), Sql.uuid(rs, "tenant_id"), rs.getString("period"), rs.getString("line_key"),
                rs.getBoolean("active"), row, LineStatus.fromWire(rs.getString("status")),
                Sql.decimal(rs, "decision_vendor_quantity"), Sql.decimal(rs, "decision_psa_quantity"),
                Sql.instant(rs, "decided_at"), rs.getString("decided_by"), Sql.date(rs, "effective_date"),
                rs.getString("note"), List.of());
    }

    /**
     * Writes computed lines against the stored ones: inserts new keys, updates what changed, keeps a decision while the
     * vendor and PSA quantities it was taken on are unchanged (drops it otherwise), and, when {@code deactivateMissing},
     * hides stored lines whose key is no longer computed. Only changed rows are written.
     */
    WriteResult write(UUID tenantId, String period, Collection<ComputedLine> computed, Map<String, LineState> existing,
            boolean deactivateMissing, Instant now) {
        List<Object[]> inserts = new ArrayList<>();
        List<Object[]> updates = new ArrayList<>();
        List<Object[]> updatesClearingDecision = new ArrayList<>();
        List<UUID> seriesToDelete = new ArrayList<>();
        List<Object[]> seriesToInsert = new ArrayList<>();
        List<Object[]> events = new ArrayList<>();
        Set<UUID> seen = new HashSet<>(Math.max(16, existing.size() * 2));
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
            } else {
                id = stored.id();
                seen.add(id);
                boolean keep = stored.decided()
                        && Quantities.same(stored.decisionVendorQuantity(), row.vendorQuantity())
                        && Quantities.same(stored.decisionPsaQuantity(), row.psaQuantity());
                LineStatus status = keep ? stored.status() : row.status();
                boolean reopen = stored.decided() && !keep;
                boolean changed = stored.fingerprint() == null || stored.fingerprint() != fingerprint;
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
                    events.add(new Object[] {UUID.randomUUID(), tenantId, id, now, "system", "reopened", row.vendorQuantity(), null,
                            "Quantities changed since it was " + stored.status().wire() + " (vendor "
                                    + plain(stored.decisionVendorQuantity()) + " → " + plain(row.vendorQuantity()) + ", PSA "
                                    + plain(stored.decisionPsaQuantity()) + " → " + plain(row.psaQuantity()) + ")"});
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
                seriesToInsert.add(new Object[] {tenantId, id, period, s.integrationId(), s.accountId(), s.serviceId(),
                        s.serviceRef(), s.quantity()});
            }
        }
        List<UUID> deactivate = new ArrayList<>();
        if (deactivateMissing) {
            for (LineState stored : existing.values()) {
                if (stored.active() && !seen.contains(stored.id())) {
                    deactivate.add(stored.id());
                }
            }
        }

        insertRows("reconciliation_line", "id, tenant_id, period, line_key, status, updated_at, active, fingerprint, "
                + LineRow.COLUMNS, inserts);
        List<String> set = new ArrayList<>(List.of(LineRow.COLUMNS.split(", ")));
        set.addAll(List.of("status", "updated_at", "active", "fingerprint"));
        bulk.update("reconciliation_line", set, LINE_KEY, updates);
        List<String> setClearing = new ArrayList<>(set);
        setClearing.addAll(List.of("decision_vendor_quantity", "decision_psa_quantity", "decided_at", "decided_by"));
        bulk.update("reconciliation_line", setClearing, LINE_KEY, updatesClearingDecision);
        batch("update reconciliation_line set active = false, updated_at = ? where id = ? and tenant_id = ?",
                deactivate.stream().map(id -> new Object[] {now, id, tenantId}).toList());
        batch("delete from reconciliation_line_series where line_id = ? and tenant_id = ?",
                seriesToDelete.stream().map(id -> new Object[] {id, tenantId}).toList());
        insertRows("reconciliation_line_series", "tenant_id, line_id, period, integration_id, vendor_account_id, "
                + "vendor_service_id, vendor_service_ref, quantity", seriesToInsert);
        insertRows("reconciliation_line_event", "id, tenant_id, line_id, at, actor, action, quantity, effective_date, detail", events);
        if (!inserts.isEmpty() || !updates.isEmpty() || !updatesClearingDecision.isEmpty() || !deactivate.isEmpty()
                || !seriesToDelete.isEmpty() || !seriesToInsert.isEmpty()) {
            linesChanged(tenantId, period);
        }
        return new WriteResult(inserts.size(), updates.size() + updatesClearingDecision.size(), deactivate.size(),
                updatesClearingDecision.size());
    }

    private static String plain(BigDecimal value) {
        return Display.quantity(value);
    }

    void insertRows(String table, String columns, List<Object[]> rows) {
        bulk.insert(table, List.of(columns.split(", ")), rows);
    }

    void batch(String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(sql, new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                Sql.bindAll(ps, rows.get(i));
            }

            @Override
            public int getBatchSize() {
                return rows.size();
            }
        });
    }

    // ---- decisions and history ----------------------------------------------------------------------------------

    void decide(UUID tenantId, UUID lineId, LineStatus decision, BigDecimal vendorQuantity, BigDecimal psaQuantity,
            LocalDate effectiveDate, String actor, Instant now) {
        jdbc.update("update reconciliation_line set status = ?, decision_vendor_quantity = ?, decision_psa_quantity = ?, "
                        + "decided_at = ?, decided_by = ?, effective_date = coalesce(?, effective_date), updated_at = ? "
                        + "where id = ? and tenant_id = ?",
                ps -> Sql.bindAll(ps, decision.wire(), vendorQuantity, psaQuantity, now, actor, effectiveDate, now, lineId, tenantId));
        lineChanged(tenantId, lineId);
    }

    void setEffectiveDate(UUID tenantId, UUID lineId, LocalDate date, Instant now) {
        jdbc.update("update reconciliation_line set effective_date = ?, updated_at = ? where id = ? and tenant_id = ?",
                ps -> Sql.bindAll(ps, date, now, lineId, tenantId));
        lineChanged(tenantId, lineId);
    }

    void setNote(UUID tenantId, UUID lineId, String note, Instant now) {
        jdbc.update("update reconciliation_line set note = ?, updated_at = ? where id = ? and tenant_id = ?",
                ps -> Sql.bindAll(ps, note, now, lineId, tenantId));
        lineChanged(tenantId, lineId);
    }

    void addEvent(UUID tenantId, UUID lineId, Instant at, String actor, String action, BigDecimal quantity,
            LocalDate effectiveDate, String detail) {
        jdbc.update("insert into reconciliation_line_event (id, tenant_id, line_id, at, actor, action, quantity, effective_date, detail) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ps -> Sql.bindAll(ps, UUID.randomUUID(), tenantId, lineId, at, actor, action, quantity, effectiveDate,
                        detail == null || detail.length() <= 2000 ? detail : detail.substring(0, 2000)));
    }

    record LineEvent(Instant at, String actor, String action, BigDecimal quantity, LocalDate effectiveDate, String detail) {
    }

    List<LineEvent> history(UUID tenantId, UUID lineId) {
        return jdbc.query("select at, actor, action, quantity, effective_date, detail from reconciliation_line_event "
                        + "where tenant_id = ? and line_id = ? order by at desc, id",
                ps -> Sql.bindAll(ps, tenantId, lineId),
                (rs, n) -> new LineEvent(Sql.instant(rs, "at"), rs.getString("actor"), rs.getString("action"),
                        Sql.decimal(rs, "quantity"), Sql.date(rs, "effective_date"), rs.getString("detail")));
    }

    boolean anyDecision(UUID tenantId) {
        return Boolean.TRUE.equals(jdbc.query("select 1 from reconciliation_line_event where tenant_id = ? and actor <> 'system' "
                + "fetch first 1 rows only", ps -> Sql.bindAll(ps, tenantId), ResultSet::next));
    }

    // ---- listings: the lines of a filter, a page at a time, and their totals ---------------------------------

    /** Unbilled revenue of lines {@code l}: the positive revenue changes of new-revenue and reconcile lines. */
    static final String UNBILLED_SUM = "coalesce(sum(case when l.status in ('new-revenue', 'reconcile') and l.revenue_change > 0 "
            + "then l.revenue_change else 0 end), 0)";
    /** Revenue at risk of lines {@code l}: the negative revenue changes of reconcile lines, as a positive amount. */
    static final String AT_RISK_SUM = "coalesce(sum(case when l.status = 'reconcile' and l.revenue_change < 0 "
            + "then 0 - l.revenue_change else 0 end), 0)";

    record Totals(long lines, Map<String, Long> byStatus, BigDecimal unbilledRevenue, BigDecimal revenueAtRisk,
                  BigDecimal revenueChange, BigDecimal profitChange) {
    }

    /** The lines {@code l} matching {@code where} (with its {@code params}), in {@code orderBy} order, from {@code offset}. */
    List<StoredLine> lines(String where, List<Object> params, String orderBy, int limit, long offset) {
        List<Object> pageParams = new ArrayList<>(params);
        pageParams.add(limit);
        pageParams.add(offset);
        return jdbc.query("select " + prefixedLineColumns() + " from reconciliation_line l" + where + orderBy
                + " limit ? offset ?", ps -> Sql.bindAll(ps, pageParams.toArray()), (rs, n) -> line(rs));
    }

    Totals totals(String where, List<Object> params) {
        StringBuilder sql = new StringBuilder("select count(*) as total");
        for (LineStatus s : LineStatus.values()) {
            sql.append(", sum(case when l.status = '").append(s.wire()).append("' then 1 else 0 end) as n_").append(s.name().toLowerCase(Locale.ROOT));
        }
        sql.append(", ").append(UNBILLED_SUM).append(" as unbilled")
                .append(", ").append(AT_RISK_SUM).append(" as at_risk")
                .append(", coalesce(sum(case when l.status in ('new-revenue', 'reconcile') then l.revenue_change else 0 end), 0) as revenue")
                .append(", coalesce(sum(case when l.status in ('new-revenue', 'reconcile') then l.profit_change else 0 end), 0) as profit")
                .append(" from reconciliation_line l").append(where);
        return jdbc.query(sql.toString(), ps -> Sql.bindAll(ps, params.toArray()), rs -> {
            rs.next();
            Map<String, Long> byStatus = new java.util.LinkedHashMap<>();
            for (LineStatus s : LineStatus.values()) {
                byStatus.put(s.wire(), rs.getLong("n_" + s.name().toLowerCase(Locale.ROOT)));
            }
            return new Totals(rs.getLong("total"), byStatus, Sql.decimal(rs, "unbilled"), Sql.decimal(rs, "at_risk"),
                    Sql.decimal(rs, "revenue"), Sql.decimal(rs, "profit"));
        });
    }

    private static String prefixedLineColumns() {
        return "l." + LINE_COLUMNS.replace(", ", ", l.");
    }
}
