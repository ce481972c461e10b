package com.trueup.psa.http;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/** One HTTP request to a PSA: JSON body, form body or none. Headers added here come on top of the session's auth. */
public record PsaRequest(String method, URI uri, JsonNode json, Map<String, String> form, Map<String, String> headers) {

    public static PsaRequest get(URI uri) {
        return new PsaRequest("GET", uri, null, null, Map.of());
    }

    public static PsaRequest post(URI uri, JsonNode json) {
        return new PsaRequest("POST", uri, json, null, Map.of());
    }

    public static PsaRequest patch(URI uri, JsonNode json) {
        return new PsaRequest("PATCH", uri, json, null, Map.of());
    }

    public static PsaRequest postForm(URI uri, Map<String, String> form) {
        return new PsaRequest("POST", uri, null, form, Map.of());
    }

    public PsaRequest header(String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return new PsaRequest(method, uri, json, form, Map.copyOf(all));
    }

    String formBody() {
        return form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    /** What may appear in logs and messages: method and path, never the query (it may carry names) nor headers. */
    public String describe() {
        return method + " " + uri.getPath();
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
