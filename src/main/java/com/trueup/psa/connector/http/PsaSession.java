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
                if (e.kind() != Kind.RETRYABLE || attempt >= http.settings().maxReadAttempts() || !http.pause(e, attempt)) {
                    throw e;
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
        try {
            return gate.pass(request, () -> http.send(request, auth.authenticate(request), write));
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
