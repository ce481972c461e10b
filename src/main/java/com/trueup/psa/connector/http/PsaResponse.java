package com.trueup.psa.connector.http;

import java.time.Duration;
import tools.jackson.databind.JsonNode;

/**
 * A successful (2xx) PSA answer; {@code body} is a missing node when the PSA sent none. {@code budgetSpentFor}: the PSA
 * said in this answer that its request budget is used up for this long (e.g. {@code X-RateLimit-Remaining: 0} until
 * {@code X-RateLimit-Reset}); null when it did not.
 */
public record PsaResponse(int status, JsonNode body, Duration budgetSpentFor) {

    public PsaResponse(int status, JsonNode body) {
        this(status, body, null);
    }
}
