package com.trueup.psa.connector.http;

import com.trueup.psa.connector.ConnectorException;
import com.trueup.psa.connector.ConnectorException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends requests to one PSA and classifies every failure (see the package documentation). {@code errors} pulls the
 * PSA's own message out of an error body; {@code answers} may turn a 2xx answer into a failure (PSAs that answer
 * {@code Success: false} with 200); with {@code caseInsensitiveKeys} every object key of an answer is lower-cased, for
 * PSAs whose documented and real key casing differ. Thread-safe.
 */
final class PsaHttp implements AnswerCheck.Failures {

    private static final Logger log = LoggerFactory.getLogger(PsaHttp.class);
    private static final int MAX_RAW_MESSAGE = 300;

    /** Reads the PSA's own message from a JSON error body; null when it has none. */
    @FunctionalInterface
    interface ErrorReader {
        String message(JsonNode body);
    }

    /** How long a PSA asks to wait after a failure, from the answer's headers (by name); null when it does not say. */
    @FunctionalInterface
    public interface WaitReader {
        Duration wait(java.util.function.Function<String, String> header, Clock clock);

        /** HTTP's Retry-After: seconds or an HTTP date. */
        WaitReader RETRY_AFTER = (header, clock) -> RetryAfter.parse(header.apply("Retry-After"), clock);

        /** No PSA budget announced in successful answers. */
        WaitReader NONE = (header, clock) -> null;
    }

    private final String psaName;
    private final HttpClient client;
    private final PsaHttpSettings settings;
    private final Sleeper sleeper;
    private final Clock clock;
    private final ErrorReader errors;
    private final AnswerCheck answers;
    private final boolean caseInsensitiveKeys;
    private final WaitReader waits;
    private final WaitReader spent;

    PsaHttp(
            String psaName,
            HttpClient client,
            PsaHttpSettings settings,
            Sleeper sleeper,
            Clock clock,
            ErrorReader errors,
            AnswerCheck answers,
            boolean caseInsensitiveKeys,
            WaitReader waits,
            WaitReader spent) {
        this.psaName = psaName;
        this.client = client;
        this.settings = settings;
        this.sleeper = sleeper;
        this.clock = clock;
        this.errors = errors;
        this.answers = answers;
        this.caseInsensitiveKeys = caseInsensitiveKeys;
        this.waits = waits;
        this.spent = spent;
    }

    String psaName() {
        return psaName;
    }

    PsaHttpSettings settings() {
        return settings;
    }

    Clock clock() {
        return clock;
    }

