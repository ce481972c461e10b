package com.trueup.integration;

import com.trueup.shared.BulkInserts;
import com.trueup.shared.MultiRowStatements;
import com.trueup.integration.UsageMath.MonthSteps;
import com.trueup.shared.Quantities;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The usage store: vendor counts as a daily step function per series (integration, account, service).
 * <p>
 * Invariants, kept by {@link #apply} (the only writer):
 * <ul>
 *   <li>Every month of a series with at least one count has a {@code vendor_usage_month} row whose {@code days} hold
 *       the count of each day of that month with a count (the last count of a day replaces earlier ones) and whose {@code opening} is the closing count of the series' previous row
 *       (0 for its first row): a count changes only its own month and, through the opening, the next stored month.</li>
 *   <li>{@code vendor_usage_series} knows the first day and the latest stored month, whose closing carries on after it.</li>
 *   <li>Re-posting a count equal to the stored one writes nothing and announces nothing.</li>
 * </ul>
 * Writers lock the series rows (in id order) before touching their months, so concurrent writers serialise per series.
 * A daily count touches one month row; the series row changes only when a new month starts. Rows are written with
 * few statements per batch: new series and months as bulk inserts (COPY on PostgreSQL), changed months with multi-row
 * MERGE statements, or, from 1,024 rows (an import), copied into a staging table and updated by one statement.
 * An import is one {@link Batch}: each series is locked and read once (ids as array parameters), its counts from
 * every chunk merged in memory, and its rows written once at the end, so the cost grows with the rows, not with the
 * number of statements per series.
 * <p>
 * The latest month row of a series, as this node last committed or read it, is kept in memory, so a daily count
 * usually needs no read of its month. The MERGE updates a row only if it still holds what the count was computed
 * from; if another writer (another node, a direct change) changed it meanwhile, the batch fails with a
 * {@link ConcurrencyFailureException}, the series are forgotten and the caller's retry reads them afresh.
 */
@Repository
class UsageStore {

    private static final int CHUNK = 1000;
    /** From this many series a batch reads and writes month rows with set-based statements (an import). */
    private static final int ARRAY_FROM = 64;
    /** Rows an import inserts from which the usage tables' statistics are refreshed (see {@link #afterLargeImport}). */
    private static final int ANALYZE_FROM_ROWS = 10_000;
    /** Series ids per array parameter. */
    private static final int ARRAY_CHUNK = 10_000;
    private static final int MAX_CACHED = 500_000;

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;
    private final ApplicationEventPublisher events;
    private final BulkInserts bulk;
    private final MultiRowStatements multiRow;
    private final Map<SeriesKey, UUID> seriesIds = new ConcurrentHashMap<>();
    /**
     * Per series id: its latest month row as last committed or read here (checked by the MERGE before it is relied on).
     * {@code seq} orders what writers learned under the series lock, so a transaction that reports late cannot replace
     * what a later one knows; a row being written is unknown ({@code days} null) until its transaction commits.
     */
    private final Map<UUID, KnownMonth> latestMonths = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong knownSeq = new java.util.concurrent.atomic.AtomicLong();
    private static final int MAX_KNOWN_MONTHS = 50_000;

    private record KnownMonth(LocalDate month, BigDecimal opening, String days, long seq) {

        static KnownMonth latest(KnownMonth a, KnownMonth b) {
            return b.seq() > a.seq() ? b : a;
        }
    }

    private void know(UUID seriesId, KnownMonth month) {
        latestMonths.merge(seriesId, month, KnownMonth::latest);
    }

    /** Until a later commit: the series' latest month must be read. */
    private void forget(UUID seriesId) {
        know(seriesId, new KnownMonth(null, null, null, knownSeq.incrementAndGet()));
    }

    UsageStore(JdbcTemplate jdbc, NamedParameterJdbcTemplate named, ApplicationEventPublisher events, BulkInserts bulk,
               MultiRowStatements multiRow) {
        this.jdbc = jdbc;
        this.bulk = bulk;
        this.multiRow = multiRow;
        this.named = named;
        this.events = events;
    }

    /** One count: the vendor's count of an account's use of a service on a day (the tenant's day). */
    record UsageRecord(UUID tenantId, UUID integrationId, UUID accountId, UUID serviceId, LocalDate day,
                       BigDecimal quantity) {
    }

    record SeriesKey(UUID tenantId, UUID integrationId, UUID accountId, UUID serviceId) {
    }

    /** What a call of {@link #apply} or {@link #flush} changed; {@code createdRows}: series and month rows inserted. */
    record Applied(int records, int changedDays, int changedSeries, int createdRows) {

        static final Applied NONE = new Applied(0, 0, 0, 0);

        Applied plus(Applied other) {
            return new Applied(records + other.records, changedDays + other.changedDays, changedSeries + other.changedSeries,
                    createdRows + other.createdRows);
        }
    }

    private static final class MonthRow {
        final LocalDate month;
        BigDecimal opening;
        final NavigableMap<Integer, BigDecimal> days;
        final boolean isNew;
        boolean dirty;
        /** What the stored row holds (as read, or as written by this batch); null for a new row. */
        BigDecimal storedOpening;
        String storedDays;

        MonthRow(LocalDate month, BigDecimal opening, NavigableMap<Integer, BigDecimal> days, boolean isNew) {
            this.month = month;
            this.opening = opening;
            this.days = days;
            this.isNew = isNew;
            this.dirty = isNew;
        }

        static MonthRow stored(LocalDate month, BigDecimal opening, String days) {
            MonthRow row = new MonthRow(month, opening, UsageMath.decode(days), false);
            row.storedOpening = opening;
            row.storedDays = days;
            return row;
        }

        MonthSteps steps() {
            return new MonthSteps(month, opening, days);
        }
    }

    private static final class Series {
        final SeriesKey key;
        UUID id;
        boolean isNew;
        LocalDate firstDay;
        LocalDate lastMonth;
        boolean dirty;
        LocalDate firstChangedDay;
        /** Resolved, locked and read (by an earlier {@link #stage} of its batch). */
        boolean loaded;
        /** Every stored month row is in {@link #rows}, not only the latest. */
        boolean allRowsLoaded;
        final TreeMap<LocalDate, MonthRow> rows = new TreeMap<>();
        /** Posted counts: month -> (day of month -> count). */
        final TreeMap<LocalDate, TreeMap<Integer, BigDecimal>> posted = new TreeMap<>();

        Series(SeriesKey key) {
            this.key = key;
        }
    }

    /**
     * Stores counts. Must run inside a transaction (it joins the caller's); within {@code records} a later count of
     * the same series and day wins. Publishes one {@link VendorEvents.UsageChanged} per series that changed.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    Applied apply(List<UsageRecord> records) {
        Batch batch = new Batch();
        stage(batch, records);
        return flush(batch);
    }

    /**
     * The counts of one import, gathered over several {@link #stage} calls and stored by one {@link #flush}: each series
     * is locked and read once however many chunks name it, its counts are merged in memory (a later count of a day
     * wins), and its rows are written once, all of them with a few set-based statements.
     */
    static final class Batch {
        private final Map<SeriesKey, Series> series = new LinkedHashMap<>();
        private int records;
    }

    /**
     * Adds counts to {@code batch}: series named for the first time are resolved, locked and their month rows read;
     * nothing is written yet. Must run inside the transaction that will {@link #flush} the batch.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void stage(Batch batch, List<UsageRecord> records) {
        List<Series> added = new ArrayList<>();
        Map<UUID, Series> widened = new HashMap<>();
        for (UsageRecord r : records) {
            SeriesKey key = new SeriesKey(r.tenantId(), r.integrationId(), r.accountId(), r.serviceId());
            Series s = batch.series.get(key);
            if (s == null) {
                s = new Series(key);
                batch.series.put(key, s);
                added.add(s);
            }
            LocalDate month = r.day().withDayOfMonth(1);
            if (s.loaded && !s.isNew && !s.allRowsLoaded && month.isBefore(s.lastMonth)) {
                widened.put(s.id, s); // read with its latest month only; a count before it needs all its rows
            }
            s.posted.computeIfAbsent(month, m -> new TreeMap<>()).put(r.day().getDayOfMonth(), Quantities.normalize(r.quantity()));
        }
        batch.records += records.size();
        resolveIds(added);
        lockAndLoadSeries(added);
        loadMonths(added);
        added.forEach(s -> s.loaded = true);
        readMonths(widened, false);
        widened.values().forEach(s -> s.allRowsLoaded = true);
    }

    /** Applies the batch's counts and writes what changed; publishes one {@link VendorEvents.UsageChanged} per series. */
    @Transactional(propagation = Propagation.MANDATORY)
    Applied flush(Batch batch) {
        Collection<Series> all = batch.series.values();
        int changedDays = 0;
        int changedSeries = 0;
        for (Series s : all) {
            int changed = compute(s);
            if (changed > 0) {
                changedDays += changed;
                changedSeries++;
            }
        }
        int created = write(all);
        rememberLatestMonthsAfterCommit(all);
        for (Series s : all) {
            if (s.firstChangedDay != null) {
                events.publishEvent(new VendorEvents.UsageChanged(s.key.tenantId(), s.key.integrationId(), s.key.accountId(),
                        s.key.serviceId(), s.firstChangedDay));
            }
        }
        Applied applied = new Applied(batch.records, changedDays, changedSeries, created);
        batch.series.clear();
        batch.records = 0;
        return applied;
    }

    /** Finds the ids of known series (cache, then database); the others get a new id and are created. */
    private void resolveIds(Collection<Series> all) {
        List<Series> misses = new ArrayList<>();
        for (Series s : all) {
            UUID id = seriesIds.get(s.key);
            if (id != null) {
                s.id = id;
            } else {
                misses.add(s);
            }
        }
        if (misses.isEmpty()) {
            return;
        }
        Map<SeriesKey, Series> byKey = new HashMap<>();
        misses.forEach(s -> byKey.put(s.key, s));
        // per integration, in (account, service) order so a chunk names few accounts and services: one statement text
        // with array parameters probing the series' unique key, whatever the number of series
        misses.sort(java.util.Comparator.comparing((Series s) -> s.key.tenantId()).thenComparing(s -> s.key.integrationId())
                .thenComparing(s -> s.key.accountId()).thenComparing(s -> s.key.serviceId()));
        int from = 0;
        while (from < misses.size()) {
            Series first = misses.get(from);
            int to = from;
            while (to < misses.size() && to - from < CHUNK && misses.get(to).key.tenantId().equals(first.key.tenantId())
                    && misses.get(to).key.integrationId().equals(first.key.integrationId())) {
                to++;
            }
            List<Series> chunk = misses.subList(from, to);
            jdbc.query("""
                    select id, account_id, service_id from vendor_usage_series
                    where tenant_id = ? and integration_id = ? and account_id = any(?) and service_id = any(?)""", (ResultSet rs) -> {
                SeriesKey key = new SeriesKey(first.key.tenantId(), first.key.integrationId(),
                        rs.getObject("account_id", UUID.class), rs.getObject("service_id", UUID.class));
                Series s = byKey.get(key);
                if (s != null) {
                    s.id = rs.getObject("id", UUID.class);
                    if (seriesIds.size() >= MAX_CACHED) {
                        seriesIds.clear();
                    }
                    seriesIds.put(key, s.id);
                }
            }, first.key.tenantId(), first.key.integrationId(),
                    new SqlArrayValue("uuid", distinct(chunk, s -> s.key.accountId()).toArray()),
                    new SqlArrayValue("uuid", distinct(chunk, s -> s.key.serviceId()).toArray()));
            from = to;
        }
        for (Series s : misses) {
            if (s.id == null) {
                s.id = UUID.randomUUID();
                s.isNew = true;
            }
        }
    }

    private void lockAndLoadSeries(Collection<Series> all) {
        Map<UUID, Series> byId = new TreeMap<>();
        for (Series s : all) {
            if (!s.isNew) {
                byId.put(s.id, s);
            }
        }
        if (byId.isEmpty()) {
            return;
        }
        for (List<UUID> chunk : VendorCatalog.chunks(byId.keySet(), CHUNK)) {
            // array parameters: one statement text, prepared once, whatever the number of series
            jdbc.query("""
                    select id, first_day, last_month from vendor_usage_series
                    where tenant_id = any(?) and id = any(?) order by id for update""", (ResultSet rs) -> {
                Series s = byId.get(rs.getObject("id", UUID.class));
                s.firstDay = rs.getObject("first_day", LocalDate.class);
                s.lastMonth = rs.getObject("last_month", LocalDate.class);
            }, new SqlArrayValue("uuid", distinct(chunk, id -> byId.get(id).key.tenantId()).toArray()),
                    new SqlArrayValue("uuid", chunk.toArray()));
        }
        for (Series s : byId.values()) {
            if (s.lastMonth == null) {
                // a cached id whose creating transaction rolled back: the series does not exist yet
                seriesIds.remove(s.key, s.id);
                s.isNew = true;
            }
        }
    }

    /**
     * Loads the month rows a series' new counts touch. Counts in or after the series' latest month (the daily case)
     * need only that month's row (to update, or to carry its closing into a new month); a count before it (a
     * backfill) loads all of the series' rows, whose openings may then change.
     */
    private void loadMonths(Collection<Series> all) {
        Map<UUID, Series> latestOnly = new HashMap<>();
        Map<UUID, Series> full = new HashMap<>();
        for (Series s : all) {
            if (s.isNew) {
                continue;
            }
            if (!s.posted.firstKey().isBefore(s.lastMonth)) {
                // its latest month: updated, or the carry into a new month
                KnownMonth known = latestMonths.get(s.id);
                if (known != null && known.days() != null && known.month().equals(s.lastMonth)) {
                    s.rows.put(known.month(), MonthRow.stored(known.month(), known.opening(), known.days()));
                } else {
                    latestOnly.put(s.id, s);
                }
            } else {
                full.put(s.id, s);
                s.allRowsLoaded = true;
            }
        }
        if (latestOnly.size() < ARRAY_FROM) {
            // a few series (counts as they stream in): one primary-key probe per series, from a list of keys the
            // planner probes by, not IN lists of tenants and ids
            multiRow.query("select m.series_id, m.month_start, m.opening, m.days from (values ",
                    "(cast(? as uuid), cast(? as uuid), cast(? as date))",
                    ") as k (tenant_id, series_id, month_start) join vendor_usage_month m on m.tenant_id = k.tenant_id "
                            + "and m.series_id = k.series_id and m.month_start = k.month_start",
                    List.copyOf(latestOnly.values()), (ps, p, s) -> {
                        ps.setObject(p++, s.key.tenantId());
                        ps.setObject(p++, s.id);
                        ps.setDate(p++, Date.valueOf(s.lastMonth));
                        return p;
                    }, (ResultSet rs) -> {
                        Series s = latestOnly.get(rs.getObject("series_id", UUID.class));
                        LocalDate month = rs.getObject("month_start", LocalDate.class);
                        s.rows.putIfAbsent(month, row(rs, month));
                    });
        } else {
            // many series (an import): one statement per tenant and chunk, the ids as one array parameter; rows of
            // months after a series' latest do not exist, rows before it are skipped
            readMonths(latestOnly, true);
        }
        readMonths(full, false);
    }

    /** Reads the month rows of the given series ({@code latestOnly}: only each series' latest month). */
    private void readMonths(Map<UUID, Series> series, boolean latestOnly) {
        Map<UUID, List<UUID>> byTenant = new HashMap<>();
        series.values().forEach(s -> byTenant.computeIfAbsent(s.key.tenantId(), t -> new ArrayList<>()).add(s.id));
        for (Map.Entry<UUID, List<UUID>> tenant : byTenant.entrySet()) {
            for (List<UUID> chunk : VendorCatalog.chunks(tenant.getValue(), ARRAY_CHUNK)) {
                LocalDate from = LocalDate.of(1, 1, 1);
                if (latestOnly) {
                    from = chunk.stream().map(id -> series.get(id).lastMonth).min(LocalDate::compareTo).orElseThrow();
                }
                jdbc.query("""
                        select series_id, month_start, opening, days from vendor_usage_month
                        where tenant_id = ? and series_id = any(?) and month_start >= ?""", (ResultSet rs) -> {
                    Series s = series.get(rs.getObject("series_id", UUID.class));
                    LocalDate month = rs.getObject("month_start", LocalDate.class);
                    if (!latestOnly || month.equals(s.lastMonth)) {
                        s.rows.put(month, row(rs, month));
                    }
                }, tenant.getKey(), new SqlArrayValue("uuid", chunk.toArray()), Date.valueOf(from));
            }
        }
    }

    private static MonthRow row(ResultSet rs, LocalDate month) throws SQLException {
        return MonthRow.stored(month, Quantities.normalize(rs.getBigDecimal("opening")), rs.getString("days"));
    }

    /** Applies the posted counts to the loaded rows of one series; true when anything changed. */
    /** Applies the posted counts to the series' month rows; returns the number of days whose count changed. */
    private int compute(Series s) {
        int changedDays = 0;
        // the count in force before the first loaded row: 0 for a new series or when all rows are loaded (backfill);
        // in the daily case the first loaded row is the latest month, which keeps its own opening
        boolean fullLoad = !s.isNew && s.posted.firstKey().isBefore(s.lastMonth);
        BigDecimal previousClosing = s.isNew || fullLoad || s.rows.isEmpty() ? Quantities.ZERO : s.rows.firstEntry().getValue().opening;
        for (Map.Entry<LocalDate, TreeMap<Integer, BigDecimal>> month : s.posted.entrySet()) {
            MonthRow row = s.rows.get(month.getKey());
            if (row == null) {
                row = new MonthRow(month.getKey(), Quantities.ZERO, new TreeMap<>(), true);
                s.rows.put(month.getKey(), row);
            }
            for (Map.Entry<Integer, BigDecimal> day : month.getValue().entrySet()) {
                BigDecimal old = row.days.put(day.getKey(), day.getValue());
                if (old != null && old.compareTo(day.getValue()) == 0) {
                    continue;
                }
                LocalDate date = month.getKey().withDayOfMonth(day.getKey());
                changedDays++;
                row.dirty = true;
                if (s.firstChangedDay == null || date.isBefore(s.firstChangedDay)) {
                    s.firstChangedDay = date;
                }
            }
        }
        if (s.firstChangedDay == null) {
            return 0;
        }
        // openings: each row starts from the closing of the row before it
        BigDecimal carry = previousClosing;
        for (MonthRow row : s.rows.values()) {
            if (row.opening.compareTo(carry) != 0) {
                row.opening = carry;
                row.dirty = true;
            }
            carry = row.steps().closing();
        }
        LocalDate postedFirstDay = s.posted.firstKey().withDayOfMonth(s.posted.firstEntry().getValue().firstKey());
        LocalDate newFirstDay = s.firstDay == null || postedFirstDay.isBefore(s.firstDay) ? postedFirstDay : s.firstDay;
        LocalDate newLastMonth = s.lastMonth == null || s.rows.lastKey().isAfter(s.lastMonth) ? s.rows.lastKey() : s.lastMonth;
        if (s.isNew || !newFirstDay.equals(s.firstDay) || !newLastMonth.equals(s.lastMonth)) {
            s.dirty = true;
        }
        s.firstDay = newFirstDay;
        s.lastMonth = newLastMonth;
        return changedDays;
    }

    /** Writes the changed rows; returns the number of rows inserted. */
    private int write(Collection<Series> all) {
        List<Object[]> newSeries = new ArrayList<>();
        List<Series> createdSeries = new ArrayList<>();
        List<Series> changedSeries = new ArrayList<>();
        List<Object[]> newMonths = new ArrayList<>();
        List<Object[]> changedMonths = new ArrayList<>();
        for (Series s : all) {
            if (s.firstChangedDay == null) {
                continue;
            }
            if (s.isNew) {
                createdSeries.add(s);
                newSeries.add(new Object[] {s.id, s.key.tenantId(), s.key.integrationId(), s.key.accountId(), s.key.serviceId(),
                        s.firstDay, s.lastMonth});
            } else if (s.dirty) {
                changedSeries.add(s);
            }
            forget(s.id); // known again once this transaction committed
            for (MonthRow row : s.rows.values()) {
                if (row.dirty) {
                    MonthSteps steps = row.steps();
                    String days = UsageMath.encode(row.days);
                    if (row.isNew) {
                        newMonths.add(new Object[] {s.key.tenantId(), s.id, row.month, row.opening, steps.total(), steps.peak(),
                                steps.closing(), days});
                    } else {
                        changedMonths.add(new Object[] {s.key.tenantId(), s.id, row.month, row.opening, steps.total(), steps.peak(),
                                steps.closing(), days, row.storedOpening, row.storedDays});
                    }
                    row.storedOpening = row.opening;
                    row.storedDays = days;
                }
            }
        }
        bulk.insert("vendor_usage_series", SERIES_COLUMNS, newSeries);
        List<Object[]> seriesUpdates = new ArrayList<>(changedSeries.size());
        for (Series s : changedSeries) {
            seriesUpdates.add(new Object[] {s.firstDay, s.lastMonth, s.key.tenantId(), s.id});
        }
        bulk.update("vendor_usage_series", List.of("first_day", "last_month"), List.of("tenant_id", "id"), seriesUpdates);
        bulk.insert("vendor_usage_month", MONTH_COLUMNS, newMonths);
        // a row is updated only if it still holds what the counts were applied to (see the class comment)
        int merged = changedMonths.size() >= BulkInserts.STAGE_FROM_ROWS ? updateMonths(changedMonths) : multiRow.update("merge into vendor_usage_month m using (values ", MONTH_ROW, """
                ) as v (tenant_id, series_id, month_start, opening, total, peak, closing, days, stored_opening, stored_days)
                on m.tenant_id = v.tenant_id and m.series_id = v.series_id and m.month_start = v.month_start
                when matched and m.opening = v.stored_opening and m.days = v.stored_days then update
                  set opening = v.opening, total = v.total, peak = v.peak, closing = v.closing, days = v.days""",
                changedMonths, (ps, p, values) -> {
                    for (Object value : values) {
                        if (value instanceof LocalDate date) {
                            ps.setDate(p++, Date.valueOf(date));
                        } else {
                            ps.setObject(p++, value);
                        }
                    }
                    return p;
                });
        if (merged != changedMonths.size()) {
            all.forEach(s -> forget(s.id));
            throw new ConcurrencyFailureException("Usage rows changed while counts were applied to them; "
                    + changedMonths.size() + " expected, " + merged + " unchanged");
        }
        for (Series s : createdSeries) {
            // cached once written; if the transaction rolls back, lockAndLoadSeries notices the id is unknown
            seriesIds.putIfAbsent(s.key, s.id);
        }
        return newSeries.size() + newMonths.size();
    }

    /**
     * After an import that added many rows: the planner's statistics of the usage tables are refreshed at once, so the
     * reads that follow (the rebuild it triggers, the next import) are planned for the tables as they now are, not as
     * they were before (a join planned for a nearly empty table runs for minutes on 50,000 series).
     */
    void afterLargeImport(Applied applied) {
        if (applied.createdRows() >= ANALYZE_FROM_ROWS) {
            bulk.analyze("vendor_usage_series", "vendor_usage_month");
        }
    }

    /**
     * Many changed month rows (an import): copied into a staging table and updated by one statement, each only where it
     * still holds the opening and days the counts were applied to.
     */
    private int updateMonths(List<Object[]> changedMonths) {
        List<Object[]> rows = new ArrayList<>(changedMonths.size());
        for (Object[] m : changedMonths) {
            // set: opening, total, peak, closing, days; key: tenant, series, month; expected: opening, days
            rows.add(new Object[] {m[3], m[4], m[5], m[6], m[7], m[0], m[1], m[2], m[8], m[9]});
        }
        return bulk.updateIfUnchanged("vendor_usage_month", List.of("opening", "total", "peak", "closing", "days"),
                List.of("tenant_id", "series_id", "month_start"), List.of("opening", "days"), rows);
    }

    private static final List<String> SERIES_COLUMNS =
            List.of("id", "tenant_id", "integration_id", "account_id", "service_id", "first_day", "last_month");
    private static final List<String> MONTH_COLUMNS =
            List.of("tenant_id", "series_id", "month_start", "opening", "total", "peak", "closing", "days");

    private static final String MONTH_ROW = "(cast(? as uuid), cast(? as uuid), cast(? as date), cast(? as numeric(19,4)), "
            + "cast(? as numeric(24,4)), cast(? as numeric(19,4)), cast(? as numeric(19,4)), cast(? as varchar(1024)), "
            + "cast(? as numeric(19,4)), cast(? as varchar(1024)))";
    /** Keeps each series' latest month row in memory once the transaction committed (see {@link #latestMonths}). */
    private void rememberLatestMonthsAfterCommit(Collection<Series> all) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return;
        }
        List<Map.Entry<UUID, KnownMonth>> known = new ArrayList<>();
        for (Series s : all) {
            MonthRow latest = s.lastMonth == null ? null : s.rows.get(s.lastMonth);
            if (latest != null && latest.storedDays != null) {
                known.add(Map.entry(s.id, new KnownMonth(latest.month, latest.storedOpening, latest.storedDays,
                        knownSeq.incrementAndGet())));
            }
        }
        if (known.isEmpty()) {
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                if (latestMonths.size() + known.size() > MAX_KNOWN_MONTHS) {
                    latestMonths.clear();
                }
                known.forEach(e -> know(e.getKey(), e.getValue()));
            }
        });
    }

    private static <T, R> Set<R> distinct(Collection<T> items, java.util.function.Function<T, R> f) {
        Set<R> set = new HashSet<>();
        items.forEach(i -> set.add(f.apply(i)));
        return set;
    }

    /** Forgets cached series ids (tests that reset data). */
    void clearCache() {
        seriesIds.clear();
    }

    // ---------------------------------------------------------------- reads

    /** A series with its stored months in a period, as read for the quantity of that period. */
    private static final class SeriesRead {
        UUID integrationId;
        UUID accountId;
        UUID serviceId;
        LocalDate firstDay;
        BigDecimal carryIn;
        final NavigableMap<LocalDate, UsageMath.MonthUsage> months = new TreeMap<>();
    }

    /**
     * Quantities over [start, end) of every series of the organisation (optionally of one integration) whose first
     * count is before {@code end}. {@code connectedOnly} leaves out disconnected integrations. Reads the month rows
     * of the period plus one row per series for the count carried into it; never the daily rows. Months the period
     * covers entirely are read as their stored sum, peak and closing; only a partly covered month (the current month
     * to date, a period starting mid-month) brings its daily counts.
     */
    List<UsageQuantity> usage(UUID tenantId, UUID integrationId, LocalDate start, LocalDate end, boolean connectedOnly) {
        if (!start.isBefore(end)) {
            throw new com.trueup.shared.InvalidInputException("end", "the period is empty: end must be after start");
        }
        LocalDate m0 = start.withDayOfMonth(1);
        LocalDate m1 = end.minusDays(1).withDayOfMonth(1);
        // months in [wholeFrom, wholeTo) lie entirely inside the period
        LocalDate wholeFrom = start.getDayOfMonth() == 1 ? start : m0.plusMonths(1);
        LocalDate wholeTo = end.withDayOfMonth(1);
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("tenant", tenantId).addValue("m0", Date.valueOf(m0)).addValue("m1", Date.valueOf(m1))
                .addValue("start", Date.valueOf(start)).addValue("end", Date.valueOf(end)).addValue("integration", integrationId)
                .addValue("wholeFrom", Date.valueOf(wholeFrom)).addValue("wholeTo", Date.valueOf(wholeTo));
        String filter = (integrationId == null ? "" : " and s.integration_id = :integration")
                + (connectedOnly ? " and exists (select 1 from vendor_integration i where i.tenant_id = s.tenant_id"
                + " and i.id = s.integration_id and i.status <> 'disconnected')" : "");
        Map<UUID, SeriesRead> reads = new LinkedHashMap<>();
        named.query("""
                select s.id, s.integration_id, s.account_id, s.service_id, s.first_day, m.month_start, m.opening, m.total,
                  m.peak, m.closing, case when m.month_start >= :wholeFrom and m.month_start < :wholeTo then null else m.days end as days
                from vendor_usage_month m join vendor_usage_series s on s.tenant_id = m.tenant_id and s.id = m.series_id
                where m.tenant_id = :tenant and m.month_start >= :m0 and m.month_start <= :m1 and s.first_day < :end""" + filter
                // a series' months in order (its carry comes from the first); one month a series needs no order
                + (m0.equals(m1) ? "" : " order by s.id, m.month_start"), params, (ResultSet rs) -> {
            SeriesRead read = reads.computeIfAbsent(rs.getObject("id", UUID.class), id -> seriesRead(rs));
            LocalDate month = rs.getObject("month_start", LocalDate.class);
            BigDecimal opening = Quantities.normalize(rs.getBigDecimal("opening"));
            if (read.months.isEmpty()) {
                read.carryIn = opening;
            }
            String days = rs.getString("days");
            read.months.put(month, days == null
                    ? new UsageMath.MonthTotals(month, rs.getBigDecimal("total"), rs.getBigDecimal("peak"), rs.getBigDecimal("closing"))
                    : new MonthSteps(month, opening, UsageMath.decode(days)));
        });
        // series whose latest count is before the period: their last count carries through it
        named.query("""
                select s.id, s.integration_id, s.account_id, s.service_id, s.first_day, l.closing
                from vendor_usage_series s join vendor_usage_month l
                  on l.tenant_id = s.tenant_id and l.series_id = s.id and l.month_start = s.last_month
                where s.tenant_id = :tenant and s.last_month < :m0""" + filter, params, (ResultSet rs) -> {
            SeriesRead read = reads.computeIfAbsent(rs.getObject("id", UUID.class), id -> seriesRead(rs));
            read.carryIn = Quantities.normalize(rs.getBigDecimal("closing"));
        });
        // series with counts before and after the period but none in it: the opening of their next month carries
        named.query("""
                select s.id, s.integration_id, s.account_id, s.service_id, s.first_day,
                  (select n.opening from vendor_usage_month n where n.tenant_id = s.tenant_id and n.series_id = s.id
                     and n.month_start = (select min(x.month_start) from vendor_usage_month x
                                    where x.tenant_id = s.tenant_id and x.series_id = s.id and x.month_start > :m1)) as carry
                from vendor_usage_series s where s.tenant_id = :tenant and s.last_month > :m1 and s.first_day < :start
                  and not exists (select 1 from vendor_usage_month y where y.tenant_id = s.tenant_id and y.series_id = s.id
                                  and y.month_start >= :m0 and y.month_start <= :m1)""" + filter, params, (ResultSet rs) -> {
            SeriesRead read = reads.computeIfAbsent(rs.getObject("id", UUID.class), id -> seriesRead(rs));
            read.carryIn = Quantities.normalize(rs.getBigDecimal("carry"));
        });
        List<UsageQuantity> result = new ArrayList<>(reads.size());
        for (SeriesRead read : reads.values()) {
            UsageMath.Quantities q = UsageMath.quantities(start, end, read.carryIn == null ? Quantities.ZERO : read.carryIn, read.months);
            result.add(new UsageQuantity(read.integrationId, read.accountId, read.serviceId, q.dailyAverage(), q.latest(), q.peak()));
        }
        return result;
    }

    private static SeriesRead seriesRead(ResultSet rs) {
        try {
            SeriesRead read = new SeriesRead();
            read.integrationId = rs.getObject("integration_id", UUID.class);
            read.accountId = rs.getObject("account_id", UUID.class);
            read.serviceId = rs.getObject("service_id", UUID.class);
            read.firstDay = rs.getObject("first_day", LocalDate.class);
            return read;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Quantities of one series over [start, end); empty when it has no count before {@code end}. */
    Optional<UsageQuantity> usage(UUID tenantId, UUID integrationId, UUID accountId, UUID serviceId, LocalDate start, LocalDate end) {
        if (!start.isBefore(end)) {
            throw new com.trueup.shared.InvalidInputException("end", "the period is empty: end must be after start");
        }
        List<Map<String, Object>> series = named.queryForList("""
                select s.id, s.first_day, s.last_month, l.closing as last_closing from vendor_usage_series s
                join vendor_usage_month l on l.tenant_id = s.tenant_id and l.series_id = s.id and l.month_start = s.last_month
                where s.tenant_id = :tenant and s.integration_id = :integration and s.account_id = :account and s.service_id = :service""",
                Map.of("tenant", tenantId, "integration", integrationId, "account", accountId, "service", serviceId));
        if (series.isEmpty()) {
            return Optional.empty();
        }
        UUID id = (UUID) series.get(0).get("id");
        LocalDate firstDay = toLocalDate(series.get(0).get("first_day"));
        if (!firstDay.isBefore(end)) {
            return Optional.empty();
        }
        LocalDate m0 = start.withDayOfMonth(1);
        LocalDate m1 = end.minusDays(1).withDayOfMonth(1);
        NavigableMap<LocalDate, MonthSteps> months = new TreeMap<>();
        named.query("""
                select month_start, opening, days from vendor_usage_month
                where tenant_id = :tenant and series_id = :id and month_start >= :m0 and month_start <= :m1 order by month_start""",
                new MapSqlParameterSource().addValue("tenant", tenantId).addValue("id", id)
                        .addValue("m0", Date.valueOf(m0)).addValue("m1", Date.valueOf(m1)),
                (ResultSet rs) -> {
                    LocalDate month = rs.getObject("month_start", LocalDate.class);
                    months.put(month, new MonthSteps(month, Quantities.normalize(rs.getBigDecimal("opening")), UsageMath.decode(rs.getString("days"))));
                });
        BigDecimal carryIn;
        if (!months.isEmpty()) {
            carryIn = months.firstEntry().getValue().opening();
        } else if (toLocalDate(series.get(0).get("last_month")).isBefore(m0)) {
            carryIn = Quantities.normalize((BigDecimal) series.get(0).get("last_closing"));
        } else {
            carryIn = named.query("""
                    select opening from vendor_usage_month where tenant_id = :tenant and series_id = :id and month_start > :m1
                    order by month_start limit 1""",
                    new MapSqlParameterSource().addValue("tenant", tenantId).addValue("id", id).addValue("m1", Date.valueOf(m1)),
                    (ResultSet rs) -> rs.next() ? Quantities.normalize(rs.getBigDecimal(1)) : Quantities.ZERO);
        }
        UsageMath.Quantities q = UsageMath.quantities(start, end, carryIn, months);
        return Optional.of(new UsageQuantity(integrationId, accountId, serviceId, q.dailyAverage(), q.latest(), q.peak()));
    }

    private static LocalDate toLocalDate(Object value) {
        if (value instanceof LocalDate date) {
            return date;
        }
        if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        throw new IllegalStateException("not a date: " + value);
    }

    /** One daily count as listed to users. */
    record DailyCount(UUID accountId, UUID serviceId, LocalDate day, BigDecimal quantity) {
    }

    /**
     * Daily counts of an integration, newest first (then by account and service id), optionally of one account and/or
     * service and within [from, to]. The counts live in the month rows: the months are counted first (their number of
     * days with a count), and only the months the page falls into are decoded.
     */
    com.trueup.shared.PageResult<DailyCount> dailyCounts(UUID tenantId, UUID integrationId, UUID accountId, UUID serviceId,
                                                        LocalDate from, LocalDate to, int page, int size) {
        StringBuilder where = new StringBuilder(" where m.tenant_id = :tenant and s.integration_id = :integration");
        MapSqlParameterSource params = new MapSqlParameterSource().addValue("tenant", tenantId).addValue("integration", integrationId);
        if (accountId != null) {
            where.append(" and s.account_id = :account");
            params.addValue("account", accountId);
        }
        if (serviceId != null) {
            where.append(" and s.service_id = :service");
            params.addValue("service", serviceId);
        }
        if (from != null) {
            where.append(" and m.month_start >= :fromMonth");
            params.addValue("fromMonth", Date.valueOf(from.withDayOfMonth(1)));
        }
        if (to != null) {
            where.append(" and m.month_start <= :toMonth");
            params.addValue("toMonth", Date.valueOf(to.withDayOfMonth(1)));
        }
        String join = " from vendor_usage_month m join vendor_usage_series s on s.tenant_id = m.tenant_id and s.id = m.series_id";
        // entries of "day:count,day:count": one more than its commas
        NavigableMap<LocalDate, Long> perMonth = new TreeMap<>(java.util.Comparator.reverseOrder());
        named.query("select m.month_start, sum(length(m.days) - length(replace(m.days, ',', '')) + 1) as entries" + join + where
                + " group by m.month_start", params, (ResultSet rs) -> {
            perMonth.put(rs.getObject("month_start", LocalDate.class), rs.getLong("entries"));
        });
        java.util.function.Function<LocalDate, MonthCounts> monthCounts = month -> {
            MonthCounts counts = new MonthCounts(month, from, to);
            named.query("select s.account_id, s.service_id, m.days" + join + where + " and m.month_start = :month",
                    new MapSqlParameterSource(params.getValues()).addValue("month", Date.valueOf(month)), counts::add);
            return counts;
        };
        Map<LocalDate, MonthCounts> loaded = new HashMap<>();
        for (LocalDate month : perMonth.keySet()) {
            if ((from != null && from.isAfter(month)) || (to != null && to.isBefore(month.plusMonths(1).minusDays(1)))) {
                // a month the period cuts: only its days inside [from, to] count
                MonthCounts counts = monthCounts.apply(month);
                loaded.put(month, counts);
                perMonth.put(month, counts.size());
            }
        }
        long total = perMonth.values().stream().mapToLong(Long::longValue).sum();
        long offset = (long) page * size;
        List<DailyCount> items = new ArrayList<>(size);
        long skipped = 0;
        for (Map.Entry<LocalDate, Long> month : perMonth.entrySet()) {
            if (items.size() >= size) {
                break;
            }
            if (skipped + month.getValue() <= offset) {
                skipped += month.getValue();
                continue;
            }
            MonthCounts counts = loaded.computeIfAbsent(month.getKey(), monthCounts);
            long start = Math.max(0, offset - skipped);
            items.addAll(counts.slice(start, size - items.size()));
            skipped += month.getValue();
        }
        return new com.trueup.shared.PageResult<>(items, page, size, total);
    }

    /**
     * One month's rows for a page of daily counts: counted per day from the day numbers alone; only the days the page
     * shows are decoded. Order: newest day first, then account and service id as text (the order PostgreSQL gives uuids).
     */
    private static final class MonthCounts {
        private final LocalDate month;
        private final int firstDay;
        private final int lastDay;
        private final List<UUID[]> ids = new ArrayList<>();
        private final List<String> days = new ArrayList<>();
        private final long[] perDay = new long[32];

        MonthCounts(LocalDate month, LocalDate from, LocalDate to) {
            this.month = month;
            LocalDate end = month.plusMonths(1).minusDays(1);
            this.firstDay = from != null && from.isAfter(month) ? from.getDayOfMonth() : 1;
            this.lastDay = to != null && to.isBefore(end) ? to.getDayOfMonth() : end.getDayOfMonth();
        }

        void add(ResultSet rs) throws SQLException {
            String text = rs.getString("days");
            ids.add(new UUID[] {rs.getObject("account_id", UUID.class), rs.getObject("service_id", UUID.class)});
            days.add(text);
            for (int position = 0; position < text.length(); ) {
                int colon = text.indexOf(':', position);
                int day = Integer.parseInt(text, position, colon, 10);
                if (day >= firstDay && day <= lastDay) {
                    perDay[day]++;
                }
                int comma = text.indexOf(',', colon);
                position = comma < 0 ? text.length() : comma + 1;
            }
        }

        long size() {
            long n = 0;
            for (long c : perDay) {
                n += c;
            }
            return n;
        }

        /** Up to {@code limit} counts from position {@code start} of this month's order. */
        List<DailyCount> slice(long start, int limit) {
            List<DailyCount> result = new ArrayList<>(limit);
            long position = 0;
            for (int day = lastDay; day >= firstDay && result.size() < limit; day--) {
                if (position + perDay[day] <= start) {
                    position += perDay[day];
                    continue;
                }
                List<DailyCount> ofDay = new ArrayList<>();
                for (int i = 0; i < days.size(); i++) {
                    BigDecimal quantity = UsageMath.decode(days.get(i)).get(day);
                    if (quantity != null) {
                        ofDay.add(new DailyCount(ids.get(i)[0], ids.get(i)[1], month.withDayOfMonth(day), quantity));
                    }
                }
                ofDay.sort(java.util.Comparator.comparing((DailyCount c) -> c.accountId().toString())
                        .thenComparing(c -> c.serviceId().toString()));
                int from = (int) Math.max(0, start - position);
                result.addAll(ofDay.subList(Math.min(from, ofDay.size()), Math.min(ofDay.size(), from + limit - result.size())));
                position += perDay[day];
            }
            return result;
        }
    }

    /** The current count of each series of an integration (the count in force after its latest count). */
    record CurrentCount(UUID accountId, UUID serviceId, LocalDate firstDay, BigDecimal count) {
    }

    List<CurrentCount> currentCounts(UUID tenantId, UUID integrationId, int limit) {
        return named.query("""
                select s.account_id, s.service_id, s.first_day, l.closing from vendor_usage_series s
                join vendor_usage_month l on l.tenant_id = s.tenant_id and l.series_id = s.id and l.month_start = s.last_month
                where s.tenant_id = :tenant and s.integration_id = :integration order by s.last_month desc, s.id limit :limit""",
                new MapSqlParameterSource().addValue("tenant", tenantId).addValue("integration", integrationId).addValue("limit", limit),
                (rs, n) -> new CurrentCount(rs.getObject("account_id", UUID.class), rs.getObject("service_id", UUID.class),
                        rs.getObject("first_day", LocalDate.class), Quantities.normalize(rs.getBigDecimal("closing"))));
    }
}
