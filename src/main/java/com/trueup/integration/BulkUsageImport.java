package com.trueup.integration;

import com.trueup.audit.AuditLog;
import com.trueup.integration.store.UsageRecord;
import com.trueup.integration.store.UsageWriter;
import com.trueup.shared.ConflictException;
import com.trueup.shared.TenantCalendar;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * Backfill and high-volume import of usage with explicit dates: records {@code {accountId, serviceId, date, quantity}}
 * (the vendor's account id and the service's {@code _id}), from the bulk API (JSON) or a CSV upload. A request is
 * atomic: every record is checked first and, if any is invalid, nothing is stored and every problem is reported;
 * otherwise all are stored in one transaction, the same (account, service, date) replacing what was there.
 */
@Service
class BulkUsageImport {

    private static final BigDecimal MAX_QUANTITY = new BigDecimal("1000000000000000");
    static final int MAX_REPORTED_ERRORS = 1000;

    private final VendorCatalog catalog;
    private final Integrations integrations;
    private final UsageWriter store;
    private final TenantCalendar calendar;
    private final TransactionTemplate transactions;
    private final AuditLog audit;
    private final JsonMapper json;
    private final int maxRecords;

    BulkUsageImport(
            VendorCatalog catalog,
            Integrations integrations,
            UsageWriter store,
            TenantCalendar calendar,
            TransactionTemplate transactions,
            AuditLog audit,
            JsonMapper json,
            IntegrationSettings settings) {
        this.catalog = catalog;
        this.integrations = integrations;
        this.store = store;
        this.calendar = calendar;
        this.transactions = transactions;
        this.audit = audit;
        this.json = json;
        this.maxRecords = settings.bulk().maxRecords();
    }

    /**
     * One record as received: {@code quantity} is the exact text of the number (a JSON number or a string holding a
     * decimal), null when missing; {@code wrongType} names a field whose JSON value had the wrong type.
     */
    record RawRecord(String accountId, String serviceId, String date, String quantity, String wrongType) {

        RawRecord(String accountId, String serviceId, String date, String quantity) {
            this(accountId, serviceId, date, quantity, null);
        }
    }

    /** A problem with one record: {@code row} is the record's index (JSON) or line number (CSV). */
    record RowError(int row, String field, String message) {}

    /** Records were invalid: nothing was stored. */
    static final class InvalidRecords extends RuntimeException {

        final int total;
        final int invalid;
        final List<RowError> errors;

        InvalidRecords(int total, int invalid, List<RowError> errors) {
            super(invalid + " of " + total
                    + " records are invalid; nothing was stored. Fix them and send the request again.");
            this.total = total;
            this.invalid = invalid;
            this.errors = errors;
        }
    }

    /** The request could not be read as records (not JSON, not CSV of the expected columns, too many). */
    static final class UnreadableRecords extends RuntimeException {

        final String field;

        UnreadableRecords(String field, String message) {
            super(message);
            this.field = field;
        }
    }

    // ---------------------------------------------------------------- reading

    /** Receives records as they are read, with their row number (index in JSON, line in CSV). */
    @FunctionalInterface
    interface RecordSink {
        void accept(RawRecord record, int row);
    }

    /** Reads all records into a list (tests, small imports). */
    List<RawRecord> readJson(InputStream body) {
        List<RawRecord> records = new ArrayList<>();
        readJson(body, (record, row) -> records.add(record));
        return records;
    }

