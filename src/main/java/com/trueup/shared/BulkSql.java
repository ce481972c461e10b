package com.trueup.shared;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.PreparedStatementSetter;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

/**
 * Statements over many rows, within the caller's transaction, the same on H2 and PostgreSQL; ordinary SQL goes
 * through {@code JdbcClient}, this is for what it cannot do in one round trip:
 * <ul>
 *   <li>{@link #insert}: PostgreSQL's {@code COPY FROM STDIN} from {@value #COPY_FROM_ROWS} rows on (no statement to
 *       parse and plan per chunk); otherwise (a few rows, or H2) one prepared INSERT sent as a JDBC batch.</li>
 *   <li>{@link #update} and {@link #updateIfUnchanged} by key: on PostgreSQL from {@value #STAGE_FROM_ROWS} rows on,
 *       the rows copied into a staging table and one {@code UPDATE ... FROM} it; otherwise a JDBC batch of one prepared
 *       UPDATE.</li>
 *   <li>{@link #batch}: any one statement over many rows of values, as a JDBC batch.</li>
 *   <li>{@link #stream}: a query read a few thousand rows at a time, not all into memory first.</li>
 *   <li>{@link #array}: a collection as one array parameter ({@code = any(?)}), so one statement text serves any
 *       number of keys and PostgreSQL probes an index per key.</li>
 * </ul>
 * A value is {@code null}, {@link UUID}, {@link String}, {@link BigDecimal}, {@link Integer}, {@link Long},
 * {@link Boolean}, {@link LocalDate} or {@link Instant}; {@link #bind} is the one place that binds them.
 * A JDBC batch is one round trip with the PostgreSQL driver, and prepares its statement once.
 */
@Component
public class BulkSql {

    /** Below this many rows a batch of prepared INSERTs costs less than starting a COPY. */
    private static final int COPY_FROM_ROWS = 64;
    /** From this many rows an update copies them into a staging table and runs one statement (see {@link #update}). */
    public static final int STAGE_FROM_ROWS = 1024;

    private static final int COPY_BUFFER = 1 << 20;
    private static final int STREAM_FETCH = 5000;

    private final JdbcTemplate jdbc;
    private final AtomicReference<Boolean> postgres = new AtomicReference<>();
    private final Map<String, String> statements = new ConcurrentHashMap<>();

