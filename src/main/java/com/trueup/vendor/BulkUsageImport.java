package com.trueup.vendor;

import com.trueup.audit.AuditLog;
import com.trueup.shared.ConflictException;
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
import org.springframework.beans.factory.annotation.Value;
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
    private final UsageStore store;
    private final TenantDays days;
    private final TransactionTemplate transactions;
    private final AuditLog audit;
    private final JsonMapper json;
    private final int maxRecords;

    BulkUsageImport(VendorCatalog catalog, Integrations integrations, UsageStore store, TenantDays days,
                    TransactionTemplate transactions, AuditLog audit, JsonMapper json,
                    @Value("${trueup.vendor.bulk.max-records:1000000}") int maxRecords) {
        this.catalog = catalog;
        this.integrations = integrations;
        this.store = store;
        this.days = days;
        this.transactions = transactions;
        this.audit = audit;
        this.json = json;
        this.maxRecords = maxRecords;
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
    record RowError(int row, String field, String message) {
    }

    /** Records were invalid: nothing was stored. */
    static final class InvalidRecords extends RuntimeException {

        final int total;
        final int invalid;
        final List<RowError> errors;

        InvalidRecords(int total, int invalid, List<RowError> errors) {
            super(invalid + " of " + total + " records are invalid; nothing was stored. Fix them and send the request again.");
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

    /** Streams {@code {"records": [{accountId, serviceId, date, quantity}, ...]}} without building a tree. */
    List<RawRecord> readJson(InputStream body) {
        List<RawRecord> records = new ArrayList<>();
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
                    throw new UnreadableRecords("records", "records must be an array of {accountId, serviceId, date, quantity}.");
                }
                while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
                    int index = records.size();
                    if (index >= maxRecords) {
                        throw new UnreadableRecords("records", "At most " + maxRecords + " records per request; split the import.");
                    }
                    if (token != JsonToken.START_OBJECT) {
                        p.skipChildren();
                        records.add(new RawRecord(null, null, null, null, ""));
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
                            case "accountId" -> account = text || value == JsonToken.VALUE_NUMBER_INT ? pool.of(p.getString()) : null;
                            case "serviceId" -> service = text || value == JsonToken.VALUE_NUMBER_INT ? pool.of(p.getString()) : null;
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
                    records.add(new RawRecord(account, service, date, quantity, wrongType));
                    continue;
                }
            }
        } catch (JacksonException e) {
            throw new UnreadableRecords("records", "The request body is not valid JSON: " + e.getOriginalMessage()
                    + " (near record " + records.size() + ")");
        }
        if (!sawRecords) {
            throw new UnreadableRecords("records", "records is required: {\"records\": [{accountId, serviceId, date, quantity}]}");
        }
        return records;
    }

    /** CSV with a header naming the columns accountId, serviceId, date, quantity (any order, any case); row = line number. */
    List<RawRecord> readCsv(Reader reader, List<Integer> lineNumbers) {
        try (BufferedReader in = new BufferedReader(reader)) {
            String header = in.readLine();
            int line = 1;
            while (header != null && header.isBlank()) {
                header = in.readLine();
                line++;
            }
            if (header == null) {
                throw new UnreadableRecords("file", "The CSV file is empty: the first line must be the header accountId,serviceId,date,quantity.");
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
                    throw new UnreadableRecords("file", "The CSV header must name the columns accountId, serviceId, date and quantity"
                            + " (found: " + String.join(", ", columns) + ").");
                }
            }
            List<RawRecord> records = new ArrayList<>();
            Pool pool = new Pool();
            String text;
            while ((text = in.readLine()) != null) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                if (records.size() >= maxRecords) {
                    throw new UnreadableRecords("file", "At most " + maxRecords + " rows per file; split the import.");
                }
                List<String> cells = Csv.parseLine(text);
                records.add(new RawRecord(pool.of(cell(cells, index.get("accountid"))), pool.of(cell(cells, index.get("serviceid"))),
                        pool.of(cell(cells, index.get("date"))), pool.of(cell(cells, index.get("quantity")))));
                lineNumbers.add(line);
            }
            return records;
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

    /**
     * Checks every record and stores them all, or none. {@code rows} gives the number reported for each record
     * (its CSV line), null for the record's index. Returns the number of records accepted.
     */
    int importRecords(UUID tenantId, UUID integrationId, List<RawRecord> raw, List<Integer> rows, String actor, String source) {
        Integrations.Integration integration = integrations.get(tenantId, integrationId);
        if (!integration.connected()) {
            throw new ConflictException("The integration is disconnected; reconnect it before importing usage.");
        }
        if (raw.isEmpty()) {
            throw new UnreadableRecords("records", "There are no records to import.");
        }
        Map<String, UUID> accounts = new HashMap<>();
        catalog.accounts(tenantId, integrationId).forEach(a -> accounts.put(a.externalId(), a.id()));
        Map<String, UUID> services = new HashMap<>();
        catalog.services(tenantId, integrationId).forEach(s -> services.put(s.externalId(), s.id()));
        LocalDate today = days.today(tenantId);
        LocalDate earliest = today.minusYears(10);
        String prefix = rows == null ? "records" : "row";
        List<RowError> errors = new ArrayList<>();
        int invalid = 0;
        List<UsageStore.UsageRecord> records = new ArrayList<>(raw.size());
        Map<String, LocalDate> parsedDates = new HashMap<>();
        Map<String, BigDecimal> parsedQuantities = new HashMap<>();
        for (int i = 0; i < raw.size(); i++) {
            RawRecord r = raw.get(i);
            int row = rows == null ? i : rows.get(i);
            String at = rows == null ? prefix + "[" + i + "]." : "";
            int before = errors.size();
            UUID account = null;
            UUID service = null;
            LocalDate date = null;
            BigDecimal quantity = null;
            if ("".equals(r.wrongType())) {
                errors.add(new RowError(row, prefix + "[" + i + "]", "each record must be an object {accountId, serviceId, date, quantity}"));
            } else if (r.wrongType() != null) {
                errors.add(new RowError(row, at + r.wrongType(), r.wrongType() + (r.wrongType().equals("quantity")
                        ? " must be a number >= 0" : r.wrongType().equals("date") ? " must be a string YYYY-MM-DD" : " must be a string")));
            } else {
                if (r.accountId() == null || r.accountId().isBlank()) {
                    errors.add(new RowError(row, at + "accountId", "accountId is required"));
                } else if ((account = accounts.get(r.accountId())) == null) {
                    errors.add(new RowError(row, at + "accountId", "unknown account '" + r.accountId()
                            + "': the vendor must create it first (POST /api/vendor-api/organization/accounts)"));
                }
                if (r.serviceId() == null || r.serviceId().isBlank()) {
                    errors.add(new RowError(row, at + "serviceId", "serviceId is required"));
                } else if ((service = services.get(r.serviceId())) == null) {
                    errors.add(new RowError(row, at + "serviceId", "unknown service '" + r.serviceId()
                            + "': use the service's _id as listed under the integration's services"));
                }
                if (r.date() == null || r.date().isBlank()) {
                    errors.add(new RowError(row, at + "date", "date is required (YYYY-MM-DD)"));
                } else {
                    try {
                        date = parsedDates.get(r.date());
                        if (date == null) {
                            date = LocalDate.parse(r.date());
                            parsedDates.put(r.date(), date);
                        }
                        if (date.isAfter(today)) {
                            errors.add(new RowError(row, at + "date", "date " + date + " is in the future (today is " + today + ")"));
                        } else if (date.isBefore(earliest)) {
                            errors.add(new RowError(row, at + "date", "date " + date + " is more than 10 years ago"));
                        }
                    } catch (DateTimeParseException e) {
                        errors.add(new RowError(row, at + "date", "date must be YYYY-MM-DD (got '" + r.date() + "')"));
                    }
                }
                quantity = r.quantity() == null ? null : parsedQuantities.get(r.quantity());
                if (quantity == null) {
                    quantity = quantity(r.quantity(), row, at + "quantity", errors);
                    if (quantity != null && parsedQuantities.size() < 100_000) {
                        parsedQuantities.put(r.quantity(), quantity);
                    }
                }
            }
            if (errors.size() > before) {
                invalid++;
                if (errors.size() > MAX_REPORTED_ERRORS) {
                    errors.subList(MAX_REPORTED_ERRORS, errors.size()).clear();
                }
            } else if (invalid == 0) {
                records.add(new UsageStore.UsageRecord(tenantId, integrationId, account, service, date, quantity, true));
            }
        }
        if (invalid > 0) {
            throw new InvalidRecords(raw.size(), invalid, List.copyOf(errors));
        }
        for (int attempt = 1; ; attempt++) {
            try {
                transactions.executeWithoutResult(status -> {
                    UsageStore.Applied applied = store.apply(records);
                    audit.record(tenantId, actor, "usage.imported", integration.name(), source + ": " + records.size()
                            + " record(s), " + applied.changedDays() + " daily count(s) changed in " + applied.changedSeries() + " series");
                });
                return records.size();
            } catch (DataIntegrityViolationException | TransientDataAccessException e) {
                if (attempt >= 3) {
                    throw e;
                }
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

        private Csv() {
        }

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
