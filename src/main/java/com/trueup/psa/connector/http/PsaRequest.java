package com.trueup.psa.connector.http;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/**
 * One HTTP request to a PSA, before authentication: a JSON body, a form body (url-encoded or multipart) or none.
 * Headers set here come on top of what the {@link Authenticator} adds.
 */
public record PsaRequest(
        String method,
        URI uri,
        JsonNode json,
        Map<String, String> form,
        boolean multipart,
        Map<String, String> headers) {

    public static PsaRequest get(URI uri) {
        return new PsaRequest("GET", uri, null, null, false, Map.of());
    }

    public static PsaRequest post(URI uri, JsonNode json) {
        return new PsaRequest("POST", uri, json, null, false, Map.of());
    }

    public static PsaRequest put(URI uri, JsonNode json) {
        return new PsaRequest("PUT", uri, json, null, false, Map.of());
    }

    public static PsaRequest patch(URI uri, JsonNode json) {
        return new PsaRequest("PATCH", uri, json, null, false, Map.of());
    }

    public static PsaRequest postForm(URI uri, Map<String, String> form) {
        return new PsaRequest("POST", uri, null, Map.copyOf(form), false, Map.of());
    }

    public static PsaRequest postMultipart(URI uri, Map<String, String> form) {
        return new PsaRequest("POST", uri, null, new LinkedHashMap<>(form), true, Map.of());
    }

    public PsaRequest header(String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return new PsaRequest(method, uri, json, form, multipart, Map.copyOf(all));
    }

    /** The same request with one more query parameter (used by authenticators that put a key in the query). */
    public PsaRequest query(String name, String value) {
        String raw = uri.getRawQuery();
        String pair = Urls.encode(name) + "=" + Urls.encode(value);
        String target = uri.toString();
        int hash = target.indexOf('#');
        if (hash >= 0) {
            target = target.substring(0, hash);
        }
        return new PsaRequest(
                method,
                URI.create(target + (raw == null || raw.isEmpty() ? "?" : "&") + pair),
                json,
                form,
                multipart,
                headers);
    }

    public boolean hasBody() {
        return json != null || form != null;
    }

    String formBody() {
        return form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    /** The multipart/form-data body with {@code boundary} (RFC 7578): one text part per field. */
    String multipartBody(String boundary) {
        StringBuilder body = new StringBuilder();
        form.forEach((name, value) -> body.append("--")
                .append(boundary)
                .append("\r\n")
                .append("Content-Disposition: form-data; name=\"")
                .append(name.replace("\"", "%22"))
                .append("\"\r\n\r\n")
                .append(value)
                .append("\r\n"));
        return body.append("--").append(boundary).append("--\r\n").toString();
    }

    static String newBoundary() {
        return "trueup-" + UUID.randomUUID();
    }

    /** What may appear in logs and messages: method and path, never the query (it may carry names or keys) nor headers. */
    public String describe() {
        return method + " " + uri.getPath();
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
