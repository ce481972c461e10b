package com.trueup.integration;

import com.trueup.support.BrowserSession;
import com.trueup.support.Http;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** A signed-in browser (cookies, CSRF from the page) that can also upload files as multipart/form-data. */
final class VendorBrowser {

    private final String baseUrl;
    private final HttpClient client = HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    VendorBrowser(String baseUrl, String email, String password) {
        this.baseUrl = baseUrl;
        String csrf = BrowserSession.csrfOf(get("/login").body());
        Http.Response login = postForm("/login", Map.of("username", email, "password", password, "_csrf", csrf));
        if (login.status() != 302 || String.valueOf(login.header("Location")).contains("error")) {
            throw new IllegalStateException("login failed: " + login);
        }
    }

    Http.Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    /** Posts a form the way the given page's form would (with that page's CSRF token). */
    Http.Response submit(String pagePath, String actionPath, Map<String, String> fields) {
        Map<String, String> withCsrf = new LinkedHashMap<>(fields);
        withCsrf.put("_csrf", BrowserSession.csrfOf(get(pagePath).body()));
        return postForm(actionPath, withCsrf);
    }

    Http.Response postForm(String path, Map<String, String> fields) {
        String form = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
    }

    /** Uploads {@code content} as the file field {@code file}, with the CSRF token of {@code pagePath}. */
    Http.Response upload(String pagePath, String actionPath, String fileName, String content) {
        String csrf = BrowserSession.csrfOf(get(pagePath).body());
        String boundary = "----trueup" + UUID.randomUUID().toString().replace("-", "");
        String body = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + csrf + "\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: text/csv\r\n\r\n" + content + "\r\n"
                + "--" + boundary + "--\r\n";
        return send(HttpRequest.newBuilder(URI.create(baseUrl + actionPath))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private Http.Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> r = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Http.Response(r.statusCode(), r.body(), r.headers().map());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
