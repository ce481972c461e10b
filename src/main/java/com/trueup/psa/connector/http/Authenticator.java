package com.trueup.psa.connector.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Authenticates every request of a session, over the whole request: it may add headers, a query parameter or a
 * signature computed from method, path and date. Credentials never reach logs or messages: those describe the request
 * as it was before authentication.
 */
public interface Authenticator {

    /** The request as it is sent. */
    PsaRequest authenticate(PsaRequest request);

    /**
     * Called once after the PSA answered 401: an authenticator holding a token drops it and returns true, so the request
     * is sent once more with a fresh token (a 401 means nothing was done, so this is safe for writes too).
     */
    default boolean renewAfterUnauthorized() {
        return false;
    }

    Authenticator NONE = request -> request;

    /** Fixed headers on every request. */
    static Authenticator headers(Map<String, String> headers) {
        Map<String, String> copy = Map.copyOf(headers);
        return request -> {
            PsaRequest r = request;
            for (Map.Entry<String, String> h : copy.entrySet()) {
                r = r.header(h.getKey(), h.getValue());
            }
            return r;
        };
    }

    /** HTTP Basic with {@code user:password}, plus fixed headers. */
    static Authenticator basic(String user, String password, Map<String, String> moreHeaders) {
        Map<String, String> all = new LinkedHashMap<>(moreHeaders);
        all.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        return headers(all);
    }

    /** A static API token as {@code Authorization: Bearer <token>}. */
    static Authenticator bearer(String token) {
        return headers(Map.of("Authorization", "Bearer " + token));
    }

    /** A key in the query string ({@code ?api_key=...}); the key never appears in logs or messages. */
    static Authenticator queryKey(String parameter, String key) {
        return request -> request.query(parameter, key);
    }
}
