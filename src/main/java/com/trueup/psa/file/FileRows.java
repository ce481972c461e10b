package com.trueup.psa.file;

import com.trueup.psa.connector.SnapshotPart;
import com.trueup.shared.BulkSql;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The stored rows of each connection's imported files, one set per snapshot part, keyed by {@link ImportedRow#key()}.
 * Writes go through {@link BulkSql} (COPY on PostgreSQL) within the caller's transaction; reads stream.
 */
@Repository
class FileRows {

    static final String TABLE = "psa_file_row";
    static final List<String> VALUE_COLUMNS = List.of(
            "fingerprint",
            "source_row",
            "company_id",
            "company_name",
            "contract_id",
            "contract_name",
            "product_id",
            "product_name",
            "line_id",
            "quantity",
            "unit_price",
            "unit_cost",
            "start_date",
            "end_date",
            "status",
            "inactive");
    static final List<String> KEY_COLUMNS = List.of("tenant_id", "connection_id", "part", "row_key");
    private static final List<String> ALL_COLUMNS;

    static {
        List<String> all = new ArrayList<>(KEY_COLUMNS);
        all.addAll(VALUE_COLUMNS);
        ALL_COLUMNS = List.copyOf(all);
    }

    /** What a stored row held, as far as a re-import compares it. */
    record Stored(long fingerprint, BigDecimal quantity, BigDecimal unitPrice) {}

    private final JdbcClient jdbc;
    private final BulkSql bulk;

    FileRows(JdbcClient jdbc, BulkSql bulk) {
        this.jdbc = jdbc;
        this.bulk = bulk;
    }

    /** The part's stored rows: key → fingerprint and the values a change list shows. */
    Map<String, Stored> stored(UUID tenantId, UUID connectionId, SnapshotPart part) {
        Map<String, Stored> rows = new HashMap<>();
        jdbc.sql("select row_key, fingerprint, quantity, unit_price from " + TABLE
                        + " where tenant_id = :tenant and connection_id = :connection and part = :part")
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .param("part", part.name())
                .query((RowCallbackHandler) rs ->
                        rows.put(rs.getString(1), new Stored(rs.getLong(2), rs.getBigDecimal(3), rs.getBigDecimal(4))));
        return rows;
    }

    void insert(UUID tenantId, UUID connectionId, List<ImportedRow> rows) {
        bulk.insert(
                TABLE,
                ALL_COLUMNS,
                rows.stream()
                        .map(r -> {
                            Object[] values = new Object[ALL_COLUMNS.size()];
                            values[0] = tenantId;
                            values[1] = connectionId;
                            values[2] = r.part().name();
                            values[3] = r.key();
                            fill(values, 4, r);
                            return values;
                        })
                        .toList());
    }

    void update(UUID tenantId, UUID connectionId, List<ImportedRow> rows) {
        bulk.update(
                TABLE,
                VALUE_COLUMNS,
                KEY_COLUMNS,
                rows.stream()
                        .map(r -> {
                            Object[] values = new Object[ALL_COLUMNS.size()];
                            fill(values, 0, r);
                            int k = VALUE_COLUMNS.size();
                            values[k] = tenantId;
                            values[k + 1] = connectionId;
                            values[k + 2] = r.part().name();
                            values[k + 3] = r.key();
                            return values;
                        })
                        .toList());
    }

    void delete(UUID tenantId, UUID connectionId, SnapshotPart part, Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        List<Object[]> args = keys.stream()
                .map(k -> new Object[] {tenantId, connectionId, part.name(), k})
                .toList();
        for (int from = 0; from < args.size(); from += 5000) {
            bulk.batch(
                    "delete from " + TABLE + " where tenant_id = ? and connection_id = ? and part = ? and row_key = ?",
                    args.subList(from, Math.min(args.size(), from + 5000)));
        }
    }

    /** The stored rows of {@code keys} (at most a few hundred: for the list of changes). */
    List<ImportedRow> rows(UUID tenantId, UUID connectionId, SnapshotPart part, Collection<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select * from " + TABLE + " where tenant_id = :tenant and connection_id = :connection "
                        + "and part = :part and row_key in (:keys)")
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .param("part", part.name())
                .param("keys", keys)
                .query(FileRows::map)
                .list();
    }

    /** Streams the part's rows in the order they had in the file. */
    void read(UUID tenantId, UUID connectionId, SnapshotPart part, Consumer<ImportedRow> into) {
        bulk.stream(
                "select * from " + TABLE
                        + " where tenant_id = ? and connection_id = ? and part = ? order by source_row, row_key",
                rs -> into.accept(map(rs, 0)),
                tenantId,
                connectionId,
                part.name());
    }

    Map<SnapshotPart, Integer> counts(UUID tenantId, UUID connectionId) {
        Map<SnapshotPart, Integer> counts = new EnumMap<>(SnapshotPart.class);
        jdbc.sql("select part, count(*) from " + TABLE
                        + " where tenant_id = :tenant and connection_id = :connection group by part")
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .query((rs, n) -> counts.put(SnapshotPart.valueOf(rs.getString(1)), rs.getInt(2)))
                .list();
        return counts;
    }

    private static void fill(Object[] values, int at, ImportedRow r) {
        values[at] = r.fingerprint();
        values[at + 1] = r.sourceRow();
        values[at + 2] = r.companyId();
        values[at + 3] = r.companyName();
        values[at + 4] = r.contractId();
        values[at + 5] = r.contractName();
        values[at + 6] = r.productId();
        values[at + 7] = r.productName();
        values[at + 8] = r.lineId();
        values[at + 9] = r.quantity();
        values[at + 10] = r.unitPrice();
        values[at + 11] = r.unitCost();
        values[at + 12] = r.startDate();
        values[at + 13] = r.endDate();
        values[at + 14] = r.status();
        values[at + 15] = r.inactive();
    }

    private static ImportedRow map(ResultSet rs, int n) throws SQLException {
        java.sql.Date start = rs.getDate("start_date");
        java.sql.Date end = rs.getDate("end_date");
        return new ImportedRow(
                SnapshotPart.valueOf(rs.getString("part")),
                rs.getString("row_key"),
                rs.getInt("source_row"),
                rs.getString("company_id"),
                rs.getString("company_name"),
                rs.getString("contract_id"),
                rs.getString("contract_name"),
                rs.getString("product_id"),
                rs.getString("product_name"),
                rs.getString("line_id"),
                rs.getBigDecimal("quantity"),
                rs.getBigDecimal("unit_price"),
                rs.getBigDecimal("unit_cost"),
                start == null ? null : start.toLocalDate(),
                end == null ? null : end.toLocalDate(),
                rs.getString("status"),
                rs.getBoolean("inactive"));
    }
}
