package com.trueup.shared;

import java.time.Duration;

/** Exponential backoff with "equal jitter" that honours the remote side's Retry-After (PSA writes, webhooks). */
public final class Backoff {

    /** Longest wait TrueUp accepts from a Retry-After header. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);

    private Backoff() {}

    /**
     * The wait before the next attempt after {@code attempts} attempts (1 or more): {@code base × 2^(attempts−1)},
     * capped at {@code max}, of which the upper half is random ({@code random} in [0, 1)); never less than
     * {@code retryAfter} (capped at a day).
     */
    public static Duration delay(int attempts, Duration retryAfter, Duration base, Duration max, double random) {
        double exponential = Math.min(
                (double) max.toMillis(), base.toMillis() * Math.pow(2, Math.max(0, Math.min(attempts - 1, 40))));
        long jittered = (long) (exponential / 2 + exponential / 2 * random);
        long floor = retryAfter == null ? 0 : Math.min(retryAfter.toMillis(), MAX_RETRY_AFTER.toMillis());
        return Duration.ofMillis(Math.max(jittered, floor));
    }
}
