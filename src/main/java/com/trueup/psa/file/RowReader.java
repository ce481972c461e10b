package com.trueup.psa.file;

import com.trueup.shared.Quantities;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a file with a profile, row by row: finds the header row, checks that every mapped column is there, then turns
 * each following record into an {@link ImportedRow} or stops at the first problem, naming its row and column. Blank
 * rows are skipped. Numbers take the profile's decimal separator and optional thousands separators (1,234.50 or
 * 1.234,50); quantities are not negative.
 */
final class RowReader implements Closeable {

    private final ImportProfile profile;
    private final CsvRecords records;
    private final DateTimeFormatter dates;
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, String> headerOf = new HashMap<>();
    /** Column index per field (by position in {@link com.trueup.psa.connector.FileLayout#FIELDS}); -1 when unmapped. */
    private final int[] at = new int[com.trueup.psa.connector.FileLayout.FIELDS.size()];

    private List<String> headers = List.of();
    private final Map<String, Integer> keys = new HashMap<>();
    private int rowsRead;
    private final List<List<String>> required;

    RowReader(ImportProfile profile, InputStream in) throws IOException {
        this.profile = profile;
        this.records = CsvRecords.open(in, profile.encoding(), profile.delimiter());
        this.dates = ImportProfile.formatter(profile.dateFormat());
        this.required = ImportProfile.requiredFields(profile.part());
    }

    /** Reads up to the header row and checks the mapped columns; returns the file's headers. */
    List<String> header() {
        List<String> record = null;
        boolean any = false;
        for (int row = 1; row <= profile.headerRow(); row++) {
            record = records.next();
            if (record == null) {
                break;
            }
            any |= !blank(record);
        }
        if (record == null || !any) {
            throw new ImportError(
                    "empty-file",
                    0,
                    null,
                    any
                            ? "the file ends before its header row " + profile.headerRow()
                            : "the file is empty: it has no header row and no rows");
        }
        int headerRow = records.row();
        headers = record.stream().map(RowReader::headerText).toList();
        records.headers(headers);
        for (int i = 0; i < headers.size(); i++) {
            index.putIfAbsent(headers.get(i).toLowerCase(Locale.ROOT), i);
        }
        for (var mapped : profile.columns().entrySet()) {
            Integer at = index.get(mapped.getValue().strip().toLowerCase(Locale.ROOT));
            if (at == null && profile.columnsOptional()) {
                continue;
            }
            if (at == null) {
                throw new ImportError(
                        "missing-column",
                        headerRow,
                        mapped.getValue(),
                        "the file has no column \""
                                + mapped.getValue() + "\" (mapped to " + mapped.getKey() + "); its columns are: "
                                + String.join(
                                        ", ",
                                        headers.stream()
                                                .map(h -> "\"" + h + "\"")
                                                .toList()));
            }
            headerOf.put(mapped.getKey(), mapped.getValue());
        }
        java.util.Arrays.fill(at, -1);
        headerOf.forEach((field, header) -> at[com.trueup.psa.connector.FileLayout.FIELDS.indexOf(field)] =
                index.get(header.strip().toLowerCase(Locale.ROOT)));
        for (List<String> alternatives : ImportProfile.requiredFields(profile.part())) {
            if (alternatives.stream().noneMatch(headerOf::containsKey)) {
                String wanted =
                        alternatives.stream()
                                .map(f -> "\"" + profile.columns().getOrDefault(f, f) + "\"")
                                .toList()
                                .stream()
                                .reduce((a, b) -> a + " or " + b)
                                .orElse("");
                throw new ImportError(
                        "missing-column",
                        headerRow,
                        profile.columns().getOrDefault(alternatives.get(0), alternatives.get(0)),
                        "the file has no column " + wanted + "; its columns are: "
                                + String.join(
                                        ", ",
                                        headers.stream()
                                                .map(h -> "\"" + h + "\"")
                                                .toList()));
            }
        }
        return headers;
    }

    /** The next row, or null at the end of the file. */
    ImportedRow next() {
        List<String> record;
        do {
            record = records.next();
            if (record == null) {
                if (rowsRead == 0) {
                    throw new ImportError("empty-file", 0, null, "the file has a header row but no rows");
                }
                return null;
            }
        } while (blank(record));
        int row = records.row();
        String companyId = text(record, "company_id");
        String companyName = text(record, "company_name");
        String contractId = text(record, "contract_id");
        String contractName = text(record, "contract_name");
        String productId = text(record, "product_id");
        String productName = text(record, "product_name");
        String lineId = text(record, "line_id");
        for (List<String> alternatives : required) {
            boolean present = false;
            for (String f : alternatives) {
                present |= text(record, f) != null;
            }
            if (!present) {
                String field = alternatives.stream()
                        .filter(headerOf::containsKey)
                        .findFirst()
                        .orElse(alternatives.get(0));
                throw new ImportError(
                        "missing-value", row, headerOf.get(field), "the " + field.replace('_', ' ') + " is empty");
            }
        }
        BigDecimal quantity = number(record, row, "quantity");
        if (quantity != null && quantity.signum() < 0) {
            throw new ImportError(
                    "not-a-number",
                    row,
                    headerOf.get("quantity"),
                    "the quantity " + quantity.toPlainString() + " is negative");
        }
        BigDecimal unitPrice = number(record, row, "unit_price");
        BigDecimal unitCost = number(record, row, "unit_cost");
        LocalDate start = date(record, row, "start_date");
        LocalDate end = date(record, row, "end_date");
        String status = text(record, "status");
        String key = ImportedRow.key(
                profile.part(), companyId, companyName, contractId, contractName, productId, productName, lineId);
        Integer earlier = keys.putIfAbsent(key, row);
        if (earlier != null) {
            throw new ImportError(
                    "duplicate-line",
                    row,
                    keyColumn(),
                    "the same " + what() + " as row " + earlier
                            + " (" + key + "); each " + what() + " may appear once"
                            + (profile.part() == com.trueup.psa.connector.SnapshotPart.LINES
                                            && !headerOf.containsKey("line_id")
                                    ? ". Map a line id column if a contract has the same product twice"
                                    : ""));
        }
        rowsRead++;
        return new ImportedRow(
                profile.part(),
                key,
                row,
                companyId,
                companyName,
                contractId,
                contractName,
                productId,
                productName,
                lineId,
                quantity,
                unitPrice,
                unitCost,
                start,
                end,
                status,
                profile.inactive(status));
    }

