package com.trueup.reconciliation;

import com.trueup.shared.InvalidInputException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Status of a reconciliation line, with the wire values of the API. */
enum LineStatus {
    NEW_REVENUE("new-revenue", "New revenue"),
    RECONCILE("reconcile", "Reconcile"),
    NO_CHANGE("no-change", "No change"),
    UNMAPPED("unmapped", "Unmapped"),
    APPROVED("approved", "Approved"),
    DISMISSED("dismissed", "Dismissed");

    private final String wire;
    private final String label;

    LineStatus(String wire, String label) {
        this.wire = wire;
        this.label = label;
    }

    public String wire() {
        return wire;
    }

    public String label() {
        return label;
    }

    /** New revenue and reconcile lines want a decision. */
    public boolean actionable() {
        return this == NEW_REVENUE || this == RECONCILE;
    }

    static LineStatus fromWire(String value) {
        for (LineStatus s : values()) {
            if (s.wire.equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown status " + value);
    }

    /** Parses a request value; a 400 naming {@code status} otherwise. */
    static LineStatus parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(java.util.Locale.ROOT);
        for (LineStatus s : values()) {
            if (s.wire.equals(v) || s.name().equalsIgnoreCase(v)) {
                return s;
            }
        }
        throw new InvalidInputException(
                "status",
                "unknown status '" + value + "': use one of "
                        + Arrays.stream(values()).map(LineStatus::wire).collect(Collectors.joining(", ")));
    }
}
