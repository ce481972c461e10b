package com.trueup.psa.http;

import com.trueup.psa.PsaException;
import com.trueup.psa.PsaException.Kind;

/** The requests of one operation on one PSA connection: reads retry retryable failures, writes are sent once. */
public final class PsaSession {

    private final PsaHttp http;
    private final CallAuth auth;
    private final RequestGate gate;

    PsaSession(PsaHttp http, CallAuth auth, RequestGate gate) {
        this.http = http;
        this.auth = auth;
        this.gate = gate;
    }

    /** A read: retried on RETRYABLE failures with backoff (bounded, Retry-After honoured). */
    public PsaResponse read(PsaRequest request) {
        int attempt = 0;
        boolean renewed = false;
        while (true) {
            attempt++;
            try {
                return once(request, false);
            } catch (PsaCallException e) {
                if (e.status() == 401 && !renewed && auth.renewAfterUnauthorized()) {
                    renewed = true;
                    attempt--;
                    continue;
                }
                if (e.kind() != Kind.RETRYABLE || attempt >= http.settings().maxReadAttempts() || !http.pause(e, attempt)) {
                    throw e;
                }
            }
        }
    }

    /**
     * A write, sent once (a 401 that made the auth renew its token is sent again: nothing was done). Callers go
     * through {@link WriteGuard}, which re-reads before any further attempt.
     */
    public PsaResponse write(PsaRequest request) {
        try {
            return once(request, true);
        } catch (PsaCallException e) {
            if (e.status() == 401 && auth.renewAfterUnauthorized()) {
                return once(request, true);
            }
            throw e;
        }
    }

    private PsaResponse once(PsaRequest request, boolean write) {
        try {
            return gate.pass(() -> http.send(request, auth.headers(), write));
        } catch (PsaCallException e) {
            throw e;
        } catch (PsaException e) {
            throw http.asCall(e);
        }
    }

    /** Waits before another attempt (see {@link PsaHttp#pause}); false when the PSA asks for too long a wait. */
    public boolean pause(PsaException failure, int attempt) {
        return http.pause(http.asCall(failure), attempt);
    }

    public int maxWriteAttempts() {
        return http.settings().maxWriteAttempts();
    }

    public String psaName() {
        return http.psaName();
    }
}
