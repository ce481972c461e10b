package com.trueup.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests can set and advance; the application sees it as its only time source. */
public class MutableClock extends Clock {

    private volatile Instant now;
    private volatile Duration offset;

    public MutableClock(Instant start) {
        this.now = start;
    }

    public void set(Instant instant) {
        this.offset = null;
        this.now = instant;
    }

    /**
     * A clock that keeps running from {@code start} (real time shifted), for flows that need a known date and time
     * that moves on (background jobs, "finished after" comparisons). Use a start in the past: jobs scheduled by the
     * application then come due at once.
     */
    public void runFrom(Instant start) {
        this.now = null;
        this.offset = Duration.between(Instant.now(), start);
    }

    public void advance(Duration duration) {
        this.now = now.plus(duration);
    }

    /** Back to the real time; tests that do not care about dates leave it there. */
    public void reset() {
        this.now = null;
        this.offset = null;
    }

    @Override
    public Instant instant() {
        Instant fixed = now;
        if (fixed != null) {
            return fixed;
        }
        Duration shift = offset;
        return shift != null ? Instant.now().plus(shift) : Instant.now();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(instant(), zone);
    }
}
