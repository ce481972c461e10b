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
 * Inserts new rows into one table within the caller's transaction: PostgreSQL's {@code COPY FROM STDIN} for many rows
 * on PostgreSQL (no statement to parse and plan per chunk, a fraction of the client and server CPU of multi-row
 * INSERTs), multi-row INSERT statements otherwise (a few rows, or H2). INSERTs carry 512, 256, ... 1 rows, so a handful
 * of statement texts serve any number of rows and stay prepared. Values may be {@code null}, {@link UUID},
 * {@link String}, {@link BigDecimal}, {@link Integer}, {@link Long}, {@link Boolean}, {@link LocalDate} or
 * {@link Instant}.
 */
@Component
public class BulkInserts {

    private static final int MAX_ROWS_PER_INSERT = 512;
    /** Below this many rows a prepared INSERT costs less than starting a COPY. */
    private static final int COPY_FROM_ROWS = 64;
    private static final int COPY_BUFFER = 1 << 20;

    private final JdbcTemplate jdbc;
    private final AtomicReference<Boolean> postgres = new AtomicReference<>();
    private final java.util.Map<String, String> statements = new java.util.concurrent.ConcurrentHashMap<>();

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