    int rowsRead() {
        return rowsRead;
    }

    private String what() {
        return switch (profile.part()) {
            case LINES -> "line";
            case COMPANIES -> "company";
            case PRODUCTS -> "product";
            case CONTRACTS -> "contract";
        };
    }

    private String keyColumn() {
        List<String> candidates = switch (profile.part()) {
            case LINES -> List.of("line_id", "product_id", "product_name");
            case COMPANIES -> List.of("company_id", "company_name");
            case PRODUCTS -> List.of("product_id", "product_name");
            case CONTRACTS -> List.of("contract_id", "contract_name");
        };
        return candidates.stream()
                .filter(headerOf::containsKey)
                .findFirst()
                .map(headerOf::get)
                .orElse(null);
    }

    private String text(List<String> record, String field) {
        int column = at[com.trueup.psa.connector.FileLayout.FIELDS.indexOf(field)];
        if (column < 0 || column >= record.size()) {
            return null;
        }
        String value = record.get(column);
        if (value.isEmpty()) {
            return null;
        }
        value = value.strip();
        if (value.isEmpty()) {
            return null;
        }
        return value.length() > 300 ? value.substring(0, 300) : value;
    }

    private BigDecimal number(List<String> record, int row, String field) {
        String value = text(record, field);
        if (value == null) {
            return null;
        }
        BigDecimal parsed = parseNumber(value, profile.decimalSeparator());
        if (parsed == null) {
            throw new ImportError(
                    "not-a-number",
                    row,
                    headerOf.get(field),
                    "\"" + value + "\" is not a number" + " (the profile's decimal separator is "
                            + profile.decimalSeparator() + ")");
        }
        if (parsed.abs().compareTo(MAX) >= 0) {
            throw new ImportError("not-a-number", row, headerOf.get(field), "\"" + value + "\" is too large");
        }
        return Quantities.normalize(parsed);
    }

    /**
     * A number with {@code decimal} as its decimal separator and, in its whole part, optional thousands separators
     * (the other of . and , — or a space) between groups of three digits; null when it is not one.
     */
    static BigDecimal parseNumber(String value, char decimal) {
        int n = value.length();
        char[] out = new char[n];
        int o = 0;
        int i = 0;
        if (i < n && (value.charAt(i) == '-' || value.charAt(i) == '+')) {
            out[o++] = value.charAt(i++);
        }
        int digits = 0;
        int group = -1; // digits since the last thousands separator, -1 before any
        char separator = 0;
        for (; i < n; i++) {
            char c = value.charAt(i);
            if (c >= '0' && c <= '9') {
                out[o++] = c;
                digits++;
                if (group >= 0) {
                    group++;
                }
            } else if (c == decimal) {
                break;
            } else if (c == ' ' || c == '\u00a0' || c == (decimal == '.' ? ',' : '.')) {
                if (digits == 0
                        || (group >= 0 && group != 3)
                        || (group < 0 && digits > 3)
                        || (separator != 0 && separator != c)) {
                    return null;
                }
                separator = c;
                group = 0;
            } else {
                return null;
            }
        }
        if (group >= 0 && group != 3) {
            return null;
        }
        int fraction = 0;
        if (i < n) {
            out[o++] = '.';
            for (i++; i < n; i++) {
                char c = value.charAt(i);
                if (c < '0' || c > '9') {
                    return null;
                }
                out[o++] = c;
                fraction++;
            }
            if (fraction == 0 && digits == 0) {
                return null;
            }
        }
        if (digits == 0 && fraction == 0) {
            return null;
        }
        return new BigDecimal(out, 0, o);
    }

    private static final BigDecimal MAX = new BigDecimal("1000000000000000");

    private LocalDate date(List<String> record, int row, String field) {
        String value = text(record, field);
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value, dates);
        } catch (DateTimeParseException e) {
            throw new ImportError(
                    "unknown-date",
                    row,
                    headerOf.get(field),
                    "\"" + value + "\" is not a date in the format " + profile.dateFormat());
        }
    }

    private static boolean blank(List<String> record) {
        for (String value : record) {
            if (!value.isBlank()) {
                return false;
            }
        }
        return true;
    }

    private static String headerText(String raw) {
        String h = raw.strip();
        return h.startsWith("\ufeff") ? h.substring(1).strip() : h;
    }

    /** The header row's columns as read (for the mapping page). */
    List<String> headers() {
        return new ArrayList<>(headers);
    }

    @Override
    public void close() throws IOException {
        records.close();
    }
}
