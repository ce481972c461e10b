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
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes many rows of one table within the caller's transaction. Inserts: PostgreSQL's {@code COPY FROM STDIN} for many rows
 * on PostgreSQL (no statement to parse and plan per chunk, a fraction of the client and server CPU of multi-row
 * INSERTs), multi-row INSERT statements otherwise (a few rows, or H2). INSERTs carry 512, 256, ... 1 rows, so a handful
 * of statement texts serve any number of rows and stay prepared. Values may be {@code null}, {@link UUID},
 * {@link String}, {@link BigDecimal}, {@link Integer}, {@link Long}, {@link Boolean}, {@link LocalDate} or
 * {@link Instant}. Updates by key: see {@link #update}.
 */
@Component
public class BulkInserts {

    private static final int MAX_ROWS_PER_INSERT = 512;
    private static final int MAX_ROWS_PER_UPDATE = 256;
    /** Below this many rows a prepared INSERT costs less than starting a COPY. */
    private static final int COPY_FROM_ROWS = 64;
    /** From this many rows an update copies them into a staging table and runs one statement (see {@link #update}). */
    public static final int STAGE_FROM_ROWS = 1024;
    private static final int COPY_BUFFER = 1 << 20;

    private final JdbcTemplate jdbc;
    private final AtomicReference<Boolean> postgres = new AtomicReference<>();
    private final java.util.Map<String, String> statements = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, java.util.Map<String, String>> tableTypes = new java.util.concurrent.ConcurrentHashMap<>();

    BulkInserts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts {@code rows} (each holding one value per column, in {@code columns} order) into {@code table}. */
    public void insert(String table, List<String> columns, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        for (Object[] row : rows) {
            if (row.length != columns.size()) {
                throw new IllegalArgumentException("a row of " + row.length + " values for " + columns.size() + " columns of " + table);
            }
        }
        jdbc.execute((ConnectionCallback<Void>) connection -> {
            if (rows.size() >= COPY_FROM_ROWS && isPostgres(connection)) {
                copy(connection, table, columns, rows);
            } else {
                insertStatements(connection, table, columns, rows);
            }
            return null;
        });
    }

    /**
     * Updates rows by key within the caller's transaction: each row holds the values of {@code setColumns} followed by
     * those of {@code keyColumns}. On PostgreSQL one {@code UPDATE ... FROM (VALUES ...)} per 256 rows (typed from the
     * table's own column types), or from {@link #STAGE_FROM_ROWS} rows on, the rows copied into a staging table and one
     * {@code UPDATE ... FROM} it; elsewhere a JDBC batch of single-row updates. Returns the number of rows updated.
     */
    public int update(String table, List<String> setColumns, List<String> keyColumns, List<Object[]> rows) {
        return updateIfUnchanged(table, setColumns, keyColumns, List.of(), rows);
    }

    /**
     * {@link #update}, but a row is updated only where its {@code expectedColumns} still hold the values given after
     * the key's (an optimistic check: the caller compares the count returned with the number of rows).
     */
    public int updateIfUnchanged(String table, List<String> setColumns, List<String> keyColumns, List<String> expectedColumns,
            List<Object[]> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        int width = setColumns.size() + keyColumns.size() + expectedColumns.size();
        for (Object[] row : rows) {
            if (row.length != width) {
                throw new IllegalArgumentException("a row of " + row.length + " values for " + width + " columns of " + table);
            }
        }
        Integer updated = jdbc.execute((ConnectionCallback<Integer>) connection -> {
            if (rows.size() >= STAGE_FROM_ROWS && isPostgres(connection)) {
                return updateFromStage(connection, table, setColumns, keyColumns, expectedColumns, rows);
            }
            return rows.size() >= COPY_FROM_ROWS && isPostgres(connection)
                    ? updateFromValues(connection, table, setColumns, keyColumns, expectedColumns, rows)
                    : updateBatch(connection, table, setColumns, keyColumns, expectedColumns, rows);
        });
        return updated == null ? 0 : updated;
    }

    /**
     * Many updates as one statement: the rows go with {@code COPY} into a temporary table of the same column types
     * (created once per database session, emptied at commit and after use), then one {@code UPDATE ... FROM} it.
     */
    private int updateFromStage(Connection connection, String table, List<String> setColumns, List<String> keyColumns,
            List<String> expectedColumns, List<Object[]> rows) throws SQLException {
        List<String> columns = new java.util.ArrayList<>(setColumns);
        columns.addAll(keyColumns);
        List<String> stageColumns = new java.util.ArrayList<>(columns);
        expectedColumns.forEach(c -> stageColumns.add("expected_" + c));
        // one staging table per table and set of columns
        String stage = table + "_stage_" + Integer.toHexString(String.join(",", stageColumns).hashCode());
        List<String> select = new java.util.ArrayList<>(columns);
        expectedColumns.forEach(c -> select.add(c + " as expected_" + c));
        String definition = "create temporary table if not exists " + stage + " on commit delete rows as select "
                + String.join(", ", select) + " from " + table + " with no data";
        String sql = statements.computeIfAbsent("update " + stage + stageColumns, k -> "update " + table + " t set "
                + String.join(", ", setColumns.stream().map(c -> c + " = v." + c).toList()) + " from " + stage + " v where "
                + String.join(" and ", keyColumns.stream().map(c -> "t." + c + " = v." + c).toList())
                + String.join("", expectedColumns.stream().map(c -> " and t." + c + " = v.expected_" + c).toList()));
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

    private int updateFromValues(Connection connection, String table, List<String> setColumns, List<String> keyColumns,
            List<String> expectedColumns, List<Object[]> rows) throws SQLException {
        java.util.Map<String, String> types = columnTypes(connection, table);
        List<String> columns = new java.util.ArrayList<>(setColumns);
        columns.addAll(keyColumns);
        columns.addAll(expectedColumns);
        String tuple = "(" + String.join(", ", columns.stream().map(c -> {
            String type = types.get(c);
            if (type == null) {
                throw new IllegalArgumentException("no column " + c + " in " + table);
            }
            return "cast(? as " + type + ")";
        }).toList()) + ")";
        List<String> names = new java.util.ArrayList<>(setColumns);
        names.addAll(keyColumns);
        expectedColumns.forEach(c -> names.add("expected_" + c));
        String head = "update " + table + " t set " + String.join(", ", setColumns.stream().map(c -> c + " = v." + c).toList())
                + " from (values ";
        String tail = ") as v (" + String.join(", ", names) + ") where "
                + String.join(" and ", keyColumns.stream().map(c -> "t." + c + " = v." + c).toList())
                + String.join("", expectedColumns.stream().map(c -> " and t." + c + " = v.expected_" + c).toList());
        int updated = 0;
        int from = 0;
        while (from < rows.size()) {
            int n = MAX_ROWS_PER_UPDATE;
            while (n > rows.size() - from) {
                n >>= 1;
            }
            int count = n;
            String sql = statements.computeIfAbsent(head + tail + count,
                    k -> head + String.join(", ", Collections.nCopies(count, tuple)) + tail);
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                int index = 1;
                for (Object[] row : rows.subList(from, from + count)) {
                    for (Object value : row) {
                        bind(ps, index++, value);
                    }
                }
                updated += ps.executeUpdate();
            }
            from += count;
        }
        return updated;
    }

    private static int updateBatch(Connection connection, String table, List<String> setColumns, List<String> keyColumns,
            List<String> expectedColumns, List<Object[]> rows) throws SQLException {
        List<String> conditions = new java.util.ArrayList<>(keyColumns);
        conditions.addAll(expectedColumns);
        String sql = "update " + table + " set " + String.join(", ", setColumns.stream().map(c -> c + " = ?").toList())
                + " where " + String.join(" and ", conditions.stream().map(c -> c + " = ?").toList());
        int updated = 0;
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    bind(ps, i + 1, row[i]);
                }
                ps.addBatch();
            }
            for (int count : ps.executeBatch()) {
                updated += Math.max(count, 0);
            }
        }
        return updated;
    }

    /** The table's column types as PostgreSQL spells them ({@code numeric(19,4)}, {@code character varying(300)}, ...). */
    private java.util.Map<String, String> columnTypes(Connection connection, String table) throws SQLException {
        java.util.Map<String, String> known = tableTypes.get(table);
        if (known != null) {
            return known;
        }
        java.util.Map<String, String> types = new java.util.HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement("select a.attname, format_type(a.atttypid, a.atttypmod) "
                + "from pg_attribute a where a.attrelid = cast(? as regclass) and a.attnum > 0 and not a.attisdropped")) {
            ps.setString(1, table);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    types.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        tableTypes.put(table, types);
        return types;
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

    private boolean isPostgres(Connection connection) throws SQLException {
        Boolean known = postgres.get();
        if (known == null) {
            known = connection.isWrapperFor(PGConnection.class);
            postgres.set(known);
        }
        return known;
    }

    private static void copy(Connection connection, String table, List<String> columns, List<Object[]> rows) throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
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
            text.append(t.atOffset(java.time.ZoneOffset.UTC));
        } else if (value instanceof UUID || value instanceof Integer || value instanceof Long || value instanceof LocalDate
                || value instanceof OffsetDateTime) {
            text.append(value);
        } else {
            throw new IllegalArgumentException("no COPY format for " + value.getClass().getName());
        }
    }

    private void insertStatements(Connection connection, String table, List<String> columns, List<Object[]> rows)
            throws SQLException {
        String head = "insert into " + table + " (" + String.join(", ", columns) + ") values ";
        String tuple = "(" + "?, ".repeat(columns.size() - 1) + "?)";
        int from = 0;
        while (from < rows.size()) {
            int n = MAX_ROWS_PER_INSERT;
            while (n > rows.size() - from) {
                n >>= 1;
            }
            int count = n;
            String sql = statements.computeIfAbsent(head + count, k -> head + String.join(", ", Collections.nCopies(count, tuple)));
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                int index = 1;
                for (Object[] row : rows.subList(from, from + count)) {
                    for (Object value : row) {
                        bind(ps, index++, value);
                    }
                }
                ps.executeUpdate();
            }
            from += count;
        }
    }

    private static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.NULL);
        } else if (value instanceof Instant t) {
            ps.setTimestamp(index, Timestamp.from(t));
        } else if (value instanceof BigDecimal d) {
            ps.setBigDecimal(index, d);
        } else if (value instanceof String s) {
            ps.setString(index, s);
        } else {
            ps.setObject(index, value);
        }
    }
}
