package com.trueup.shared;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Cells of the CSV files TrueUp exports (RFC 4180: comma, CRLF, quotes doubled). Text a spreadsheet would run as a
 * formula (a leading {@code =}, {@code +}, {@code -}, {@code @}, tab or carriage return) is defused with a leading
 * apostrophe; numbers are written as plain decimals, which no spreadsheet evaluates.
 */
public final class CsvCells {

    private CsvCells() {}

    /** Text from outside (names, notes, PSA data): defused, never null. */
    public static String text(String s) {
        if (s == null) {
            return "";
        }
        return !s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0 ? "'" + s : s;
    }

    /** A number as a plain decimal (no exponent), empty for null. */
    public static String number(BigDecimal value) {
        return value == null ? "" : value.toPlainString();
    }

    /** Quotes the cell when it holds a comma, a quote or a line break. */
    public static String cell(String value) {
        if (value.indexOf(',') >= 0
                || value.indexOf('"') >= 0
                || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }

    /** One record: the cells (already made with {@link #text} or {@link #number}) quoted as needed, ending in CRLF. */
    public static String row(List<String> cells) {
        return cells.stream().map(CsvCells::cell).collect(Collectors.joining(",")) + "\r\n";
    }
}
