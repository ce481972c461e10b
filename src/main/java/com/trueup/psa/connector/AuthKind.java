package com.trueup.psa.connector;

/** How a connector authenticates: shown on the connection form and used to pick the contract scenarios that apply. */
public enum AuthKind {
    /** Nothing to authenticate (built into TrueUp). */
    NONE("no credentials"),
    /** Fixed credentials in request headers. */
    HEADERS("credentials in request headers"),
    /** HTTP Basic authentication. */
    BASIC("HTTP Basic authentication"),
    /** A static API token sent as a Bearer token. */
    API_TOKEN("an API token"),
    /** OAuth2 client credentials: a token is fetched, cached until it expires and renewed once after a 401. */
    OAUTH2_CLIENT_CREDENTIALS("OAuth2 client credentials"),
    /** A user's sign-in exchanged for an access token, refreshed before it expires and once after a 401. */
    SIGN_IN_TOKEN("a user's sign-in exchanged for an access token"),
    /** An API key in the query string (never logged nor shown in messages). */
    QUERY_KEY("an API key in the query string"),
    /** Every request signed with an HMAC over method, path and date. */
    HMAC_SIGNED("requests signed with an HMAC");

    private final String description;

    AuthKind(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /** True when the connector holds a token that the PSA can expire (a 401 makes it fetch a new one, once). */
    public boolean renewsTokens() {
        return this == OAUTH2_CLIENT_CREDENTIALS || this == SIGN_IN_TOKEN;
    }
}
