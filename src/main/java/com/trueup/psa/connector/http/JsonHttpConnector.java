package com.trueup.psa.connector.http;

import com.trueup.psa.connector.ConnectorContext;
import com.trueup.psa.connector.ConnectorDescriptor;
import com.trueup.psa.connector.ConnectorException;
import com.trueup.psa.connector.PsaClient;
import com.trueup.psa.connector.PsaConnector;
import com.trueup.psa.connector.SettingField;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The base of connectors to PSAs that speak JSON over HTTP. A connector declares its descriptor, says how a connection
 * is reached and authenticated ({@link #open(ConnectorContext, Connection)} builds an {@link HttpApi} from the
 * {@link Connection}'s helpers) and maps the PSA's JSON in its {@link PsaClient}; transport, retries, the request gate
 * (made from the descriptor's rate limits), token caching and paging come from here.
 */
public abstract class JsonHttpConnector implements PsaConnector {

    /** The setting every JSON connector takes: the page size of list reads, at most the PSA's maximum. */
    public static SettingField pageSize(int max) {
        return SettingField.integer(
                "pageSize",
                "Page size",
                max,
                1,
                max,
                "Items per page when reading lists (the PSA's maximum is the default).");
    }

    private final ConnectorDescriptor descriptor;
    private final HttpKit kit;
    private final PsaHttp http;

    protected JsonHttpConnector(ConnectorDescriptor descriptor, HttpKit kit) {
        this.descriptor = descriptor;
        this.kit = kit;
        this.http = kit.transport(
                descriptor.label(),
                this::errorMessage,
                answerCheck(),
                caseInsensitiveKeys(),
                this::retryAfter,
                this::budgetSpentFor);
    }

    @Override
    public final ConnectorDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public final PsaClient open(ConnectorContext context) {
        return open(context, new Connection(context));
    }

    /** The client of one operation: build the connection's {@link HttpApi} and wrap it in the PSA's wire mapping. */
    protected abstract PsaClient open(ConnectorContext context, Connection connection);

    /**
     * The PSA's own message in an error body. The default reads the usual fields ({@code message}, {@code error},
     * {@code errors} as text, list or object, {@code title}).
     */
    protected String errorMessage(JsonNode body) {
        for (String field : List.of("message", "Message", "error_description", "error", "title")) {
            JsonNode value = body.get(field);
            if (value != null && value.isString() && !value.stringValue().isBlank()) {
                return value.stringValue();
            }
        }
        return Json.messages(body.get("errors"));
    }

    /**
     * How long the PSA asks to wait after a failed request, read from the answer's headers ({@code header} gives a
     * header's value by name, null when absent); null when it does not say. The default reads HTTP's Retry-After
     * (seconds or an HTTP date); a PSA that tells when its rate-limit window resets in a header of its own overrides this.
     */
    protected Duration retryAfter(java.util.function.Function<String, String> header, java.time.Clock clock) {
        return PsaHttp.WaitReader.RETRY_AFTER.wait(header, clock);
    }

    /**
     * How long the PSA's request budget is used up, read from a successful answer's headers (e.g. none remaining until
     * the window resets); null when the answer does not say so (the default). The session then waits that long before
     * its next request (or hands the operation back to its job when that is longer than the longest wait), instead of
     * earning a 429.
     */
    protected Duration budgetSpentFor(java.util.function.Function<String, String> header, java.time.Clock clock) {
        return null;
    }

    /** Checks 2xx answers before the connector reads them (see {@link AnswerCheck}); none by default. */
    protected AnswerCheck answerCheck() {
        return AnswerCheck.NONE;
    }

    /** True for PSAs whose answers' key casing cannot be relied on: every key is then read in lower case. */
    protected boolean caseInsensitiveKeys() {
        return false;
    }

    /** Hex SHA-256 of a secret, for cache keys that must change when the secret does (never the secret itself). */
    protected static String fingerprint(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builds one operation's access to a connection. */
    protected final class Connection {

        private final ConnectorContext context;

        private Connection(ConnectorContext context) {
            this.context = context;
        }

        /**
         * The API at {@code base}, authenticated by {@code auth}, gated by the descriptor's rate limits counted per
         * {@code budgetKey} (what the PSA counts its limits by, e.g. the API user; never a secret).
         */
        public HttpApi api(String base, Authenticator auth, String budgetKey) {
            RequestGate gate = kit.gates()
                    .gate(
                            descriptor.type(),
                            budgetKey,
                            descriptor.capabilities().rateLimits());
            int pageSize = descriptor.setting("pageSize").isPresent()
                    ? context.settings().integer("pageSize")
                    : 0;
            return new HttpApi(new PsaSession(http, auth, gate), base, context, pageSize);
        }

        /** A session without authentication and gate, for discovery and sign-in requests. */
        public PsaSession anonymous() {
            return new PsaSession(http, Authenticator.NONE, RequestGate.OPEN);
        }

        /** Bearer authentication with a token from {@code source}, cached under {@code cacheKey}. */
        public Authenticator token(String cacheKey, TokenAuthenticator.Source source) {
            return new TokenAuthenticator(
                    kit.tokens(), descriptor.type() + "|" + cacheKey, source, anonymous(), kit.clock());
        }

        /**
         * OAuth2 client credentials: {@code form} (grant_type, and client id and secret unless {@code headers} carry
         * them as Basic auth) is posted to {@code tokenUri}; the answer's {@code access_token} lives
         * {@code expires_in} seconds (an hour when not said).
         */
        public Authenticator clientCredentials(URI tokenUri, Map<String, String> form, Map<String, String> headers) {
            // every part of the request in the key: a changed secret or scope never reuses a token
            String key = tokenUri + "|"
                    + fingerprint(new java.util.TreeMap<>(form) + "|" + new java.util.TreeMap<>(headers));
            return token(key, anonymous -> {
                PsaRequest request = PsaRequest.postForm(tokenUri, form);
                for (Map.Entry<String, String> h : headers.entrySet()) {
                    request = request.header(h.getKey(), h.getValue());
                }
                JsonNode answer = anonymous.read(request).body();
                String token = Json.text(answer, "access_token");
                if (token == null || token.isBlank()) {
                    throw ConnectorException.permanent(
                            descriptor.label() + ": the token endpoint answered without an access_token");
                }
                BigDecimal seconds = Json.decimal(answer, "expires_in");
                return TokenAuthenticator.Token.of(
                        token,
                        kit.clock().instant().plus(Duration.ofSeconds(seconds == null ? 3600 : seconds.longValue())));
            });
        }
    }
}
