package com.trueup.writeback;

import java.util.Locale;

/** Lifecycle of a write-back; {@link #wire()} is the value of the API and the database. */
enum WriteBackStatus {
    QUEUED, WRITING, WRITTEN, FAILED, CONFLICT;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Delivery is over: nothing runs until someone acts (retry, re-approval). */
    boolean isFinal() {
        return this == WRITTEN || this == FAILED || this == CONFLICT;
    }

    static WriteBackStatus fromWire(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
