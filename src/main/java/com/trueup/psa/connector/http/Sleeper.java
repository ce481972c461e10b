package com.trueup.psa.connector.http;

import java.time.Duration;

/** Waits between attempts; tests replace it to assert the waits without spending them. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    static Sleeper system() {
        return duration -> Thread.sleep(duration.toMillis());
    }
}
