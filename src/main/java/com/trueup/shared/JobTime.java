package com.trueup.shared;

import java.time.Instant;

/**
 * The time the job scheduler runs on. db-scheduler picks due executions by the system clock, not by the application's
 * {@link java.time.Clock} (which tests may set to another date): code that reasons about when a scheduled job can run
 * compares with this.
 */
public final class JobTime {

    private JobTime() {}

    public static Instant now() {
        return Instant.now();
    }
}
