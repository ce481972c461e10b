package com.trueup.psa.file;

import com.trueup.psa.connector.FileLayout;
import com.trueup.psa.connector.SnapshotPart;
import com.trueup.shared.InvalidInputException;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * How to read one kind of CSV file: the snapshot part it holds, the line its column headers are on ({@code headerRow},
 * 1 = the first line; the rows before it are skipped), the delimiter, the encoding, the date format, the decimal
 * separator, which header holds each of TrueUp's fields ({@link FileLayout#FIELDS}) and which status values mean "not
 * billed". Saved per organisation ({@code id} set), or a preset ({@code source} names where its layout is documented).
 * With {@code columnsOptional} (TrueUp's own layout) a mapped column may be absent: only the part's required fields
 * must be there.
 */
record ImportProfile(
        UUID id,
        String name,
        SnapshotPart part,
        int headerRow,
        char delimiter,
        FileEncoding encoding,
        String dateFormat,
        char decimalSeparator,
        Map<String, String> columns,
        Set<String> inactiveValues,
        String source,
        boolean columnsOptional) {

    static final List<Character> DELIMITERS = List.of(',', ';', '\t', '|');
    static final List<String> DATE_FORMATS = List.of(
            "yyyy-MM-dd", "dd/MM/yyyy", "MM/dd/yyyy", "dd.MM.yyyy", "d/M/yyyy", "M/d/yyyy", "dd-MM-yyyy", "yyyy/MM/dd");
    private static final Pattern DATE_PATTERN = Pattern.compile("[yMd./ -]{6,20}");

    ImportProfile {
        columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        Set<String> inactive = new LinkedHashSet<>();
        inactiveValues.stream().map(String::strip).filter(v -> !v.isEmpty()).forEach(inactive::add);
        inactiveValues = java.util.Collections.unmodifiableSet(inactive);
    }

    boolean preset() {
        return id == null;
    }

    /** The header mapped to {@code field}, or null. */
    String header(String field) {
        return columns.get(field);
    }

    boolean inactive(String status) {
        if (status == null || status.isBlank()) {
            return false;
        }
        String s = status.strip();
        return inactiveValues.stream().anyMatch(v -> v.equalsIgnoreCase(s));
    }

    /** The profile of a connector's documented export. */
    static ImportProfile of(FileLayout layout) {
        return new ImportProfile(
                null,
                layout.name(),
                layout.part(),
                1,
                layout.delimiter(),
                FileEncoding.UTF_8,
                layout.dateFormat(),
                layout.decimalSeparator(),
                layout.columns(),
                layout.inactiveValues(),
                layout.source(),
                false);
    }

    /** TrueUp's own layout (docs/psa-files.md): one file with every column, headers named as the fields. */
    static ImportProfile trueUpLayout() {
        Map<String, String> columns = new LinkedHashMap<>();
        FileLayout.FIELDS.forEach(f -> columns.put(f, f));
        return new ImportProfile(
                null,
                "TrueUp CSV layout",
                SnapshotPart.LINES,
                1,
                ',',
                FileEncoding.UTF_8,
                "yyyy-MM-dd",
                '.',
                columns,
                Set.of("inactive", "cancelled", "ended"),
                "TrueUp's documented layout (docs/psa-files.md)",
                true);
    }

    /** The fields a file of {@code part} must have; each entry lists alternatives (one of them is enough). */
    static List<List<String>> requiredFields(SnapshotPart part) {
        return switch (part) {
            case LINES ->
                List.of(
                        List.of("company_id", "company_name"),
                        List.of("product_id", "product_name"),
                        List.of("quantity"));
            case COMPANIES -> List.of(List.of("company_id", "company_name"));
            case PRODUCTS -> List.of(List.of("product_id", "product_name"));
            case CONTRACTS -> List.of(List.of("contract_id", "contract_name"), List.of("company_id", "company_name"));
        };
    }

    /** Checks a profile typed by a user; every refusal names the field. */
    ImportProfile checked() {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("name", "The profile needs a name, e.g. \"Tigerpaw agreement export\"");
        }
        if (name.strip().length() > 200) {
            throw new InvalidInputException("name", "The profile's name is longer than 200 characters");
        }
        if (part == null) {
            throw new InvalidInputException(
                    "part", "Choose what the file holds: LINES, COMPANIES, PRODUCTS or CONTRACTS");
        }
        if (headerRow < 1 || headerRow > 100) {
            throw new InvalidInputException("headerRow", "The header row is a line number from 1 to 100");
        }
        if (!DELIMITERS.contains(delimiter)) {
            throw new InvalidInputException("delimiter", "The delimiter is one of , ; | or a tab");
        }
        if (decimalSeparator != '.' && decimalSeparator != ',') {
            throw new InvalidInputException("decimalSeparator", "The decimal separator is . or ,");
        }
        if (decimalSeparator == delimiter) {
            throw new InvalidInputException(
                    "decimalSeparator",
                    "With decimal commas the delimiter cannot be a comma: " + "choose ; as the delimiter");
        }
        formatter(dateFormat);
        if (encoding == null) {
            throw new InvalidInputException("encoding", "Encoding must be UTF-8 or Windows-1252");
        }
        for (var e : columns.entrySet()) {
            if (!FileLayout.FIELDS.contains(e.getKey())) {
                throw new InvalidInputException(
                        "columns." + e.getKey(),
                        "Unknown field " + e.getKey() + "; the fields are " + String.join(", ", FileLayout.FIELDS));
            }
            if (e.getValue() == null
                    || e.getValue().isBlank()
                    || e.getValue().strip().length() > 200) {
                throw new InvalidInputException(
                        "columns." + e.getKey(),
                        "The column header of " + e.getKey() + " is empty or longer than 200 characters");
            }
        }
        for (List<String> alternatives : requiredFields(part)) {
            if (alternatives.stream().noneMatch(columns::containsKey)) {
                throw new InvalidInputException(
                        "columns." + alternatives.get(0),
                        "A file of " + part.name().toLowerCase(Locale.ROOT) + " needs a column for "
                                + String.join(" or ", alternatives));
            }
        }
        if (inactiveValues.stream().mapToInt(String::length).sum() > 900) {
            throw new InvalidInputException("inactiveValues", "The inactive status values are too long");
        }
        Map<String, String> trimmed = new LinkedHashMap<>();
        columns.forEach((k, v) -> trimmed.put(k, v.strip()));
        return new ImportProfile(
                id,
                name.strip(),
                part,
                headerRow,
                delimiter,
                encoding,
                dateFormat,
                decimalSeparator,
                trimmed,
                inactiveValues,
                source,
                columnsOptional);
    }

    /** A strict formatter for a date format made of y, M, d and separators; refused with a message otherwise. */
    static DateTimeFormatter formatter(String dateFormat) {
        if (dateFormat == null
                || !DATE_PATTERN.matcher(dateFormat).matches()
                || dateFormat.indexOf('y') < 0
                || dateFormat.indexOf('M') < 0
                || dateFormat.indexOf('d') < 0) {
            throw new InvalidInputException(
                    "dateFormat",
                    "The date format is made of yyyy, MM and dd with separators, " + "e.g. "
                            + String.join(", ", DATE_FORMATS));
        }
        try {
            return DateTimeFormatter.ofPattern(dateFormat.replace('y', 'u'), Locale.ROOT)
                    .withResolverStyle(java.time.format.ResolverStyle.STRICT);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("dateFormat", "The date format '" + dateFormat + "' is not valid");
        }
    }

    static char delimiter(String value) {
        if (value == null || value.isEmpty()) {
            return ',';
        }
        if (value.equals("\\t") || value.equalsIgnoreCase("tab")) {
            return '\t';
        }
        if (value.length() != 1) {
            throw new InvalidInputException("delimiter", "The delimiter is one of , ; | or a tab");
        }
        return value.charAt(0);
    }

    static char decimalSeparator(String value) {
        if (value == null || value.isEmpty()) {
            return '.';
        }
        if (value.length() != 1) {
            throw new InvalidInputException("decimalSeparator", "The decimal separator is . or ,");
        }
        return value.charAt(0);
    }

    static SnapshotPart part(String value) {
        if (value == null || value.isBlank()) {
            return SnapshotPart.LINES;
        }
        try {
            return SnapshotPart.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(
                    "part", "The part is LINES, COMPANIES, PRODUCTS or CONTRACTS, not '" + value + "'");
        }
    }

    static String delimiterName(char delimiter) {
        return delimiter == '\t' ? "tab" : String.valueOf(delimiter);
    }
}
