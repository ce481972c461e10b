package com.trueup.psa.connector;

import java.time.Duration;

/**
 * A failed call to a PSA, classified by what the caller may do next: RETRYABLE (429, 5xx, no connection — nothing was
 * written; wait {@link #retryAfter()} when the PSA gave one), PERMANENT (the PSA refused: its message says why; asking
 * again will not help) or UNKNOWN_OUTCOME (no answer after a write was sent: it may have landed, so the line is read
 * before anything is sent again). {@link #status()} is the HTTP status, 0 when none came back or the PSA is not HTTP.
 */
public class ConnectorException extends RuntimeException {

    public enum Kind {
        RETRYABLE,
        PERMANENT,
        UNKNOWN_OUTCOME
    }

    private final Kind kind;
    private final int status;
    private final Duration retryAfter;

    public ConnectorException(Kind kind, int status, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public ConnectorException(Kind kind, String message) {
        this(kind, 0, message, null, null);
    }

    public static ConnectorException permanent(String message) {
        return new ConnectorException(Kind.PERMANENT, message);
    }

    public static ConnectorException retryable(String message, Duration retryAfter) {
        return new ConnectorException(Kind.RETRYABLE, 0, message, retryAfter, null);
    }

    public Kind kind() {
        return kind;
    }

    public int status() {
        return status;
    }

    /** How long the PSA asked to wait (Retry-After, or the time until a request budget refills), or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
