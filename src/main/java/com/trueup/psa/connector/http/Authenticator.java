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

    /**
     * {@code text} without the credentials this authenticator puts where a PSA may echo them (a key in the query string
     * can come back in an error page): every failure message passes through here before it leaves the session.
     */
    default String redact(String text) {
        return text;
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
        all.put(
                "Authorization",
                "Basic "
                        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        return headers(all);
    }

    /** A static API token as {@code Authorization: Bearer <token>}. */
    static Authenticator bearer(String token) {
        return headers(Map.of("Authorization", "Bearer " + token));
    }

    /**
     * A key in the query string ({@code ?api_key=...}); the key never appears in logs or messages: requests are described
     * by method and path only, and a failure message that echoes the key (as sent, or URL-encoded) has it replaced by
     * {@code [redacted]}.
     */
    static Authenticator queryKey(String parameter, String key) {
        java.util.List<String> forms = java.util.stream.Stream.of(key, Urls.encode(key), PsaRequest.encode(key))
                .filter(f -> !f.isEmpty())
                .distinct()
                .sorted(java.util.Comparator.comparingInt(String::length).reversed())
                .toList();
        return new Authenticator() {
            @Override
            public PsaRequest authenticate(PsaRequest request) {
                return request.query(parameter, key);
            }

            @Override
            public String redact(String text) {
                if (text == null) {
                    return null;
                }
                String out = text;
                for (String form : forms) {
                    out = out.replace(form, "[redacted]");
                }
                return out;
            }
        };
    }
}
