package com.trueup.shared;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementSetter;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Component;

/**
 * Statements over a list of rows given as a {@code VALUES} list: {@code head + row, row, ... + tail}, for reads and
 * writes by key (a MERGE of changed rows, a join with the keys to read). One statement per {@link #MAX_ROWS} rows,
 * each carrying a power of two of rows, the ones beyond the items all null (the statement must match nothing with
 * them), so a handful of statement texts serve any number of rows and stay prepared.
 */
@Component
public class MultiRowStatements {

    /**
     * Rows per statement. PostgreSQL's cached plan for a longer list of keys may scan a small table whole instead of
     * probing its primary key per key.
     */
    public static final int MAX_ROWS = 32;

    private final JdbcTemplate jdbc;
    private final Map<String, String> texts = new ConcurrentHashMap<>();

    MultiRowStatements(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Binds one item's values from parameter {@code p} on; returns the next parameter index. */
    @FunctionalInterface
    public interface RowBinder<T> {
        int bind(PreparedStatement ps, int p, T item) throws SQLException;
    }

    /** Runs the update statements; returns the number of rows they affected. */
    public <T> int update(String head, String row, String tail, List<T> items, RowBinder<T> binder) {
        int affected = 0;
        for (int from = 0; from < items.size(); from += MAX_ROWS) {
            List<T> chunk = items.subList(from, Math.min(items.size(), from + MAX_ROWS));
            affected += jdbc.update(text(head, row, tail, chunk.size()), setter(row, chunk, binder));
        }
        return affected;
    }

    /** Runs the queries, handing every result row to {@code handler}. */
    public <T> void query(String head, String row, String tail, List<T> items, RowBinder<T> binder, RowCallbackHandler handler) {
        for (int from = 0; from < items.size(); from += MAX_ROWS) {
            List<T> chunk = items.subList(from, Math.min(items.size(), from + MAX_ROWS));
            jdbc.query(text(head, row, tail, chunk.size()), setter(row, chunk, binder), handler);
        }
    }

    private static int padded(int n) {
        return Integer.highestOneBit(n) == n ? n : Integer.highestOneBit(n) << 1;
    }

    private String text(String head, String row, String tail, int n) {
        int rows = padded(n);
        return texts.computeIfAbsent(head + rows + row + tail, k -> head + String.join(", ", Collections.nCopies(rows, row)) + tail);
    }

    private static <T> PreparedStatementSetter setter(String row, List<T> chunk, RowBinder<T> binder) {
        int parametersPerRow = (int) row.chars().filter(c -> c == '?').count();
        return ps -> {
            int p = 1;
            for (T item : chunk) {
                p = binder.bind(ps, p, item);
            }
            for (int padding = (padded(chunk.size()) - chunk.size()) * parametersPerRow; padding > 0; padding--) {
                ps.setObject(p++, null);
            }
        };
    }
}
