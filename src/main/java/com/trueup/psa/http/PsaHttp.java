package com.trueup.psa.http;

import com.trueup.psa.PsaException.Kind;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * Sends requests to one kind of PSA and classifies every failure (see the package documentation). One instance per
 * connector; thread-safe. {@code errorMessage} extracts the PSA's own message from its JSON error body.
 */
public final class PsaHttp {

    private static final Logger log = LoggerFactory.getLogger(PsaHttp.class);
    private static final int MAX_RAW_MESSAGE = 300;

    private final String psaName;
    private final PsaHttpSettings settings;
    private final Sleeper sleeper;
    private final Clock clock;
    private final Function<JsonNode, String> errorMessage;
    private final HttpClient client;

    public PsaHttp(String psaName, PsaHttpSettings settings, Sleeper sleeper, Clock clock,
                   Function<JsonNode, String> errorMessage) {
        this.psaName = psaName;
        this.settings = settings;
        this.sleeper = sleeper;
        this.clock = clock;
        this.errorMessage = errorMessage;
        this.client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public PsaHttpSettings settings() {
        return settings;
    }

    public String psaName() {
        return psaName;
    }

    /** A session: the requests of one operation on one connection, with its auth and traffic gate. */
    public PsaSession session(CallAuth auth, RequestGate gate) {
        return new PsaSession(this, auth, gate);
    }

    /** Sends once; returns a 2xx answer or throws a classified {@link PsaCallException}. */
    PsaResponse send(PsaRequest request, Map<String, String> authHeaders, boolean write) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri())
                .timeout(write ? settings.writeTimeout() : settings.readTimeout())
                .header("Accept", "application/json");
        authHeaders.forEach(builder::header);
        request.headers().forEach(builder::header);
        if (request.json() != null) {
            builder.header("Content-Type", "application/json");
            builder.method(request.method(), HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(request.json())));
        } else if (request.form() != null) {
            builder.header("Content-Type", "application/x-www-form-urlencoded");
            builder.method(request.method(), HttpRequest.BodyPublishers.ofString(request.formBody()));
        } else {
            builder.method(request.method(), HttpRequest.BodyPublishers.noBody());
        }
        log.debug("{} {}", psaName, request.describe());
        HttpResponse<String> response;
        try {
            response = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw failure(Kind.RETRYABLE, 0, "could not connect in time (" + request.describe() + ")", null, e);
        } catch (HttpTimeoutException e) {
            throw write
                    ? failure(Kind.UNKNOWN_OUTCOME, 0, "no answer in time after the write was sent (" + request.describe()
                    + "); it may have been applied", null, e)
                    : failure(Kind.RETRYABLE, 0, "no answer in time (" + request.describe() + ")", null, e);
        } catch (ConnectException e) {
            throw failure(Kind.RETRYABLE, 0, "could not connect (" + request.describe() + ")", null, e);
        } catch (IOException e) {
            throw write
                    ? failure(Kind.UNKNOWN_OUTCOME, 0, "connection failed after the write was sent (" + request.describe()
                    + "); it may have been applied", null, e)
                    : failure(Kind.RETRYABLE, 0, "connection failed (" + request.describe() + ")", null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(write ? Kind.UNKNOWN_OUTCOME : Kind.RETRYABLE, 0, "interrupted (" + request.describe() + ")", null, e);
        }
        return classify(request, response);
    }

    private PsaResponse classify(PsaRequest request, HttpResponse<String> response) {
        int status = response.statusCode();
        String body = response.body() == null ? "" : response.body();
        if (status >= 200 && status < 300) {
            return new PsaResponse(status, parse(body, request));
        }
        Duration retryAfter = RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), clock);
        String psaMessage = messageOf(body);
        String message = "HTTP " + status + " on " + request.describe() + (psaMessage.isEmpty() ? "" : ": " + psaMessage);
        if (status == 429 || status == 408 || status >= 500) {
            return throwing(failure(Kind.RETRYABLE, status, message, retryAfter, null));
        }
        return throwing(failure(Kind.PERMANENT, status, message, null, null));
    }

    private JsonNode parse(String body, PsaRequest request) {
        if (body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw failure(Kind.PERMANENT, 0, "answered " + request.describe() + " with a body that is not JSON", null, e);
        }
    }

    /** The PSA's own message from an error body, or the start of the raw body; never more than a few hundred chars. */
    private String messageOf(String body) {
        if (body.isBlank()) {
            return "";
        }
        String extracted = null;
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            extracted = node.isString() ? node.stringValue() : errorMessage.apply(node);
        } catch (RuntimeException notJson) {
            // keep the raw text below
        }
        String message = extracted == null || extracted.isBlank() ? body.strip() : extracted.strip();
        return message.length() > MAX_RAW_MESSAGE ? message.substring(0, MAX_RAW_MESSAGE) + "…" : message;
    }

    private static <T> T throwing(PsaCallException e) {
        throw e;
    }

    PsaCallException failure(Kind kind, int status, String message, Duration retryAfter, Throwable cause) {
        return new PsaCallException(kind, status, psaName + ": " + message, retryAfter, cause);
    }

    /**
     * Waits before attempt {@code attempt + 1}: the PSA's Retry-After when it gave one, else exponential backoff.
     * Returns false without waiting when the PSA asks for longer than the configured maximum.
     */
    boolean pause(PsaCallException failure, int attempt) {
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

    PsaCallException asCall(com.trueup.psa.PsaException e) {
        return e instanceof PsaCallException call ? call : new PsaCallException(e.kind(), 0, e.getMessage(), e.retryAfter(), e);
    }
}
