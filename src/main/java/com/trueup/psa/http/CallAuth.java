package com.trueup.psa.http;

import java.util.Map;

/** How a session authenticates each request. */
public interface CallAuth {

    /** Headers added to every request of the session (credentials: never logged). */
    Map<String, String> headers();

    /**
     * Called once after the PSA answered 401: a token-based auth drops its cached token and returns true, so the
     * request is sent again with a fresh one (a 401 means nothing was done, so this is safe for writes too).
     */
    default boolean renewAfterUnauthorized() {
        return false;
    }

    static CallAuth of(Map<String, String> headers) {
        return () -> headers;
    }
}
