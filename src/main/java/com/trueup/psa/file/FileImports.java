package com.trueup.psa.file;

import com.trueup.audit.AuditLog;
import com.trueup.psa.PsaConnectionInfo;
import com.trueup.psa.PsaEvents;
import com.trueup.psa.PsaSnapshot;
import com.trueup.psa.connector.ConnectorDescriptor;
import com.trueup.psa.connector.PsaConnector;
import com.trueup.psa.connector.SnapshotPart;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports a file into a connection's stored part, atomically: the connection's row is locked (two imports of one
 * connection run one after the other), the file is read row by row from its stream and compared with the stored rows by
 * key and fingerprint, and only new, changed and vanished rows are written, in batches, in one transaction. Any problem
 * in the file rolls everything back: the stored part and the snapshot stay as they were. An import that changed
 * something queues a sync of the connection in the same transaction; the sync builds the snapshot through the normal
 * path (so {@link PsaEvents.SnapshotRefreshed} follows, and reconciliation rebuilds). An import that changed nothing
 * writes nothing but its history entry.
 */
@Service
class FileImports {

    static final int BATCH = 5000;
    /** How many changes of one import are kept item by item (the counts are always complete). */
    static final int LISTED = 500;

    static final String SYSTEM = "system";

    private static final Logger log = LoggerFactory.getLogger(FileImports.class);

    enum ChangeKind {
        ADDED,
        REMOVED,
        QUANTITY,
        PRICE,
        OTHER
    }

    record Change(
            ChangeKind kind,
            String key,
            String label,
            BigDecimal oldQuantity,
            BigDecimal newQuantity,
            BigDecimal oldPrice,
            BigDecimal newPrice) {}

    record ImportRecord(
            UUID id,
            UUID connectionId,
            SnapshotPart part,
            String profileName,
            String fileName,
            long fileBytes,
            int rowsRead,
            int added,
            int removed,
            int changed,
            int unchanged,
            UUID syncRunId,
            String importedBy,
            Instant importedAt,
            long millis) {

        public boolean changedAnything() {
            return added + removed + changed > 0;
        }
    }

    record Result(ImportRecord record, List<Change> changes) {}

    private final JdbcClient jdbc;
    private final FileRows rows;
    private final PsaSnapshot snapshot;
    private final List<PsaConnector> connectors;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;

    FileImports(
            JdbcClient jdbc,
            FileRows rows,
            PsaSnapshot snapshot,
            List<PsaConnector> connectors,
            AuditLog audit,
            Clock clock,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.rows = rows;
        this.snapshot = snapshot;
        this.connectors = connectors;
        this.audit = audit;
        this.clock = clock;
        this.tx = new TransactionTemplate(transactions);
    }

    /** The connection, if it is the organisation's and takes at least one part from files; else 404. */
    PsaConnectionInfo connection(UUID tenantId, UUID connectionId) {
        return snapshot.connection(tenantId, connectionId)
                .filter(c -> !fileParts(c).isEmpty())
                .orElseThrow(() -> NotFoundException.of("PSA connection fed by files", connectionId));
    }

    Optional<ConnectorDescriptor> descriptor(String type) {
        return connectors.stream()
                .map(PsaConnector::descriptor)
                .filter(d -> d.type().equals(type))
                .findFirst();
    }

    /** The parts of a connection that come from files: those its connector does not read from the PSA's API. */
    Set<SnapshotPart> fileParts(PsaConnectionInfo connection) {
        Set<SnapshotPart> parts = EnumSet.allOf(SnapshotPart.class);
        descriptor(connection.type())
                .ifPresentOrElse(d -> parts.removeAll(d.capabilities().reads()), parts::clear);
        return parts;
    }

    /** An opener of the uploaded bytes (read once here). */
    interface Source {
        InputStream open() throws IOException;
    }

