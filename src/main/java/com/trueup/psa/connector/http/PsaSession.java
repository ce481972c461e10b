package com.trueup.psa.connector.http;

import com.trueup.psa.connector.ConnectorException;
import com.trueup.psa.connector.ConnectorException.Kind;

/**
 * The requests of one operation on one PSA connection: every request passes the gate and the authenticator; reads are
 * retried on retryable failures (bounded, Retry-After honoured); writes are sent once — only a 401 that made the
 * authenticator renew its token sends a write again, since a 401 means nothing was done.
 */
public final class PsaSession {

    private final PsaHttp http;
    private final Authenticator auth;
    private final RequestGate gate;
    /** Set when the PSA said in an answer that its budget is spent: no request goes out before then. */
    private volatile java.time.Instant heldUntil;

    private volatile ConnectorException holding;

    PsaSession(PsaHttp http, Authenticator auth, RequestGate gate) {
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
            } catch (ConnectorException e) {
                if (e.status() == 401 && !renewed && auth.renewAfterUnauthorized()) {
                    renewed = true;
                    attempt--;
                    continue;
                }
                if (e.kind() != Kind.RETRYABLE
                        || attempt >= http.settings().maxReadAttempts()
                        || !http.pause(e, attempt)) {
                    throw e;
                }
                if (e == holding) {
                    heldUntil = null; // the wait the PSA asked for was spent
                    holding = null;
                }
            }
        }
    }

    /** A write, sent once (see the class documentation). */
    public PsaResponse write(PsaRequest request) {
        try {
            return once(request, true);
        } catch (ConnectorException e) {
            if (e.status() == 401 && auth.renewAfterUnauthorized()) {
                return once(request, true);
            }
            throw e;
        }
    }

    private PsaResponse once(PsaRequest request, boolean write) {
        java.time.Instant held = heldUntil;
        if (held != null) {
            java.time.Duration wait = java.time.Duration.between(http.clock().instant(), held);
            if (!wait.isNegative() && !wait.isZero()) {
                // nothing sent: the PSA said its budget is spent until then
                ConnectorException hold = http.failure(
                        Kind.RETRYABLE,
                        0,
                        "the PSA's request budget is used up; the next " + "request is possible in "
                                + Math.max(1, wait.toSeconds()) + " s (" + request.describe() + ")",
                        wait,
                        null);
                holding = hold;
                throw hold;
            }
            heldUntil = null;
        }
        try {
            PsaResponse response = gate.pass(request, () -> http.send(request, auth.authenticate(request), write));
            if (response.budgetSpentFor() != null) {
                heldUntil = http.clock().instant().plus(response.budgetSpentFor());
            }
            return response;
        } catch (ConnectorException e) {
            throw redacted(e);
        }
    }

    /** The failure without any credential the PSA echoed (its cause, which may hold it too, is dropped then). */
    private ConnectorException redacted(ConnectorException e) {
        String message = e.getMessage();
        String clean = auth.redact(message);
        if (message == null || message.equals(clean)) {
            return e;
        }
        return new ConnectorException(e.kind(), e.status(), clean, e.retryAfter(), null);
    }

    public String psaName() {
        return http.psaName();
    }
}
