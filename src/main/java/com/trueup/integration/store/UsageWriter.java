package com.trueup.integration.store;

import com.trueup.integration.VendorEvents;
import com.trueup.integration.store.UsageMath.MonthSteps;
import com.trueup.shared.BulkSql;
import com.trueup.shared.Quantities;
import java.math.BigDecimal;
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
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores vendor counts as a daily step function per series (integration, account, service); the one writer of
 * {@code vendor_usage_series} and {@code vendor_usage_month} (reads: {@link UsageQuantities}, {@link CountListings}).
 * <p>
 * Invariants, kept by {@link #apply} (the only writer):
 * <ul>
 *   <li>Every month of a series with at least one count has a {@code vendor_usage_month} row whose {@code days} hold
 *       the count of each day of that month with a count (the last count of a day replaces earlier ones) and whose {@code opening} is the closing count of the series' previous row
 *       (0 for its first row): a count changes only its own month and, through the opening, the next stored month.</li>
 *   <li>{@code vendor_usage_series} knows the first day and the latest stored month, whose closing carries on after it.</li>
 *   <li>Every write that changes a series row or any of its month rows gives the series a new random {@code version}
 *       (see {@link #newVersion}); a write that changes nothing leaves it as it is. The count and sum of an
 *       organisation's versions ({@link UsageQuantities#version}) therefore change with any change of its usage.</li>
 *   <li>Re-posting a count equal to the stored one writes nothing and announces nothing.</li>
 * </ul>
 * Writers lock the series rows (in id order) before touching their months, so concurrent writers serialise per series.
 * A daily count updates one month row and its series row (the version; the latest month too when a new month starts).
 * Rows are written with few statements per batch: new series and months as bulk inserts (COPY on PostgreSQL), changed
 * series and months as one batch of keyed updates each, or, from 1,024 rows (an import), copied into a staging table
 * and updated by one statement.
 * An import is one {@link Batch}: each series is locked and read once (ids as array parameters), its counts from
 * every chunk merged in memory, and its rows written once at the end, so the cost grows with the rows, not with the
 * number of statements per series.
 * <p>
 * The latest month row of a series, as this node last committed or read it, is kept in memory, so a daily count
 * usually needs no read of its month. The update writes a row only if it still holds what the count was computed
 * from; if another writer (another node, a direct change) changed it meanwhile, the batch fails with a
 * {@link ConcurrencyFailureException}, the series are forgotten and the caller's retry reads them afresh.
 */
@Repository
public class UsageWriter {

    private static final int CHUNK = 1000;
    /** Rows an import inserts from which the usage tables' statistics are refreshed (see {@link #afterLargeImport}). */
    private static final int ANALYZE_FROM_ROWS = 10_000;
    /** Series ids per array parameter. */
    private static final int ARRAY_CHUNK = 10_000;

    private static final int MAX_CACHED = 500_000;

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final BulkSql bulk;
    private final Map<SeriesKey, UUID> seriesIds = new ConcurrentHashMap<>();
    private final LatestMonths latestMonths = new LatestMonths();

    UsageWriter(JdbcClient jdbc, ApplicationEventPublisher events, BulkSql bulk) {
        this.jdbc = jdbc;
        this.bulk = bulk;
        this.events = events;
    }

    record SeriesKey(UUID tenantId, UUID integrationId, UUID accountId, UUID serviceId) {}

    /** What a call of {@link #apply} or {@link #flush} changed; {@code createdRows}: series and month rows inserted. */
    public record Applied(int records, int changedDays, int changedSeries, int createdRows) {

        public static final Applied NONE = new Applied(0, 0, 0, 0);

        public Applied plus(Applied other) {
            return new Applied(
                    records + other.records,
                    changedDays + other.changedDays,
                    changedSeries + other.changedSeries,
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
    public Applied apply(List<UsageRecord> records) {
        Batch batch = new Batch();
        stage(batch, records);
        return flush(batch);
    }

    /**
     * The counts of one import, gathered over several {@link #stage} calls and stored by one {@link #flush}: each series
     * is locked and read once however many chunks name it, its counts are merged in memory (a later count of a day
     * wins), and its rows are written once, all of them with a few set-based statements.
     */
    public static final class Batch {
        private final Map<SeriesKey, Series> series = new LinkedHashMap<>();
        private int records;
    }

    /**
     * Adds counts to {@code batch}: series named for the first time are resolved, locked and their month rows read;
     * nothing is written yet. Must run inside the transaction that will {@link #flush} the batch.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void stage(Batch batch, List<UsageRecord> records) {
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
            s.posted
                    .computeIfAbsent(month, m -> new TreeMap<>())
                    .put(r.day().getDayOfMonth(), Quantities.normalize(r.quantity()));
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
    public Applied flush(Batch batch) {
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
                events.publishEvent(new VendorEvents.UsageChanged(
                        s.key.tenantId(),
                        s.key.integrationId(),
                        s.key.accountId(),
                        s.key.serviceId(),
                        s.firstChangedDay));
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
        misses.sort(java.util.Comparator.comparing((Series s) -> s.key.tenantId())
                .thenComparing(s -> s.key.integrationId())
                .thenComparing(s -> s.key.accountId())
                .thenComparing(s -> s.key.serviceId()));
        int from = 0;
        while (from < misses.size()) {
            Series first = misses.get(from);
            int to = from;
            while (to < misses.size()
                    && to - from < CHUNK
                    && misses.get(to).key.tenantId().equals(first.key.tenantId())
                    && misses.get(to).key.integrationId().equals(first.key.integrationId())) {
                to++;
            }
            List<Series> chunk = misses.subList(from, to);
            jdbc.sql("""
                    select id, account_id, service_id from vendor_usage_series
                    where tenant_id = ? and integration_id = ? and account_id = any(?) and service_id = any(?)""")
                    .params(
                            first.key.tenantId(), first.key.integrationId(),
                            BulkSql.uuids(distinct(chunk, s -> s.key.accountId())),
                                    BulkSql.uuids(distinct(chunk, s -> s.key.serviceId())))
                    .query((RowCallbackHandler) rs -> {
                        SeriesKey key = new SeriesKey(
                                first.key.tenantId(),
                                first.key.integrationId(),
                                rs.getObject("account_id", UUID.class),
                                rs.getObject("service_id", UUID.class));
                        Series s = byKey.get(key);
                        if (s != null) {
                            s.id = rs.getObject("id", UUID.class);
                            if (seriesIds.size() >= MAX_CACHED) {
                                seriesIds.clear();
                            }
                            seriesIds.put(key, s.id);
                        }
                    });
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
        for (List<UUID> chunk : chunks(byId.keySet(), CHUNK)) {
            // array parameters: one statement text, prepared once, whatever the number of series
            jdbc.sql("""
                    select id, first_day, last_month from vendor_usage_series
                    where tenant_id = any(?) and id = any(?) order by id for update""")
                    .params(BulkSql.uuids(distinct(chunk, id -> byId.get(id).key.tenantId())), BulkSql.uuids(chunk))
                    .query((RowCallbackHandler) rs -> {
                        Series s = byId.get(rs.getObject("id", UUID.class));
                        s.firstDay = rs.getObject("first_day", LocalDate.class);
                        s.lastMonth = rs.getObject("last_month", LocalDate.class);
                    });
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
                LatestMonths.Month known = latestMonths.get(s.id);
                if (known != null && known.month().equals(s.lastMonth)) {
                    s.rows.put(known.month(), MonthRow.stored(known.month(), known.opening(), known.days()));
                } else {
                    latestOnly.put(s.id, s);
                }
            } else {
                full.put(s.id, s);
                s.allRowsLoaded = true;
            }
        }
        // one statement per tenant and chunk, the ids as one array parameter; rows of months after a series' latest
        // do not exist, rows before it are skipped
        readMonths(latestOnly, true);
        readMonths(full, false);
    }

    /** Reads the month rows of the given series ({@code latestOnly}: only each series' latest month). */
    private void readMonths(Map<UUID, Series> series, boolean latestOnly) {
        Map<UUID, List<UUID>> byTenant = new HashMap<>();
        series.values()
                .forEach(s -> byTenant.computeIfAbsent(s.key.tenantId(), t -> new ArrayList<>())
                        .add(s.id));
        for (Map.Entry<UUID, List<UUID>> tenant : byTenant.entrySet()) {
            for (List<UUID> chunk : chunks(tenant.getValue(), ARRAY_CHUNK)) {
                LocalDate from = LocalDate.of(1, 1, 1);
                if (latestOnly) {
                    from = chunk.stream()
                            .map(id -> series.get(id).lastMonth)
                            .min(LocalDate::compareTo)
                            .orElseThrow();
                }
                jdbc.sql("""
                        select series_id, month_start, opening, days from vendor_usage_month
                        where tenant_id = ? and series_id = any(?) and month_start >= ?""")
                        .params(tenant.getKey(), BulkSql.uuids(chunk), from)
                        .query((RowCallbackHandler) rs -> {
                            Series s = series.get(rs.getObject("series_id", UUID.class));
                            LocalDate month = rs.getObject("month_start", LocalDate.class);
                            if (!latestOnly || month.equals(s.lastMonth)) {
                                s.rows.put(month, row(rs, month));
                            }
                        });
            }
        }
    }

    private static MonthRow row(ResultSet rs, LocalDate month) throws SQLException {
        return MonthRow.stored(month, Quantities.normalize(rs.getBigDecimal("opening")), rs.getString("days"));
    }

    /** Applies the posted counts to the series' month rows; returns the number of days whose count changed. */
    private int compute(Series s) {
        int changedDays = 0;
        // the count in force before the first loaded row: 0 for a new series or when all rows are loaded (backfill);
        // in the daily case the first loaded row is the latest month, which keeps its own opening
        boolean fullLoad = !s.isNew && s.posted.firstKey().isBefore(s.lastMonth);
        BigDecimal previousClosing = s.isNew || fullLoad || s.rows.isEmpty()
                ? Quantities.ZERO
                : s.rows.firstEntry().getValue().opening;
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
        LocalDate postedFirstDay = s.posted
                .firstKey()
                .withDayOfMonth(s.posted.firstEntry().getValue().firstKey());
        LocalDate newFirstDay = s.firstDay == null || postedFirstDay.isBefore(s.firstDay) ? postedFirstDay : s.firstDay;
        LocalDate newLastMonth =
                s.lastMonth == null || s.rows.lastKey().isAfter(s.lastMonth) ? s.rows.lastKey() : s.lastMonth;
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
                newSeries.add(new Object[] {
                    s.id,
                    s.key.tenantId(),
                    s.key.integrationId(),
                    s.key.accountId(),
                    s.key.serviceId(),
                    s.firstDay,
                    s.lastMonth,
                    newVersion()
                });
            } else {
                // a changed month changes the series' version, even where its first day and latest month stay
                changedSeries.add(s);
            }
            latestMonths.forget(s.id); // known again once this transaction committed
            for (MonthRow row : s.rows.values()) {
                if (row.dirty) {
                    MonthSteps steps = row.steps();
                    String days = UsageMath.encode(row.days);
                    if (row.isNew) {
                        newMonths.add(new Object[] {
                            s.key.tenantId(),
                            s.id,
                            row.month,
                            row.opening,
                            steps.total(),
                            steps.peak(),
                            steps.closing(),
                            days
                        });
                    } else {
                        changedMonths.add(new Object[] {
                            s.key.tenantId(),
                            s.id,
                            row.month,
                            row.opening,
                            steps.total(),
                            steps.peak(),
                            steps.closing(),
                            days,
                            row.storedOpening,
                            row.storedDays
                        });
                    }
                    row.storedOpening = row.opening;
                    row.storedDays = days;
                }
            }
        }
        bulk.insert("vendor_usage_series", SERIES_COLUMNS, newSeries);
        List<Object[]> seriesUpdates = new ArrayList<>(changedSeries.size());
        for (Series s : changedSeries) {
            seriesUpdates.add(new Object[] {s.firstDay, s.lastMonth, newVersion(), s.key.tenantId(), s.id});
        }
        bulk.update(
                "vendor_usage_series",
                List.of("first_day", "last_month", "version"),
                List.of("tenant_id", "id"),
                seriesUpdates);
        bulk.insert("vendor_usage_month", MONTH_COLUMNS, newMonths);
        // a row is updated only if it still holds what the counts were applied to (see the class comment)
        int merged = updateMonths(changedMonths);
        if (merged != changedMonths.size()) {
            all.forEach(s -> latestMonths.forget(s.id));
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
    public void afterLargeImport(Applied applied) {
        if (applied.createdRows() >= ANALYZE_FROM_ROWS) {
            bulk.analyze("vendor_usage_series", "vendor_usage_month");
        }
    }

    /**
     * Updates the changed month rows, each only where it still holds the opening and days the counts were applied to
     * (many rows, an import: copied into a staging table and updated by one statement).
     */
    private int updateMonths(List<Object[]> changedMonths) {
        List<Object[]> rows = new ArrayList<>(changedMonths.size());
        for (Object[] m : changedMonths) {
            // set: opening, total, peak, closing, days; key: tenant, series, month; expected: opening, days
            rows.add(new Object[] {m[3], m[4], m[5], m[6], m[7], m[0], m[1], m[2], m[8], m[9]});
        }
        return bulk.updateIfUnchanged(
                "vendor_usage_month",
                List.of("opening", "total", "peak", "closing", "days"),
                List.of("tenant_id", "series_id", "month_start"),
                List.of("opening", "days"),
                rows);
    }

    /**
     * A new version of a series: random over the positive longs (never 0, the value of rows older than the column),
     * so the changes of one write cannot cancel out in the sum {@link UsageQuantities#version} reads (only a sum of
     * differences of exactly 0 would, about 1 in 2^63).
     */
    static long newVersion() {
        return ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    }

    private static final List<String> SERIES_COLUMNS = List.of(
            "id", "tenant_id", "integration_id", "account_id", "service_id", "first_day", "last_month", "version");
    private static final List<String> MONTH_COLUMNS =
            List.of("tenant_id", "series_id", "month_start", "opening", "total", "peak", "closing", "days");

    /** Keeps each series' latest month row in memory once the transaction committed (see {@link LatestMonths}). */
    private void rememberLatestMonthsAfterCommit(Collection<Series> all) {
        List<LatestMonths.Month> latest = new ArrayList<>();
        for (Series s : all) {
            MonthRow row = s.lastMonth == null ? null : s.rows.get(s.lastMonth);
            if (row != null && row.storedDays != null) {
                latest.add(new LatestMonths.Month(s.id, row.month, row.storedOpening, row.storedDays));
            }
        }
        latestMonths.rememberAfterCommit(latest);
    }

    private static <T> List<List<T>> chunks(Collection<T> items, int size) {
        List<T> all = new ArrayList<>(items);
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += size) {
            chunks.add(all.subList(from, Math.min(all.size(), from + size)));
        }
        return chunks;
    }

    private static <T, R> Set<R> distinct(Collection<T> items, java.util.function.Function<T, R> f) {
        Set<R> set = new HashSet<>();
        items.forEach(i -> set.add(f.apply(i)));
        return set;
    }
}
