package com.trueup.psa.file;

/**
 * Why a file cannot be imported, naming where: {@code row} is the file's line number (1 = the first line; 0 when the
 * problem is not on one row) and {@code column} the column's header (null when not about one column). The
 * {@code code} names the kind of problem for scripts: missing-column, missing-value, not-a-number, unknown-date,
 * duplicate-line, empty-file, wrong-encoding, bad-csv, too-many-columns.
 */
class ImportError extends RuntimeException {

    private final String code;
    private final int row;
    private final String column;

    ImportError(String code, int row, String column, String message) {
        super(message);
        this.code = code;
        this.row = row;
        this.column = column;
    }

    String code() {
        return code;
    }

    int row() {
        return row;
    }

    String column() {
        return column;
    }

    /** "Row 12, column Qty: ..." — the message with its place, as pages show it. */
    public String describe() {
        StringBuilder place = new StringBuilder();
        if (row > 0) {
            place.append("Row ").append(row);
        }
        if (column != null) {
            place.append(place.isEmpty() ? "Column " : ", column ").append(column);
        }
        return place.isEmpty() ? getMessage() : place + ": " + getMessage();
    }
}
