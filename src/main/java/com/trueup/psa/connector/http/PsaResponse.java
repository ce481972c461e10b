package com.trueup.psa.connector.http;

import tools.jackson.databind.JsonNode;

/** A successful (2xx) PSA answer; {@code body} is a missing node when the PSA sent none. */
public record PsaResponse(int status, JsonNode body) {
}
