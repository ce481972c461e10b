package com.trueup.psa;

import com.trueup.psa.connector.ConnectorException;
import java.time.Duration;

/**
 * A failed PSA call (read or write), classified: RETRYABLE (429, 5xx, connection refused — nothing was written; honour
 * {@code retryAfter}), PERMANENT (4xx: the PSA's message says what is wrong; retrying will not help) or
 * UNKNOWN_OUTCOME (timeout after the request was sent: the write may have landed; read the line before any retry).
 */
public class PsaException extends RuntimeException {

    public enum Kind {
        RETRYABLE,
        PERMANENT,
        UNKNOWN_OUTCOME
    }

    private final Kind kind;
    private final Duration retryAfter;

    public PsaException(Kind kind, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    public PsaException(Kind kind, String message) {
        this(kind, message, null, null);
    }

    /** A connector's failure as the rest of TrueUp sees it. */
    static PsaException of(ConnectorException e) {
        Kind kind = switch (e.kind()) {
            case RETRYABLE -> Kind.RETRYABLE;
            case PERMANENT -> Kind.PERMANENT;
            case UNKNOWN_OUTCOME -> Kind.UNKNOWN_OUTCOME;
        };
        return new PsaException(kind, e.getMessage(), e.retryAfter(), e);
    }

    public Kind kind() {
        return kind;
    }

    /** How long the PSA asked us to wait (Retry-After), or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