    /** Streams {@code {"records": [{accountId, serviceId, date, quantity}, ...]}} to {@code sink}, building no tree. */
    void readJson(InputStream body, RecordSink sink) {
        int[] count = {0};
        Pool pool = new Pool();
        boolean sawRecords = false;
        try (JsonParser p = json.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new UnreadableRecords("records", "The body must be a JSON object {\"records\": [...]}.");
            }
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                JsonToken token = p.nextToken();
                if (!"records".equals(name)) {
                    p.skipChildren();
                    continue;
                }
                sawRecords = true;
                if (token != JsonToken.START_ARRAY) {
                    throw new UnreadableRecords(
                            "records", "records must be an array of {accountId, serviceId, date, quantity}.");
                }
                while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
                    int index = count[0]++;
                    if (index >= maxRecords) {
                        throw new UnreadableRecords(
                                "records", "At most " + maxRecords + " records per request; split the import.");
                    }
                    if (token != JsonToken.START_OBJECT) {
                        p.skipChildren();
                        sink.accept(new RawRecord(null, null, null, null, ""), index);
                        continue;
                    }
                    String account = null;
                    String service = null;
                    String date = null;
                    String quantity = null;
                    String wrongType = null;
                    while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                        String field = p.currentName();
                        JsonToken value = p.nextToken();
                        boolean text = value == JsonToken.VALUE_STRING;
                        boolean number = value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT;
                        boolean known = true;
                        switch (field) {
                            case "accountId" ->
                                account = text || value == JsonToken.VALUE_NUMBER_INT ? pool.of(p.getString()) : null;
                            case "serviceId" ->
                                service = text || value == JsonToken.VALUE_NUMBER_INT ? pool.of(p.getString()) : null;
                            case "date" -> date = text ? pool.of(p.getString()) : null;
                            case "quantity" -> quantity = text || number ? pool.of(p.getString()) : null;
                            default -> known = false;
                        }
                        boolean accepted = switch (field) {
                            case "accountId", "serviceId" -> text || value == JsonToken.VALUE_NUMBER_INT;
                            case "date" -> text;
                            case "quantity" -> text || number;
                            default -> true;
                        };
                        if (known && !accepted && value != JsonToken.VALUE_NULL && wrongType == null) {
                            wrongType = field;
                        }
                        p.skipChildren();
                    }
                    sink.accept(new RawRecord(account, service, date, quantity, wrongType), index);
                    continue;
                }
            }
        } catch (JacksonException e) {
            throw new UnreadableRecords(
                    "records",
                    "The request body is not valid JSON: " + e.getOriginalMessage() + " (near record " + count[0]
                            + ")");
        }
        if (!sawRecords) {
            throw new UnreadableRecords(
                    "records", "records is required: {\"records\": [{accountId, serviceId, date, quantity}]}");
        }
    }

    /** Reads a whole CSV into a list, with each record's line number in {@code lineNumbers}. */
    List<RawRecord> readCsv(Reader reader, List<Integer> lineNumbers) {
        List<RawRecord> records = new ArrayList<>();
        readCsv(reader, (record, line) -> {
            records.add(record);
            lineNumbers.add(line);
        });
        return records;
    }

    /** CSV with a header naming the columns accountId, serviceId, date, quantity (any order, any case); row = line number. */
    void readCsv(Reader reader, RecordSink sink) {
        try (BufferedReader in = new BufferedReader(reader)) {
            String header = in.readLine();
            int line = 1;
            while (header != null && header.isBlank()) {
                header = in.readLine();
                line++;
            }
            if (header == null) {
                throw new UnreadableRecords(
                        "file",
                        "The CSV file is empty: the first line must be the header accountId,serviceId,date,quantity.");
            }
            if (header.startsWith("\uFEFF")) {
                header = header.substring(1);
            }
            List<String> columns = Csv.parseLine(header);
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                index.put(columns.get(i).trim().toLowerCase(Locale.ROOT), i);
            }
            for (String required : List.of("accountid", "serviceid", "date", "quantity")) {
                if (!index.containsKey(required)) {
                    throw new UnreadableRecords(
                            "file",
                            "The CSV header must name the columns accountId, serviceId, date and quantity" + " (found: "
                                    + String.join(", ", columns) + ").");
                }
            }
            int records = 0;
            Pool pool = new Pool();
            String text;
            while ((text = in.readLine()) != null) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                if (records++ >= maxRecords) {
                    throw new UnreadableRecords("file", "At most " + maxRecords + " rows per file; split the import.");
                }
                List<String> cells = Csv.parseLine(text);
                sink.accept(
                        new RawRecord(
                                pool.of(cell(cells, index.get("accountid"))),
                                pool.of(cell(cells, index.get("serviceid"))),
                                pool.of(cell(cells, index.get("date"))),
                                pool.of(cell(cells, index.get("quantity")))),
                        line);
            }
        } catch (IOException e) {
            throw new UnreadableRecords("file", "The CSV file could not be read: " + e.getMessage());
        }
    }

    private static String cell(List<String> cells, int i) {
        if (i >= cells.size()) {
            return null;
        }
        String value = cells.get(i).trim();
        return value.isEmpty() ? null : value;
    }

    // ---------------------------------------------------------------- checking and storing

    /** Imports a JSON body, reading, checking and storing at the same time (see {@link Session}). */
    int importJson(UUID tenantId, UUID integrationId, InputStream body, String actor, String source) {
        Session session = new Session(tenantId, integrationId, false, actor, source);
        try {
            readJson(body, session::accept);
        } catch (RuntimeException e) {
            session.abort();
            throw e;
        }
        return session.finish();
    }

    /** Imports a CSV file the same way; problems are reported by line number. */
    int importCsv(UUID tenantId, UUID integrationId, Reader csv, String actor, String source) {
        Session session = new Session(tenantId, integrationId, true, actor, source);
        try {
            readCsv(csv, session::accept);
        } catch (RuntimeException e) {
            session.abort();
            throw e;
        }
        return session.finish();
    }

    /**
     * Checks every record and stores them all, or none. {@code rows} gives the number reported for each record
     * (its CSV line), null for the record's index. Returns the number of records accepted.
     */
    int importRecords(
            UUID tenantId, UUID integrationId, List<RawRecord> raw, List<Integer> rows, String actor, String source) {
        Session session = new Session(tenantId, integrationId, rows != null, actor, source);
        try {
            for (int i = 0; i < raw.size(); i++) {
                session.accept(raw.get(i), rows == null ? i : rows.get(i));
            }
        } catch (RuntimeException e) {
            session.abort();
            throw e;
        }
        return session.finish();
    }

    /**
     * One import. Records are checked as they are read; valid ones are handed in chunks to a writer thread that
     * prepares them in one transaction while the next ones are read (reading JSON and reading rows overlap on two
     * cores) and writes every changed row once, at the end. The first invalid record stops the hand-over; the rest is still read and checked so every problem is
     * reported, and the transaction is rolled back: all or nothing.
     */
    private final class Session {

        private static final int CHUNK = 20_000;

        private final UUID tenantId;
        private final UUID integrationId;
        private final Integrations.Integration integration;
        private final boolean byLine;
        private final String actor;
        private final String source;
        private final Map<String, UUID> accounts = new HashMap<>();
        private final Map<String, UUID> services = new HashMap<>();
        private final Map<String, LocalDate> parsedDates = new HashMap<>();
        private final Map<String, BigDecimal> parsedQuantities = new HashMap<>();
        private final LocalDate today;
        private final LocalDate earliest;
        private final List<RowError> errors = new ArrayList<>();
        private final List<List<UsageRecord>> chunks = new ArrayList<>();
        private List<UsageRecord> chunk = new ArrayList<>(CHUNK);
        private int total;
        private int invalid;
        private int accepted;
        private Writer writer;

        Session(UUID tenantId, UUID integrationId, boolean byLine, String actor, String source) {
            this.tenantId = tenantId;
            this.integrationId = integrationId;
            this.integration = integrations.get(tenantId, integrationId);
            if (!integration.connected()) {
                throw new ConflictException("The integration is disconnected; reconnect it before importing usage.");
            }
            this.byLine = byLine;
            this.actor = actor;
            this.source = source;
            catalog.accounts(tenantId, integrationId).forEach(a -> accounts.put(a.externalId(), a.id()));
            catalog.services(tenantId, integrationId).forEach(s -> services.put(s.externalId(), s.id()));
            this.today = calendar.today(tenantId);
            this.earliest = today.minusYears(10);
        }

        void accept(RawRecord r, int row) {
            int index = total++;
            String at = byLine ? "" : "records[" + index + "].";
            int before = errors.size();
            UUID account = null;
            UUID service = null;
            LocalDate date = null;
            BigDecimal quantity = null;
            boolean bad = false;
            if ("".equals(r.wrongType())) {
                bad = error(
                        row,
                        "records[" + index + "]",
                        "each record must be an object {accountId, serviceId, date, quantity}");
            } else if (r.wrongType() != null) {
                bad = error(
                        row,
                        at + r.wrongType(),
                        r.wrongType()
                                + (r.wrongType().equals("quantity")
                                        ? " must be a number >= 0"
                                        : r.wrongType().equals("date")
                                                ? " must be a string YYYY-MM-DD"
                                                : " must be a string"));
            } else {
                if (r.accountId() == null || r.accountId().isBlank()) {
                    bad = error(row, at + "accountId", "accountId is required");
                } else if ((account = accounts.get(r.accountId())) == null) {
                    bad = error(
                            row,
                            at + "accountId",
                            "unknown account '" + r.accountId()
                                    + "': the vendor must create it first (POST /api/vendor-api/organization/accounts)");
                }
                if (r.serviceId() == null || r.serviceId().isBlank()) {
                    bad = error(row, at + "serviceId", "serviceId is required");
                } else if ((service = services.get(r.serviceId())) == null) {
                    bad = error(
                            row,
                            at + "serviceId",
                            "unknown service '" + r.serviceId()
                                    + "': use the service's _id as listed under the integration's services");
                }
                if (r.date() == null || r.date().isBlank()) {
                    bad = error(row, at + "date", "date is required (YYYY-MM-DD)");
                } else {
                    date = parsedDates.get(r.date());
                    if (date == null) {
                        try {
                            date = LocalDate.parse(r.date());
                            if (parsedDates.size() < 100_000) {
                                parsedDates.put(r.date(), date);
                            }
                        } catch (DateTimeParseException e) {
                            bad = error(row, at + "date", "date must be YYYY-MM-DD (got '" + r.date() + "')");
                        }
                    }
                    if (date != null && date.isAfter(today)) {
                        bad = error(row, at + "date", "date " + date + " is in the future (today is " + today + ")");
                    } else if (date != null && date.isBefore(earliest)) {
                        bad = error(row, at + "date", "date " + date + " is more than 10 years ago");
                    }
                }
                quantity = r.quantity() == null ? null : parsedQuantities.get(r.quantity());
                if (quantity == null) {
                    int errorsBefore = errors.size();
                    quantity = quantity(r.quantity(), row, at + "quantity", errors);
                    bad |= errors.size() > errorsBefore || quantity == null;
                    if (quantity != null && parsedQuantities.size() < 100_000) {
                        parsedQuantities.put(r.quantity(), quantity);
                    }
                }
            }
            if (bad || errors.size() > before) {
                invalid++;
                if (errors.size() > MAX_REPORTED_ERRORS) {
                    errors.subList(MAX_REPORTED_ERRORS, errors.size()).clear();
                }
                return;
            }
            if (invalid > 0) {
                return; // nothing will be stored; keep reading to report every problem
            }
            chunk.add(new UsageRecord(tenantId, integrationId, account, service, date, quantity));
            accepted++;
            if (chunk.size() >= CHUNK) {
                handOver();
            }
        }

        private boolean error(int row, String field, String message) {
            errors.add(new RowError(row, field, message));
            return true;
        }

        private void handOver() {
            if (chunk.isEmpty()) {
                return;
            }
            chunks.add(chunk);
            if (writer == null) {
                writer = new Writer(this::audit);
            }
            writer.put(chunk);
            chunk = new ArrayList<>(CHUNK);
        }

        private void audit(UsageWriter.Applied applied) {
            audit.record(
                    tenantId,
                    actor,
                    "usage.imported",
                    integration.name(),
                    source + ": " + accepted + " record(s), " + applied.changedDays() + " daily count(s) changed in "
                            + applied.changedSeries() + " series");
        }

        void abort() {
            if (writer != null) {
                writer.abort();
            }
        }

        int finish() {
            if (invalid > 0) {
                abort();
                throw new InvalidRecords(total, invalid, List.copyOf(errors));
            }
            if (total == 0) {
                abort();
                throw new UnreadableRecords(byLine ? "file" : "records", "There are no records to import.");
            }
            handOver();
            UsageWriter.Applied applied;
            try {
                writer.finish();
                applied = writer.applied;
            } catch (DataIntegrityViolationException | TransientDataAccessException e) {
                // a concurrent writer created the same series or held a lock: store the same chunks again, in order
                applied = retry();
            }
            store.afterLargeImport(applied);
            return accepted;
        }

        private UsageWriter.Applied retry() {
            for (int attempt = 2; ; attempt++) {
                try {
                    return transactions.execute(status -> {
                        UsageWriter.Batch batch = new UsageWriter.Batch();
                        for (List<UsageRecord> c : chunks) {
                            store.stage(batch, c);
                        }
                        UsageWriter.Applied sum = store.flush(batch);
                        audit(sum);
                        return sum;
                    });
                } catch (DataIntegrityViolationException | TransientDataAccessException e) {
                    if (attempt >= 3) {
                        throw e;
                    }
                }
            }
        }
    }

    /**
     * Stores chunks in one transaction on its own thread, in the order they come: each chunk's series are locked and
     * read while the next chunk is read and checked; the rows are written once all chunks arrived.
     */
    private final class Writer {

        private static final Object END = new Object();
        private static final Object ABORT = new Object();

        private final java.util.concurrent.BlockingQueue<Object> queue =
                new java.util.concurrent.ArrayBlockingQueue<>(2);
        private final java.util.concurrent.CompletableFuture<Void> done =
                new java.util.concurrent.CompletableFuture<>();
        /** What the committed transaction stored (set before {@link #done} completes). */
        private volatile UsageWriter.Applied applied = UsageWriter.Applied.NONE;

        Writer(java.util.function.Consumer<UsageWriter.Applied> audit) {
            Thread thread = new Thread(
                    () -> {
                        try {
                            transactions.executeWithoutResult(status -> {
                                // each chunk's series are locked and read as it comes; all are written once, at the end
                                UsageWriter.Batch batch = new UsageWriter.Batch();
                                while (true) {
                                    Object next = take();
                                    if (next == END) {
                                        UsageWriter.Applied sum = store.flush(batch);
                                        audit.accept(sum);
                                        applied = sum;
                                        return;
                                    }
                                    if (next == ABORT) {
                                        status.setRollbackOnly();
                                        return;
                                    }
                                    @SuppressWarnings("unchecked")
                                    List<UsageRecord> records = (List<UsageRecord>) next;
                                    store.stage(batch, records);
                                }
                            });
                            done.complete(null);
                        } catch (Throwable e) {
                            done.completeExceptionally(e);
                        }
                    },
                    "usage-import-writer");
            thread.setDaemon(true);
            thread.start();
        }

        private Object take() {
            try {
                return queue.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ABORT;
            }
        }

        void put(Object item) {
            try {
                while (!queue.offer(item, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    if (done.isDone()) {
                        finish(); // the writer failed: report why
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        void abort() {
            if (!done.isDone()) {
                put(ABORT);
            }
            try {
                done.get();
            } catch (Exception ignored) {
                // rolled back either way
            }
        }

        void finish() {
            if (!done.isDone()) {
                put(END);
            }
            try {
                done.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    private static BigDecimal quantity(String raw, int row, String field, List<RowError> errors) {
        if (raw == null || raw.isBlank()) {
            errors.add(new RowError(row, field, "quantity is required: a number >= 0"));
            return null;
        }
        String text = raw.trim();
        BigDecimal value;
        try {
            value = new BigDecimal(text);
        } catch (NumberFormatException e) {
            errors.add(new RowError(row, field, "quantity must be a number >= 0 (got '" + text + "')"));
            return null;
        }
        if (value.signum() < 0) {
            errors.add(new RowError(row, field, "quantity must be 0 or more (got " + text + ")"));
            return null;
        }
        if (value.compareTo(MAX_QUANTITY) >= 0) {
            errors.add(new RowError(row, field, "quantity is too large (at most 999999999999999.9999)"));
            return null;
        }
        if (value.scale() > com.trueup.shared.BoundedNumbers.MAX_DECIMAL_PLACES) {
            errors.add(new RowError(
                    row,
                    field,
                    "quantity has too many decimal places (at most "
                            + com.trueup.shared.BoundedNumbers.MAX_DECIMAL_PLACES + ")"));
            return null;
        }
        return value;
    }

    /** Shares equal strings: ids, dates and quantities repeat a lot in large imports. */
    private static final class Pool {

        private final Map<String, String> strings = new HashMap<>();

        String of(String value) {
            if (value == null) {
                return null;
            }
            if (strings.size() > 200_000) {
                return value;
            }
            String shared = strings.putIfAbsent(value, value);
            return shared == null ? value : shared;
        }
    }

    /** Minimal RFC 4180 line parsing: commas, double quotes, doubled quotes inside quotes. */
    static final class Csv {

        private Csv() {}

        static List<String> parseLine(String line) {
            List<String> cells = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"') {
                        if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                            cell.append('"');
                            i++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        cell.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    cells.add(cell.toString());
                    cell.setLength(0);
                } else {
                    cell.append(c);
                }
            }
            cells.add(cell.toString());
            return cells;
        }
    }
}
