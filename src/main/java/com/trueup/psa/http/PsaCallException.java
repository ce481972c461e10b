package com.trueup.psa.http;

import com.trueup.psa.PsaException;
import java.time.Duration;

/** A classified PSA failure that also knows the HTTP status (0 when no response came back). */
public class PsaCallException extends PsaException {

    private final int status;

    public PsaCallException(Kind kind, int status, String message, Duration retryAfter, Throwable cause) {
        super(kind, message, retryAfter, cause);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