    /** Imports a file with {@code profile} into its part of the connection; see the class documentation. */
    Result importFile(
            UUID tenantId,
            UUID connectionId,
            ImportProfile profile,
            String fileName,
            long fileBytes,
            Source source,
            String actor) {
        PsaConnectionInfo connection = connection(tenantId, connectionId);
        Set<SnapshotPart> parts = fileParts(connection);
        if (!parts.contains(profile.part())) {
            throw new InvalidInputException(
                    "part",
                    connection.typeLabel() + " reads its " + name(profile.part())
                            + " from the PSA's API; files can feed its "
                            + String.join(
                                    ", ", parts.stream().map(FileImports::name).toList()));
        }
        long started = System.nanoTime();
        Result result = tx.execute(status -> {
            jdbc.sql("select id from psa_connection where tenant_id = :tenant and id = :id for update")
                    .param("tenant", tenantId)
                    .param("id", connectionId)
                    .query(UUID.class)
                    .single();
            var stored = rows.stored(tenantId, connectionId, profile.part());
            List<ImportedRow> inserts = new ArrayList<>();
            List<ImportedRow> updates = new ArrayList<>();
            List<Change> changes = new ArrayList<>();
            int added = 0;
            int changed = 0;
            int unchanged = 0;
            int read;
            try (InputStream in = source.open();
                    RowReader reader = new RowReader(profile, in)) {
                reader.header();
                ImportedRow row;
                while ((row = reader.next()) != null) {
                    FileRows.Stored old = stored.remove(row.key());
                    if (old == null) {
                        inserts.add(row);
                        added++;
                        if (changes.size() < LISTED) {
                            changes.add(new Change(
                                    ChangeKind.ADDED,
                                    row.key(),
                                    row.label(),
                                    null,
                                    row.quantity(),
                                    null,
                                    row.unitPrice()));
                        }
                    } else if (old.fingerprint() != row.fingerprint()) {
                        updates.add(row);
                        changed++;
                        if (changes.size() < LISTED) {
                            ChangeKind kind = !same(old.quantity(), row.quantity())
                                    ? ChangeKind.QUANTITY
                                    : !same(old.unitPrice(), row.unitPrice()) ? ChangeKind.PRICE : ChangeKind.OTHER;
                            changes.add(new Change(
                                    kind,
                                    row.key(),
                                    row.label(),
                                    old.quantity(),
                                    row.quantity(),
                                    old.unitPrice(),
                                    row.unitPrice()));
                        }
                    } else {
                        unchanged++;
                    }
                    if (inserts.size() >= BATCH) {
                        rows.insert(tenantId, connectionId, inserts);
                        inserts.clear();
                    }
                    if (updates.size() >= BATCH) {
                        rows.update(tenantId, connectionId, updates);
                        updates.clear();
                    }
                }
                read = reader.rowsRead();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            rows.insert(tenantId, connectionId, inserts);
            rows.update(tenantId, connectionId, updates);
            List<String> gone = new ArrayList<>(stored.keySet());
            gone.sort(null);
            int room = Math.max(0, LISTED - changes.size());
            for (ImportedRow old :
                    rows.rows(tenantId, connectionId, profile.part(), gone.subList(0, Math.min(room, gone.size())))) {
                changes.add(new Change(
                        ChangeKind.REMOVED, old.key(), old.label(), old.quantity(), null, old.unitPrice(), null));
            }
            rows.delete(tenantId, connectionId, profile.part(), gone);
            UUID id = UUID.randomUUID();
            Instant now = clock.instant();
            boolean anything = added + changed + gone.size() > 0;
            UUID syncRunId = anything ? snapshot.requestSync(tenantId, connectionId, actor) : null;
            long millis = (System.nanoTime() - started) / 1_000_000;
            var record = new ImportRecord(
                    id,
                    connectionId,
                    profile.part(),
                    profile.name(),
                    fileName == null ? "upload.csv" : PsaText.fit(fileName, 300),
                    fileBytes,
                    read,
                    added,
                    gone.size(),
                    changed,
                    unchanged,
                    syncRunId,
                    actor,
                    now,
                    millis);
            insertRecord(tenantId, record, changes);
            audit.record(
                    tenantId,
                    actor,
                    "psa.file.imported",
                    connection.name(),
                    record.fileName() + " with profile \"" + profile.name() + "\": " + summary(record));
            return new Result(record, changes);
        });
        log.info(
                "File import into PSA connection {} ({}): {} in {} ms",
                connectionId,
                profile.part(),
                summary(result.record()),
                result.record().millis());
        return result;
    }

    static String summary(ImportRecord r) {
        if (!r.changedAnything()) {
            return r.rowsRead() + " rows read, nothing changed";
        }
        return r.rowsRead() + " rows read: " + r.added() + " added, " + r.removed() + " removed, " + r.changed()
                + " changed, " + r.unchanged() + " unchanged";
    }

    private void insertRecord(UUID tenantId, ImportRecord r, List<Change> changes) {
        jdbc.sql("""
                insert into psa_file_import (id, tenant_id, connection_id, part, profile_name, file_name, file_bytes, rows_read,
                    added, removed, changed, unchanged, sync_run_id, imported_by, imported_at, millis)
                values (:id, :tenant, :connection, :part, :profile, :file, :bytes, :rows, :added, :removed, :changed,
                    :unchanged, :run, :actor, :at, :millis)""")
                .param("id", r.id())
                .param("tenant", tenantId)
                .param("connection", r.connectionId())
                .param("part", r.part().name())
                .param("profile", PsaText.fit(r.profileName(), 200))
                .param("file", r.fileName())
                .param("bytes", r.fileBytes())
                .param("rows", r.rowsRead())
                .param("added", r.added())
                .param("removed", r.removed())
                .param("changed", r.changed())
                .param("unchanged", r.unchanged())
                .param("run", r.syncRunId())
                .param("actor", r.importedBy())
                .param("at", Timestamp.from(r.importedAt()))
                .param("millis", r.millis())
                .update();
        int position = 0;
        for (Change c : changes) {
            jdbc.sql("""
                    insert into psa_file_import_change (import_id, tenant_id, position, kind, row_key, label, old_quantity,
                        new_quantity, old_price, new_price)
                    values (:import, :tenant, :position, :kind, :key, :label, :oldQ, :newQ, :oldP, :newP)""")
                    .param("import", r.id())
                    .param("tenant", tenantId)
                    .param("position", position++)
                    .param("kind", c.kind().name())
                    .param("key", c.key())
                    .param("label", c.label() == null ? c.key() : c.label())
                    .param("oldQ", c.oldQuantity(), java.sql.Types.NUMERIC)
                    .param("newQ", c.newQuantity(), java.sql.Types.NUMERIC)
                    .param("oldP", c.oldPrice(), java.sql.Types.NUMERIC)
                    .param("newP", c.newPrice(), java.sql.Types.NUMERIC)
                    .update();
        }
    }

    List<ImportRecord> history(UUID tenantId, UUID connectionId, int limit) {
        return jdbc.sql("select * from psa_file_import where tenant_id = :tenant and connection_id = :connection "
                        + "order by imported_at desc, id limit :limit")
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .param("limit", limit)
                .query(FileImports::record)
                .list();
    }

    Optional<Result> find(UUID tenantId, UUID connectionId, UUID importId) {
        return jdbc.sql(
                        "select * from psa_file_import where tenant_id = :tenant and connection_id = :connection and id = :id")
                .param("tenant", tenantId)
                .param("connection", connectionId)
                .param("id", importId)
                .query(FileImports::record)
                .optional()
                .map(r -> new Result(
                        r,
                        jdbc.sql("select * from psa_file_import_change where tenant_id = :tenant "
                                        + "and import_id = :id order by position")
                                .param("tenant", tenantId)
                                .param("id", importId)
                                .query((rs, n) -> new Change(
                                        ChangeKind.valueOf(rs.getString("kind")),
                                        rs.getString("row_key"),
                                        rs.getString("label"),
                                        rs.getBigDecimal("old_quantity"),
                                        rs.getBigDecimal("new_quantity"),
                                        rs.getBigDecimal("old_price"),
                                        rs.getBigDecimal("new_price")))
                                .list()));
    }

    Map<SnapshotPart, Integer> counts(UUID tenantId, UUID connectionId) {
        return rows.counts(tenantId, connectionId);
    }

    /**
     * A sync that was already running when an import committed may have read the files before it: ask for one more
     * sync, so the snapshot always ends with the latest import.
     */
    @EventListener
    void on(PsaEvents.SnapshotRefreshed event) {
        long behind = jdbc.sql("""
                select count(*) from psa_file_import i
                where i.tenant_id = :tenant and i.connection_id = :connection and i.sync_run_id = :run
                  and i.imported_at > (select r.started_at from psa_sync_run r where r.id = :run and r.tenant_id = :tenant)""")
                .param("tenant", event.tenantId())
                .param("connection", event.connectionId())
                .param("run", event.syncRunId())
                .query(Long.class)
                .single();
        if (behind > 0) {
            snapshot.requestSync(event.tenantId(), event.connectionId(), SYSTEM);
        }
    }

    private static ImportRecord record(ResultSet rs, int n) throws SQLException {
        return new ImportRecord(
                rs.getObject("id", UUID.class),
                rs.getObject("connection_id", UUID.class),
                SnapshotPart.valueOf(rs.getString("part")),
                rs.getString("profile_name"),
                rs.getString("file_name"),
                rs.getLong("file_bytes"),
                rs.getInt("rows_read"),
                rs.getInt("added"),
                rs.getInt("removed"),
                rs.getInt("changed"),
                rs.getInt("unchanged"),
                rs.getObject("sync_run_id", UUID.class),
                rs.getString("imported_by"),
                rs.getTimestamp("imported_at").toInstant(),
                rs.getLong("millis"));
    }

    private static boolean same(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    static String name(SnapshotPart part) {
        return part.name().toLowerCase(Locale.ROOT);
    }
}
