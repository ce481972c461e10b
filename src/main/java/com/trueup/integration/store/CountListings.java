package com.trueup.integration.store;

import com.trueup.shared.PageResult;
import com.trueup.shared.Quantities;
import java.math.BigDecimal;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The counts of an integration as its pages list them: daily counts page by page, and each series' current count. */
@Repository
public class CountListings {

    private final JdbcClient jdbc;

    CountListings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One daily count as listed to users. */
    public record DailyCount(UUID accountId, UUID serviceId, LocalDate day, BigDecimal quantity) {}

    /**
     * Daily counts of an integration, newest first (then by account and service id), optionally of one account and/or
     * service and within [from, to]. The counts live in the month rows: the months are counted first (their number of
     * days with a count), and only the months the page falls into are decoded.
     */
    public PageResult<DailyCount> dailyCounts(
            UUID tenantId,
            UUID integrationId,
            UUID accountId,
            UUID serviceId,
            LocalDate from,
            LocalDate to,
            int page,
            int size) {
        StringBuilder where = new StringBuilder(" where m.tenant_id = :tenant and s.integration_id = :integration");
        MapSqlParameterSource params =
                new MapSqlParameterSource().addValue("tenant", tenantId).addValue("integration", integrationId);
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
        String join =
                " from vendor_usage_month m join vendor_usage_series s on s.tenant_id = m.tenant_id and s.id = m.series_id";
        // entries of "day:count,day:count": one more than its commas
        NavigableMap<LocalDate, Long> perMonth = new TreeMap<>(java.util.Comparator.reverseOrder());
        jdbc.sql("select m.month_start, sum(length(m.days) - length(replace(m.days, ',', '')) + 1) as entries" + join
                        + where + " group by m.month_start")
                .paramSource(params)
                .query((RowCallbackHandler) rs -> {
                    perMonth.put(rs.getObject("month_start", LocalDate.class), rs.getLong("entries"));
                });
        java.util.function.Function<LocalDate, MonthCounts> monthCounts = month -> {
            MonthCounts counts = new MonthCounts(month, from, to);
            jdbc.sql("select s.account_id, s.service_id, m.days" + join + where + " and m.month_start = :month")
                    .paramSource(new MapSqlParameterSource(params.getValues()).addValue("month", Date.valueOf(month)))
                    .query((RowCallbackHandler) counts::add);
            return counts;
        };
        Map<LocalDate, MonthCounts> loaded = new HashMap<>();
        for (LocalDate month : perMonth.keySet()) {
            if ((from != null && from.isAfter(month))
                    || (to != null && to.isBefore(month.plusMonths(1).minusDays(1)))) {
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
        return new PageResult<>(items, page, size, total);
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
                ofDay.sort(java.util.Comparator.comparing(
                                (DailyCount c) -> c.accountId().toString())
                        .thenComparing(c -> c.serviceId().toString()));
                int from = (int) Math.max(0, start - position);
                result.addAll(ofDay.subList(
                        Math.min(from, ofDay.size()), Math.min(ofDay.size(), from + limit - result.size())));
                position += perDay[day];
            }
            return result;
        }
    }

    /** The current count of each series of an integration (the count in force after its latest count). */
    public record CurrentCount(UUID accountId, UUID serviceId, LocalDate firstDay, BigDecimal count) {}

    public List<CurrentCount> currentCounts(UUID tenantId, UUID integrationId, int limit) {
        return jdbc.sql("""
                select s.account_id, s.service_id, s.first_day, l.closing from vendor_usage_series s
                join vendor_usage_month l on l.tenant_id = s.tenant_id and l.series_id = s.id and l.month_start = s.last_month
                where s.tenant_id = :tenant and s.integration_id = :integration order by s.last_month desc, s.id limit :limit""")
                .param("tenant", tenantId)
                .param("integration", integrationId)
                .param("limit", limit)
                .query((rs, n) -> new CurrentCount(
                        rs.getObject("account_id", UUID.class),
                        rs.getObject("service_id", UUID.class),
                        rs.getObject("first_day", LocalDate.class),
                        Quantities.normalize(rs.getBigDecimal("closing"))))
                .list();
    }
}
