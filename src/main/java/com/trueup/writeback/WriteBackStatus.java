package com.trueup.writeback;

import java.util.Locale;

/**
 * Lifecycle of a write-back; {@link #wire()} is the value of the API and the database. Delivered through the PSA's API:
 * queued → writing → written, failed or conflict. Applied by hand (the connector cannot write the change): to_apply →
 * applied (a person says so) → confirmed (a PSA snapshot shows the new quantity); a to_apply one is confirmed directly
 * when a snapshot shows the new quantity before anyone marked it.
 */
enum WriteBackStatus {
    QUEUED("Queued"),
    WRITING("Writing"),
    WRITTEN("Written"),
    FAILED("Failed"),
    CONFLICT("Conflict"),
    TO_APPLY("To apply by hand"),
    APPLIED("Applied by hand"),
    CONFIRMED("Confirmed");

    private final String label;

    WriteBackStatus(String label) {
        this.label = label;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String label() {
        return label;
    }

    /** No delivery job runs for it: delivery is over, or a person applies it in the PSA. */
    boolean isFinal() {
        return this != QUEUED && this != WRITING;
    }

    /** On the change sheet or applied by hand, not yet confirmed by a PSA snapshot. */
    boolean byHandOpen() {
        return this == TO_APPLY || this == APPLIED;
    }

    static WriteBackStatus fromWire(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