    /**
     * Sends {@code sent} (the authenticated form of {@code request}) once; returns a 2xx answer or throws a classified
     * {@link ConnectorException}. Logs and messages describe {@code request}, never {@code sent}.
     */
    PsaResponse send(PsaRequest request, PsaRequest sent, boolean write) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(sent.uri())
                .timeout(write ? settings.writeTimeout() : settings.readTimeout())
                .header("Accept", "application/json");
        sent.headers().forEach(builder::header);
        if (sent.json() != null) {
            builder.header("Content-Type", "application/json");
            builder.method(
                    sent.method(), HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(sent.json())));
        } else if (sent.form() != null && sent.multipart()) {
            String boundary = PsaRequest.newBoundary();
            builder.header("Content-Type", "multipart/form-data; boundary=" + boundary);
            builder.method(sent.method(), HttpRequest.BodyPublishers.ofString(sent.multipartBody(boundary)));
        } else if (sent.form() != null) {
            builder.header("Content-Type", "application/x-www-form-urlencoded");
            builder.method(sent.method(), HttpRequest.BodyPublishers.ofString(sent.formBody()));
        } else {
            builder.method(sent.method(), HttpRequest.BodyPublishers.noBody());
        }
        log.debug("{} {}", psaName, request.describe());
        HttpResponse<String> response;
        try {
            response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw failure(Kind.RETRYABLE, 0, "could not connect in time (" + request.describe() + ")", null, e);
        } catch (HttpTimeoutException e) {
            throw write
                    ? failure(
                            Kind.UNKNOWN_OUTCOME,
                            0,
                            "no answer in time after the write was sent (" + request.describe()
                                    + "); it may have been applied",
                            null,
                            e)
                    : failure(Kind.RETRYABLE, 0, "no answer in time (" + request.describe() + ")", null, e);
        } catch (ConnectException e) {
            throw failure(Kind.RETRYABLE, 0, "could not connect (" + request.describe() + ")", null, e);
        } catch (IOException e) {
            throw write
                    ? failure(
                            Kind.UNKNOWN_OUTCOME,
                            0,
                            "connection failed after the write was sent (" + request.describe()
                                    + "); it may have been applied",
                            null,
                            e)
                    : failure(Kind.RETRYABLE, 0, "connection failed (" + request.describe() + ")", null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(
                    write ? Kind.UNKNOWN_OUTCOME : Kind.RETRYABLE,
                    0,
                    "interrupted (" + request.describe() + ")",
                    null,
                    e);
        }
        return classify(request, response, write);
    }

    private PsaResponse classify(PsaRequest request, HttpResponse<String> response, boolean write) {
        int status = response.statusCode();
        String body = response.body() == null ? "" : response.body();
        if (status >= 200 && status < 300) {
            JsonNode json = parse(body, request, write);
            answers.check(json, request, write, this);
            Duration budgetSpent =
                    spent.wait(name -> response.headers().firstValue(name).orElse(null), clock);
            return new PsaResponse(
                    status,
                    json,
                    budgetSpent == null || budgetSpent.isZero() || budgetSpent.isNegative() ? null : budgetSpent);
        }
        Duration retryAfter =
                waits.wait(name -> response.headers().firstValue(name).orElse(null), clock);
        String psaMessage = messageOf(body);
        String message =
                "HTTP " + status + " on " + request.describe() + (psaMessage.isEmpty() ? "" : ": " + psaMessage);
        if (status == 429 || status == 408 || status >= 500) {
            throw failure(Kind.RETRYABLE, status, message, retryAfter, null);
        }
        throw failure(Kind.PERMANENT, status, message, null, null);
    }

    private JsonNode parse(String body, PsaRequest request, boolean write) {
        if (body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode json = Json.MAPPER.readTree(body);
            return caseInsensitiveKeys ? lowerCaseKeys(json) : json;
        } catch (JacksonException e) {
            // a write the PSA answered with something unreadable may still have landed
            throw failure(
                    write ? Kind.UNKNOWN_OUTCOME : Kind.PERMANENT,
                    0,
                    "answered " + request.describe() + " with a body that is not JSON",
                    null,
                    e);
        }
    }

    /** The PSA's own message from an error body, or the start of the raw body; never more than a few hundred chars. */
    String messageOf(String body) {
        if (body.isBlank()) {
            return "";
        }
        String extracted = null;
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            if (caseInsensitiveKeys) {
                node = lowerCaseKeys(node);
            }
            extracted = node.isString() ? node.stringValue() : errors.message(node);
        } catch (RuntimeException notJson) {
            // keep the raw text below
        }
        String message = extracted == null || extracted.isBlank() ? body.strip() : extracted.strip();
        return message.length() > MAX_RAW_MESSAGE ? message.substring(0, MAX_RAW_MESSAGE) + "…" : message;
    }

    static JsonNode lowerCaseKeys(JsonNode node) {
        if (node.isObject()) {
            Map<String, JsonNode> fields = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                fields.put(e.getKey().toLowerCase(Locale.ROOT), lowerCaseKeys(e.getValue()));
            }
            ObjectNode copy = Json.object();
            fields.forEach(copy::set);
            return copy;
        }
        if (node.isArray()) {
            var copy = Json.array();
            node.forEach(element -> copy.add(lowerCaseKeys(element)));
            return copy;
        }
        return node;
    }

    @Override
    public ConnectorException failure(Kind kind, int status, String message, Duration retryAfter, Throwable cause) {
        return new ConnectorException(kind, status, psaName + ": " + message, retryAfter, cause);
    }

    /**
     * Waits before attempt {@code attempt + 1}: the PSA's Retry-After when it gave one, else exponential backoff.
     * Returns false without waiting when the PSA asks for longer than the configured maximum.
     */
    boolean pause(ConnectorException failure, int attempt) {
        Duration wait = failure.retryAfter();
        if (wait != null && wait.compareTo(settings.maxRetryAfter()) > 0) {
            return false;
        }
        if (wait == null) {
            long factor = 1L << Math.min(attempt - 1, 20);
            wait = settings.initialBackoff().multipliedBy(factor);
            if (wait.compareTo(settings.maxBackoff()) > 0) {
                wait = settings.maxBackoff();
            }
        }
        try {
            sleeper.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
