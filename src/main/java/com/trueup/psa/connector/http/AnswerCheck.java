package com.trueup.psa.connector.http;

import com.trueup.psa.connector.ConnectorException;
import tools.jackson.databind.JsonNode;

/**
 * Looks at a 2xx answer before the connector does, for PSAs that report failures in the body of an HTTP 200 (e.g.
 * {@code {"Success": false, "Error": {...}}}): it throws the failure, classified, or returns.
 */
@FunctionalInterface
public interface AnswerCheck {

    AnswerCheck NONE = (body, request, write, failures) -> {};

    void check(JsonNode body, PsaRequest request, boolean write, Failures failures);

    /** Makes failures named and classified like every other failure of the PSA. */
    interface Failures {
        ConnectorException failure(
                ConnectorException.Kind kind,
                int status,
                String message,
                java.time.Duration retryAfter,
                Throwable cause);
    }
}
