package com.trueup.shared;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one shape of an API error: RFC 9457 {@code application/problem+json} with {@code type}, {@code title},
 * {@code status} and a {@code detail} a person can act on, plus the offending {@code field} (and {@code errors}) for
 * bad input. On the Vendor API the detail is repeated as {@code message}, for Gradient clients that print that.
 * {@link ApiExceptionHandler} builds these for exceptions; this class also writes them where no controller runs
 * (filters, the error page, the servlet container).
 */
public final class Problems {

    /** The MSP API and the Vendor API: every error under this prefix is problem+json, never an HTML page. */
    public static final String API_PREFIX = "/api/";

    public static final String VENDOR_API_PREFIX = "/api/vendor-api";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problems() {}

    /** A problem with a detail and, when not null, the field at fault. */
    public static ProblemDetail of(HttpStatusCode status, String detail, String field) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        if (problem.getTitle() == null) {
            HttpStatus known = HttpStatus.resolve(status.value());
            problem.setTitle(known == null ? "Error " + status.value() : known.getReasonPhrase());
        }
        if (field != null) {
            problem.setProperty("field", field);
            problem.setProperty("errors", List.of(Map.of("field", field, "message", detail)));
        }
        return problem;
    }

    /** The path the client asked for (also during the container's error dispatch), without the context path. */
    public static String requestPath(HttpServletRequest request) {
        Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String uri = original instanceof String s ? s : request.getRequestURI();
        if (uri == null) {
            return "";
        }
        String context = request.getContextPath();
        return context != null && !context.isEmpty() && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }

    public static boolean isApi(String path) {
        return path.startsWith(API_PREFIX);
    }

    public static boolean isVendorApi(String path) {
        return path.equals(VENDOR_API_PREFIX) || path.startsWith(VENDOR_API_PREFIX + "/");
    }

    /** Adds what the API of {@code path} documents beyond RFC 9457 (the Vendor API's {@code message}). */
    public static ProblemDetail forPath(String path, ProblemDetail problem) {
        if (isVendorApi(path) && problem.getDetail() != null) {
            problem.setProperty("message", problem.getDetail());
        }
        if (problem.getTitle() == null) {
            HttpStatus known = HttpStatus.resolve(problem.getStatus());
            problem.setTitle(known == null ? "Error " + problem.getStatus() : known.getReasonPhrase());
        }
        return problem;
    }

    /** Writes the problem as the whole answer (status, content type, body) where no message converter runs. */
    public static void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem)
            throws IOException {
        write(requestPath(request), response, problem);
    }

    /** The same for a request to {@code path}. */
    public static void write(String path, HttpServletResponse response, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(json(path, problem));
    }

    /** The problem's JSON as answered for a request to {@code path}. */
    public static byte[] json(String path, ProblemDetail problem) {
        return JSON.writeValueAsBytes(body(forPath(path, problem)));
    }

    private static Map<String, Object> body(ProblemDetail problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(
                "type",
                problem.getType() == null ? "about:blank" : problem.getType().toString());
        body.put("title", problem.getTitle());
        body.put("status", problem.getStatus());
        body.put("detail", problem.getDetail());
        if (problem.getInstance() != null) {
            body.put("instance", problem.getInstance().toString());
        }
        if (problem.getProperties() != null) {
            body.putAll(problem.getProperties());
        }
        return body;
    }

    /** A detail for an error that carries no message of its own, by status. */
    public static String defaultDetail(int status, String method, String path) {
        String shown = path.length() > 200 ? path.substring(0, 200) + "..." : path;
        String request = method == null ? shown : method + " " + shown;
        return switch (status) {
            case 400 ->
                "The request is malformed: check the URL (percent-escapes, characters such as ';'), the parameters and the body.";
            case 401 -> "Authentication required.";
            case 403 -> "You may not do this.";
            case 404 -> "There is nothing at " + request + ". The operations of the API are listed at /v3/api-docs.";
            case 405 ->
                "The method " + method
                        + " is not supported here. The operations of the API are listed at /v3/api-docs.";
            case 406 -> "The API answers application/json (errors application/problem+json); accept one of them.";
            case 408 -> "The request took too long to arrive.";
            case 413 -> "The request is too large.";
            case 414 -> "The request URL is too long.";
            case 415 -> "The content type of the request body is not supported; send application/json.";
            case 431 -> "The request headers are too large.";
            case 501 -> "The method " + method + " is not implemented.";
            case 503 -> "The service is briefly unavailable; retry in a moment.";
            default ->
                status >= 500
                        ? "An unexpected error occurred; it has been logged."
                        : "The request could not be processed.";
        };
    }
}
