package com.trueup.psa.connector.http;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds request URIs: base (no trailing slash needed) + path + encoded query parameters in the given order. */
public final class Urls {

    private Urls() {}

    public static URI of(String base, String path, Map<String, ?> query) {
        String root = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        String p = path.startsWith("/") ? path : "/" + path;
        String q = query == null || query.isEmpty()
                ? ""
                : "?"
                        + query.entrySet().stream()
                                .filter(e -> e.getValue() != null)
                                .map(e -> encode(e.getKey()) + "=" + encode(String.valueOf(e.getValue())))
                                .collect(Collectors.joining("&"));
        return URI.create(root + p + q);
    }

    public static URI of(String base, String path) {
        return of(base, path, Map.of());
    }

    /** Percent-encodes a query component (spaces as %20, not '+'). */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A path segment from a PSA id: only digits, letters, '-' and '_' pass, so an id cannot change the path. */
    public static String segment(String id) {
        if (id == null || id.isEmpty() || !id.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("not a PSA id: " + id);
        }
        return id;
    }

    /** "host", "host/", "https://host" → "https://host" (http:// is kept, for local stubs). */
    public static String origin(String hostOrUrl) {
        String v = hostOrUrl.strip();
        if (!v.startsWith("http://") && !v.startsWith("https://")) {
            v = "https://" + v;
        }
        return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
    }
}
