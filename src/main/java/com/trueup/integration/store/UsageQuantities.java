package com.trueup.integration.store;

import com.trueup.integration.UsageQuantity;
import com.trueup.integration.store.UsageMath.MonthSteps;
import com.trueup.shared.Quantities;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The quantities of count series over a period (daily average, latest, peak), read from the month rows
 * {@link UsageWriter} keeps: never the daily counts of a month the period covers entirely.
 */
@Repository
public class UsageQuantities {

    private final JdbcClient jdbc;

    UsageQuantities(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

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
    public List<UsageQuantity> usage(
            UUID tenantId, UUID integrationId, LocalDate start, LocalDate end, boolean connectedOnly) {
        if (!start.isBefore(end)) {
            throw new com.trueup.shared.InvalidInputException("end", "the period is empty: end must be after start");
        }
        LocalDate m0 = start.withDayOfMonth(1);
        LocalDate m1 = end.minusDays(1).withDayOfMonth(1);
        // months in [wholeFrom, wholeTo) lie entirely inside the period
        LocalDate wholeFrom = start.getDayOfMonth() == 1 ? start : m0.plusMonths(1);
        LocalDate wholeTo = end.withDayOfMonth(1);
        MapSqlParameterSource params = new MapSqlParameterSource()
                .addValue("tenant", tenantId)
                .addValue("m0", Date.valueOf(m0))
                .addValue("m1", Date.valueOf(m1))
                .addValue("start", Date.valueOf(start))
                .addValue("end", Date.valueOf(end))
                .addValue("integration", integrationId)
                .addValue("wholeFrom", Date.valueOf(wholeFrom))
                .addValue("wholeTo", Date.valueOf(wholeTo));
        String filter = (integrationId == null ? "" : " and s.integration_id = :integration")
                + (connectedOnly
                        ? " and exists (select 1 from vendor_integration i where i.tenant_id = s.tenant_id"
                                + " and i.id = s.integration_id and i.status <> 'disconnected')"
                        : "");
        Map<UUID, SeriesRead> reads = new LinkedHashMap<>();
        jdbc.sql("""
                select s.id, s.integration_id, s.account_id, s.service_id, s.first_day, m.month_start, m.opening, m.total,
                  m.peak, m.closing, case when m.month_start >= :wholeFrom and m.month_start < :wholeTo then null else m.days end as days
                from vendor_usage_month m join vendor_usage_series s on s.tenant_id = m.tenant_id and s.id = m.series_id
                where m.tenant_id = :tenant and m.month_start >= :m0 and m.month_start <= :m1 and s.first_day < :end""" + filter
                        // a series' months in order (its carry comes from the first); one month a series needs no order
                        + (m0.equals(m1) ? "" : " order by s.id, m.month_start"))
                .paramSource(params)
                .query((RowCallbackHandler) rs -> {
                    SeriesRead read = reads.computeIfAbsent(rs.getObject("id", UUID.class), id -> seriesRead(rs));
                    LocalDate month = rs.getObject("month_start", LocalDate.class);
                    BigDecimal opening = Quantities.normalize(rs.getBigDecimal("opening"));
                    if (read.months.isEmpty()) {
                        read.carryIn = opening;
                    }
                    String days = rs.getString("days");
                    read.months.put(
                            month,
                            days == null
                                    ? new UsageMath.MonthTotals(
                                            month,
                                            rs.getBigDecimal("total"),
                                            rs.getBigDecimal("peak"),
                                            rs.getBigDecimal("closing"))
                                    : new MonthSteps(month, opening, UsageMath.decode(days)));
                });
        // series whose latest count is before the period: their last count carries through it
        jdbc.sql("""
                select s.id, s.integration_id, s.account_id, s.service_id, s.first_day, l.closing
                from vendor_usage_series s join vendor_usage_month l
                  on l.tenant_id = s.tenant_id and l.series_id = s.id and l.month_start = s.last_month
                where s.tenant_id = :tenant and s.last_month < :m0""" + filter).paramSource(params).query((RowCallbackHandler) rs -> {
            SeriesRead read = reads.computeIfAbsent(rs.getObject("id", UUID.class), id -> seriesRead(rs));
            read.carryIn = Quantities.normalize(rs.getBigDecimal("closing"));
        });
        // series with counts before and after the period but none in it: the opening of their next month carries
        jdbc.sql("""
                select s.id, s.integration_id, s.account_id, s.service_id, s.first_day,
                  (select n.opening from vendor_usage_month n where n.tenant_id = s.tenant_id and n.series_id = s.id
                     and n.month_start = (select min(x.month_start) from vendor_usage_month x
                                    where x.tenant_id = s.tenant_id and x.series_id = s.id and x.month_start > :m1)) as carry
                from vendor_usage_series s where s.tenant_id = :tenant and s.last_month > :m1 and s.first_day < :start
                  and not exists (select 1 from vendor_usage_month y where y.tenant_id = s.tenant_id and y.series_id = s.id
                                  and y.month_start >= :m0 and y.month_start <= :m1)""" + filter).paramSource(params).query((RowCallbackHandler) rs -> {
            SeriesRead read = reads.computeIfAbsent(rs.getObject("id", UUID.class), id -> seriesRead(rs));
            read.carryIn = Quantities.normalize(rs.getBigDecimal("carry"));
        });
        List<UsageQuantity> result = new ArrayList<>(reads.size());
        for (SeriesRead read : reads.values()) {
            UsageMath.Quantities q = UsageMath.quantities(
                    start, end, read.carryIn == null ? Quantities.ZERO : read.carryIn, read.months);
            result.add(new UsageQuantity(
                    read.integrationId, read.accountId, read.serviceId, q.dailyAverage(), q.latest(), q.peak()));
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
    public Optional<UsageQuantity> usage(
            UUID tenantId, UUID integrationId, UUID accountId, UUID serviceId, LocalDate start, LocalDate end) {
        if (!start.isBefore(end)) {
            throw new com.trueup.shared.InvalidInputException("end", "the period is empty: end must be after start");
        }
        List<Map<String, Object>> series = jdbc.sql("""
                select s.id, s.first_day, s.last_month, l.closing as last_closing from vendor_usage_series s
                join vendor_usage_month l on l.tenant_id = s.tenant_id and l.series_id = s.id and l.month_start = s.last_month
                where s.tenant_id = :tenant and s.integration_id = :integration and s.account_id = :account and s.service_id = :service""")
                .param("tenant", tenantId)
                .param("integration", integrationId)
                .param("account", accountId)
                .param("service", serviceId)
                .query()
                .listOfRows();
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
        jdbc.sql("""
                select month_start, opening, days from vendor_usage_month
                where tenant_id = :tenant and series_id = :id and month_start >= :m0 and month_start <= :m1 order by month_start""")
                .param("tenant", tenantId)
                .param("id", id)
                .param("m0", Date.valueOf(m0))
                .param("m1", Date.valueOf(m1))
                .query((RowCallbackHandler) rs -> {
                    LocalDate month = rs.getObject("month_start", LocalDate.class);
                    months.put(
                            month,
                            new MonthSteps(
                                    month,
                                    Quantities.normalize(rs.getBigDecimal("opening")),
                                    UsageMath.decode(rs.getString("days"))));
                });
        BigDecimal carryIn;
        if (!months.isEmpty()) {
            carryIn = months.firstEntry().getValue().opening();
        } else if (toLocalDate(series.get(0).get("last_month")).isBefore(m0)) {
            carryIn = Quantities.normalize((BigDecimal) series.get(0).get("last_closing"));
        } else {
            carryIn = jdbc.sql("""
                    select opening from vendor_usage_month where tenant_id = :tenant and series_id = :id and month_start > :m1
                    order by month_start limit 1""")
                    .param("tenant", tenantId)
                    .param("id", id)
                    .param("m1", Date.valueOf(m1))
                    .query(BigDecimal.class)
                    .optional()
                    .map(Quantities::normalize)
                    .orElse(Quantities.ZERO);
        }
        UsageMath.Quantities q = UsageMath.quantities(start, end, carryIn, months);
        return Optional.of(
                new UsageQuantity(integrationId, accountId, serviceId, q.dailyAverage(), q.latest(), q.peak()));
    }

    /**
     * A value that changes whenever any usage of the organisation changes: the count and the sum of its series'
     * random versions (see {@link UsageWriter}), and the same of the series of its disconnected integrations (which
     * {@link #usage(UUID, UUID, LocalDate, LocalDate, boolean)} leaves out, so disconnecting or reconnecting one
     * changes the value too). One aggregate over the organisation's series, no lock: it neither waits for nor delays
     * writers. Read it before the usage it stands for: a change committed in between then shows as a new value the
     * next time, never as a missed one.
     */
    public String version(UUID tenantId) {
        // the sum of bigints is an exact decimal on PostgreSQL and H2 alike (numeric), so it never overflows
        return jdbc.sql("""
                select count(*) as series, sum(s.version) as versions,
                  count(i.id) as hidden, sum(case when i.id is not null then s.version end) as hidden_versions
                from vendor_usage_series s left join vendor_integration i
                  on i.tenant_id = s.tenant_id and i.id = s.integration_id and i.status = 'disconnected'
                where s.tenant_id = :tenant""")
                .param("tenant", tenantId)
                .query((rs, n) -> rs.getLong("series") + ":" + plain(rs.getBigDecimal("versions")) + ":"
                        + rs.getLong("hidden") + ":" + plain(rs.getBigDecimal("hidden_versions")))
                .single();
    }

    private static String plain(BigDecimal sum) {
        return sum == null ? "0" : sum.toPlainString();
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
}
