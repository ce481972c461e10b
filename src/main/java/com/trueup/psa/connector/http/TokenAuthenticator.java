package com.trueup.psa.connector.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.trueup.psa.connector.ConnectorException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * Bearer authentication with a token the PSA issues (OAuth2 client credentials, or a user's sign-in): the token is
 * cached per connection until {@link #MARGIN} before it expires, refreshed with its refresh token when the PSA gave
 * one, and renewed once when the PSA answers 401 (refreshed when it has a refresh token, else fetched anew) so the
 * request is sent again with a new one. The cache key must change
 * when the credentials change (include a hash of the secret), so a replaced secret never uses an old token.
 */
public final class TokenAuthenticator implements Authenticator {

    /** Tokens are renewed this long before they expire, so a request never goes out with a token about to expire. */
    public static final Duration MARGIN = Duration.ofSeconds(60);

    /** A token as the PSA issued it; {@code refreshToken} may be null. */
    public record Token(String accessToken, Instant expiresAt, String refreshToken, Instant refreshExpiresAt) {

        public static Token of(String accessToken, Instant expiresAt) {
            return new Token(accessToken, expiresAt, null, null);
        }

        boolean usable(Instant now) {
            return now.isBefore(expiresAt.minus(MARGIN));
        }

        boolean refreshable(Instant now) {
            return refreshToken != null && (refreshExpiresAt == null || now.isBefore(refreshExpiresAt.minus(MARGIN)));
        }

        @Override
        public String toString() {
            return "Token[expires " + expiresAt + "]";
        }
    }

    /** Fetches a new token, and refreshes one (default: fetches a new one), through a session without authentication. */
    public interface Source {
        Token fetch(PsaSession anonymous);

        default Token refresh(PsaSession anonymous, Token expiring) {
            return fetch(anonymous);
        }
    }

    private final Cache<String, Token> tokens;
    private final String key;
    private final Source source;
    private final PsaSession anonymous;
    private final Clock clock;
    private final Function<String, String> header;

    TokenAuthenticator(Cache<String, Token> tokens, String key, Source source, PsaSession anonymous, Clock clock) {
        this.tokens = tokens;
        this.key = key;
        this.source = source;
        this.anonymous = anonymous;
        this.clock = clock;
        this.header = value -> "Bearer " + value;
    }

    @Override
    public PsaRequest authenticate(PsaRequest request) {
        return request.header("Authorization", header.apply(token().accessToken()));
    }

    /** After a 401 the token is refreshed when it came with a refresh token still good, else fetched anew. */
    @Override
    public boolean renewAfterUnauthorized() {
        Token cached = tokens.getIfPresent(key);
        Instant now = clock.instant();
        if (cached != null && cached.refreshable(now)) {
            tokens.put(
                    key,
                    new Token(
                            cached.accessToken(), now.minus(MARGIN), cached.refreshToken(), cached.refreshExpiresAt()));
        } else {
            tokens.invalidate(key);
        }
        return true;
    }

    private Token token() {
        Instant now = clock.instant();
        Token cached = tokens.getIfPresent(key);
        if (cached != null && cached.usable(now)) {
            return cached;
        }
        Token fresh =
                cached != null && cached.refreshable(now) ? source.refresh(anonymous, cached) : source.fetch(anonymous);
        if (fresh == null || fresh.accessToken() == null || fresh.accessToken().isBlank()) {
            throw ConnectorException.permanent(anonymous.psaName() + ": the PSA issued no access token");
        }
        tokens.put(key, fresh);
        return fresh;
    }
}
