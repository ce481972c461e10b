package com.trueup.psa.connector.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.http.HttpClient;
import java.time.Clock;

/**
 * What every JSON PSA connector of this process shares: the HTTP client (redirects never followed, so credentials never
 * leave for another host), timeouts and retry bounds, the request gates and the token cache.
 */
public final class HttpKit {

    private final PsaHttpSettings settings;
    private final Sleeper sleeper;
    private final Clock clock;
    private final RateGates gates;
    private final HttpClient client;
    private final Cache<String, TokenAuthenticator.Token> tokens;

    public HttpKit(PsaHttpSettings settings, Sleeper sleeper, Clock clock, RateGates gates) {
        this.settings = settings;
        this.sleeper = sleeper;
        this.clock = clock;
        this.gates = gates;
        this.tokens = Caffeine.newBuilder()
                .maximumSize(settings.tokenCacheSize())
                .expireAfterWrite(settings.tokenCacheExpiry())
                .build();
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public PsaHttpSettings settings() {
        return settings;
    }

    public Clock clock() {
        return clock;
    }

    public RateGates gates() {
        return gates;
    }

    /**
     * A cache of where each login's PSA site lives (a codebase, a zone), with the shared size and expiry: PSAs move
     * sites on their own schedule, so a look-up is only reused for a while.
     */
    public Cache<String, String> newDiscoveryCache() {
        return Caffeine.newBuilder()
                .maximumSize(settings.discoveryCacheSize())
                .expireAfterWrite(settings.discoveryCacheExpiry())
                .build();
    }

    PsaHttp transport(
            String psaName,
            PsaHttp.ErrorReader errors,
            AnswerCheck answers,
            boolean caseInsensitiveKeys,
            PsaHttp.WaitReader waits,
            PsaHttp.WaitReader spent) {
        return new PsaHttp(
                psaName, client, settings, sleeper, clock, errors, answers, caseInsensitiveKeys, waits, spent);
    }

    Cache<String, TokenAuthenticator.Token> tokens() {
        return tokens;
    }
}