    BulkSql(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts {@code rows} (each holding one value per column, in {@code columns} order) into {@code table}. */
    public void insert(String table, List<String> columns, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        checkWidth(table, columns.size(), rows);
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            if (rows.size() >= COPY_FROM_ROWS && isPostgres(connection)) {
                copy(connection, table, columns, rows);
            } else {
                String sql = statements.computeIfAbsent(
                        "insert " + table + columns,
                        k -> "insert into " + table + " (" + String.join(", ", columns) + ") values ("
                                + "?, ".repeat(columns.size() - 1) + "?)");
                executeBatch(connection, sql, rows);
            }
            return null;
        });
    }

    /**
     * Updates rows by key: each row holds the values of {@code setColumns} followed by those of {@code keyColumns}.
     * Returns the number of rows updated.
     */
    public int update(String table, List<String> setColumns, List<String> keyColumns, List<Object[]> rows) {
        return updateIfUnchanged(table, setColumns, keyColumns, List.of(), rows);
    }

    /**
     * {@link #update}, but a row is updated only where its {@code expectedColumns} still hold the values given after
     * the key's (an optimistic check: the caller compares the count returned with the number of rows).
     */
    public int updateIfUnchanged(
            String table,
            List<String> setColumns,
            List<String> keyColumns,
            List<String> expectedColumns,
            List<Object[]> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        checkWidth(table, setColumns.size() + keyColumns.size() + expectedColumns.size(), rows);
        Integer updated = jdbc.execute((ConnectionCallback<Integer>) connection -> {
            if (rows.size() >= STAGE_FROM_ROWS && isPostgres(connection)) {
                return updateFromStage(connection, table, setColumns, keyColumns, expectedColumns, rows);
            }
            List<String> conditions = new ArrayList<>(keyColumns);
            conditions.addAll(expectedColumns);
            String sql = statements.computeIfAbsent(
                    "update " + table + setColumns + conditions,
                    k -> "update " + table + " set "
                            + String.join(
                                    ", ",
                                    setColumns.stream().map(c -> c + " = ?").toList())
                            + " where "
                            + String.join(
                                    " and ",
                                    conditions.stream().map(c -> c + " = ?").toList()));
            return executeBatch(connection, sql, rows);
        });
        return updated == null ? 0 : updated;
    }

    /** Runs one statement once per row of values, as one JDBC batch; returns the number of rows it affected. */
    public int batch(String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        Integer affected =
                jdbc.execute((ConnectionCallback<Integer>) connection -> executeBatch(connection, sql, rows));
        return affected == null ? 0 : affected;
    }

    /**
     * Runs a query whose rows are handed to {@code handler} as they arrive, {@value #STREAM_FETCH} at a time (on
     * PostgreSQL, within a transaction; otherwise the driver reads every row first).
     */
    public void stream(String sql, RowCallbackHandler handler, Object... values) {
        jdbc.query(
                connection -> {
                    PreparedStatement ps = connection.prepareStatement(sql);
                    bindAll(ps, values);
                    ps.setFetchSize(STREAM_FETCH);
                    return ps;
                },
                handler);
    }

    /**
     * Refreshes the planner's statistics of {@code tables} after large writes (PostgreSQL's {@code ANALYZE}, which
     * samples a bounded number of rows; nothing on other databases). Runs in the caller's transaction, if any.
     */
    public void analyze(String... tables) {
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            if (isPostgres(connection)) {
                try (var statement = connection.createStatement()) {
                    statement.execute("analyze " + String.join(", ", tables));
                }
            }
            return null;
        });
    }

    /** {@code values} as one array parameter of SQL type {@code elementType} (for {@code = any(?)}). */
    public static SqlArrayValue array(String elementType, Collection<?> values) {
        return new SqlArrayValue(
                elementType, values.stream().map(BulkSql::jdbcValue).toArray());
    }

    /** UUIDs as one array parameter (for {@code id = any(?)}). */
    public static SqlArrayValue uuids(Collection<UUID> ids) {
        return new SqlArrayValue("uuid", ids.toArray());
    }

    /** Binds one value the same way on H2 and PostgreSQL (an {@link Instant} as a timestamp, a null untyped). */
    public static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.NULL);
        } else if (value instanceof BigDecimal d) {
            ps.setBigDecimal(index, d);
        } else if (value instanceof String s) {
            ps.setString(index, s);
        } else {
            ps.setObject(index, jdbcValue(value));
        }
    }

    /** Binds {@code values} to parameters 1, 2, ... */
    public static void bindAll(PreparedStatement ps, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            bind(ps, i + 1, values[i]);
        }
    }

    /** {@link #bindAll} as a statement setter. */
    public static PreparedStatementSetter values(Object... values) {
        return ps -> bindAll(ps, values);
    }

    /** The JDBC form of a value: an {@link Instant} as a {@link Timestamp} (the PostgreSQL driver takes no Instant). */
    public static Object jdbcValue(Object value) {
        return value instanceof Instant t ? Timestamp.from(t) : value;
    }

    private static void checkWidth(String table, int width, List<Object[]> rows) {
        for (Object[] row : rows) {
            if (row.length != width) {
                throw new IllegalArgumentException(
                        "a row of " + row.length + " values for " + width + " columns of " + table);
            }
        }
    }

    private static int executeBatch(Connection connection, String sql, List<Object[]> rows) throws SQLException {
        int affected = 0;
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (Object[] row : rows) {
                bindAll(ps, row);
                ps.addBatch();
            }
            for (int count : ps.executeBatch()) {
                affected += Math.max(count, 0);
            }
        }
        return affected;
    }

    /**
     * Many updates as one statement: the rows go with {@code COPY} into a temporary table of the same column types
     * (created once per database session, emptied at commit and after use), then one {@code UPDATE ... FROM} it.
     */
    private int updateFromStage(
            Connection connection,
            String table,
            List<String> setColumns,
            List<String> keyColumns,
            List<String> expectedColumns,
            List<Object[]> rows)
            throws SQLException {
        List<String> columns = new ArrayList<>(setColumns);
        columns.addAll(keyColumns);
        List<String> stageColumns = new ArrayList<>(columns);
        expectedColumns.forEach(c -> stageColumns.add("expected_" + c));
        // one staging table per table and set of columns
        String stage = table + "_stage_"
                + Integer.toHexString(String.join(",", stageColumns).hashCode());
        List<String> select = new ArrayList<>(columns);
        expectedColumns.forEach(c -> select.add(c + " as expected_" + c));
        String definition = "create temporary table if not exists " + stage + " on commit delete rows as select "
                + String.join(", ", select) + " from " + table + " with no data";
        String sql = statements.computeIfAbsent(
                "update " + stage + stageColumns,
                k -> "update " + table + " t set "
                        + String.join(
                                ", ",
                                setColumns.stream().map(c -> c + " = v." + c).toList()) + " from " + stage + " v where "
                        + String.join(
                                " and ",
                                keyColumns.stream()
                                        .map(c -> "t." + c + " = v." + c)
                                        .toList())
                        + String.join(
                                "",
                                expectedColumns.stream()
                                        .map(c -> " and t." + c + " = v.expected_" + c)
                                        .toList()));
        try (var statement = connection.createStatement()) {
            statement.execute(definition);
            statement.execute("truncate " + stage);
        }
        copy(connection, stage, stageColumns, rows);
        int updated;
        try (var statement = connection.createStatement()) {
            // statistics of the rows just copied (temporary tables have none): without them PostgreSQL may join the
            // staged rows as if they were a handful, re-reading them for every row of the table (minutes for 50,000)
            statement.execute("analyze " + stage);
            updated = statement.executeUpdate(sql);
            statement.execute("truncate " + stage);
        }
        return updated;
    }

    private boolean isPostgres(Connection connection) throws SQLException {
        Boolean known = postgres.get();
        if (known == null) {
            known = connection.isWrapperFor(PGConnection.class);
            postgres.set(known);
        }
        return known;
    }

    private static void copy(Connection connection, String table, List<String> columns, List<Object[]> rows)
            throws SQLException {
        CopyIn copy = connection
                .unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn("copy " + table + " (" + String.join(", ", columns) + ") from stdin");
        try {
            StringBuilder text = new StringBuilder(COPY_BUFFER + 4096);
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    if (i > 0) {
                        text.append('\t');
                    }
                    appendCopyValue(text, row[i]);
                }
                text.append('\n');
                if (text.length() >= COPY_BUFFER) {
                    write(copy, text);
                }
            }
            write(copy, text);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static void write(CopyIn copy, StringBuilder text) throws SQLException {
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        text.setLength(0);
    }

    /** One value in COPY's text format: {@code \N} for null, backslash escapes for the separators. */
    static void appendCopyValue(StringBuilder text, Object value) {
        if (value == null) {
            text.append("\\N");
        } else if (value instanceof String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '\\' -> text.append("\\\\");
                    case '\t' -> text.append("\\t");
                    case '\n' -> text.append("\\n");
                    case '\r' -> text.append("\\r");
                    default -> text.append(c);
                }
            }
        } else if (value instanceof BigDecimal d) {
            text.append(d.toPlainString());
        } else if (value instanceof Boolean b) {
            text.append(b ? 't' : 'f');
        } else if (value instanceof Instant t) {
            text.append(t.atOffset(ZoneOffset.UTC));
        } else if (value instanceof UUID
                || value instanceof Integer
                || value instanceof Long
                || value instanceof LocalDate
                || value instanceof OffsetDateTime) {
            text.append(value);
        } else {
            throw new IllegalArgumentException(
                    "no COPY format for " + value.getClass().getName());
        }
    }
}
