package com.trueup.shared;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.databind.DatabindException;

/**
 * The one place that turns a failure of an API request into RFC 9457 problem+json (the shape {@link Problems} defines)
 * with a {@code detail} a person can act on, and the offending {@code field} where there is one. Never a stack trace,
 * never a 500 for bad input. It answers for REST controllers directly, and through {@link #problemFor} and
 * {@link #writeProblemFor} where no controller runs: failures before a controller is chosen (unknown paths, methods,
 * content types, firewall and container rejections), which reach the error page, and servlet filters that answer
 * themselves. An exception that knows its own answer implements Spring's {@link ErrorResponse}.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);
    private static final Pattern TOMCAT_PARAMETER = Pattern.compile("[Pp]arameter \\[([^\\]]{1,100})\\]");

    public static ProblemDetail problem(HttpStatus status, String detail) {
        return Problems.of(status, detail, null);
    }

    private static ResponseEntity<Object> answer(HttpServletRequest request, ProblemDetail problem) {
        return answer(request, problem, HttpHeaders.EMPTY);
    }

    private static ResponseEntity<Object> answer(
            HttpServletRequest request, ProblemDetail problem, HttpHeaders headers) {
        Problems.forPath(Problems.requestPath(request), problem);
        return ResponseEntity.status(problem.getStatus())
                .headers(headers)
                .contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /** Writes the answer of {@link #problemFor} as the whole response (status, headers, problem+json). */
    public void writeProblemFor(Throwable error, HttpServletRequest request, HttpServletResponse response, int status)
            throws IOException {
        ResponseEntity<Object> answer = problemFor(error, request, status);
        answer.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE)) {
                values.forEach(v -> response.setHeader(name, v));
            }
        });
        Problems.write(request, response, (ProblemDetail) answer.getBody());
    }

    /**
     * The answer to a failure that reached the error page instead of a controller: the same mapping as for
     * controllers, else a detail by status. {@code status} is what the container or filter set.
     */
    public ResponseEntity<Object> problemFor(Throwable error, HttpServletRequest request, int status) {
        ServletWebRequest web = new ServletWebRequest(request);
        Throwable cause = error;
        while (cause != null
                && (cause instanceof jakarta.servlet.ServletException || cause.getClass() == RuntimeException.class)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof Exception e) {
            try {
                ResponseEntity<Object> standard = handleException(e, web);
                if (standard != null && standard.getBody() instanceof ProblemDetail p) {
                    return answer(request, p, standard.getHeaders());
                }
            } catch (Exception notStandard) {
                // not one of Spring MVC's own exceptions: mapped below
            }
            ResponseEntity<Object> own = ownProblem(e, request);
            if (own != null) {
                return own;
            }
        }
        if (status >= 500) {
            log.error(
                    "Unexpected error outside an API controller ({} {})",
                    request.getMethod(),
                    Problems.requestPath(request),
                    error);
        }
        String method = (String) request.getAttribute("com.trueup.error.method");
        return answer(
                request,
                Problems.of(
                        HttpStatusCode.valueOf(status),
                        Problems.defaultDetail(
                                status, method == null ? request.getMethod() : method, Problems.requestPath(request)),
                        null));
    }

    /** TrueUp's own mappings, for controllers and the error page alike; null when the exception is not one of them. */
    private ResponseEntity<Object> ownProblem(Exception e, HttpServletRequest request) {
        if (e instanceof ErrorResponse own) {
            return answer(request, own.getBody(), own.getHeaders());
        }
        if (e instanceof NotFoundException n) {
            return notFound(n, request);
        }
        if (e instanceof InvalidInputException i) {
            return invalid(i, request);
        }
        if (e instanceof ConflictException c) {
            return conflict(c, request);
        }
        if (e instanceof RequestRejectedException r) {
            return rejected(r, request);
        }
        if (e instanceof org.apache.tomcat.util.http.InvalidParameterException p) {
            return badParameter(p, request);
        }
        if (e instanceof MultipartException m) {
            return badMultipart(m, request);
        }
        if (e instanceof AccessDeniedException || e instanceof AuthorizationDeniedException) {
            return denied((RuntimeException) e, request);
        }
        return null;
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<Object> notFound(NotFoundException e, HttpServletRequest request) {
        return answer(request, problem(HttpStatus.NOT_FOUND, e.getMessage()));
    }

    @ExceptionHandler(InvalidInputException.class)
    ResponseEntity<Object> invalid(InvalidInputException e, HttpServletRequest request) {
        return answer(request, Problems.of(HttpStatus.BAD_REQUEST, e.getMessage(), e.field()));
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<Object> conflict(ConflictException e, HttpServletRequest request) {
        return answer(request, problem(HttpStatus.CONFLICT, e.getMessage()));
    }

    @ExceptionHandler({AccessDeniedException.class, AuthorizationDeniedException.class})
    ResponseEntity<Object> denied(RuntimeException e, HttpServletRequest request) {
        return answer(request, problem(HttpStatus.FORBIDDEN, "Your role does not allow this action."));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Object> typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return answer(
                request,
                Problems.of(
                        HttpStatus.BAD_REQUEST,
                        "'" + shorten(String.valueOf(e.getValue())) + "' is not a valid value for " + e.getName(),
                        e.getName()));
    }

    /** The request firewall's refusal: a URL with {@code ;}, an encoded {@code /} or {@code %}, {@code ..} and the like. */
    ResponseEntity<Object> rejected(RequestRejectedException e, HttpServletRequest request) {
        return answer(
                request,
                problem(
                        HttpStatus.BAD_REQUEST,
                        "The request was rejected: " + e.getMessage()
                                + ". Path segments may not contain ';', encoded '/', '\\' or '%', or '..'; percent-encode ids with such characters"
                                + " only where the API says so."));
    }

    /** The servlet container could not decode the query string or form body (a broken percent-escape, a bad charset). */
    @ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
    ResponseEntity<Object> badParameter(
            org.apache.tomcat.util.http.InvalidParameterException e, HttpServletRequest request) {
        String field = null;
        Matcher name = TOMCAT_PARAMETER.matcher(String.valueOf(e.getMessage()));
        if (name.find()) {
            field = name.group(1);
        }
        return answer(
                request,
                Problems.of(
                        HttpStatus.BAD_REQUEST,
                        "The query string or form body cannot be decoded"
                                + (field == null ? "" : " (parameter '" + field + "')")
                                + ": it has a broken percent-escape (a '%' must be followed by two hexadecimal digits) or is not UTF-8.",
                        field));
    }

    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Object> badMultipart(MultipartException e, HttpServletRequest request) {
        if (e instanceof MaxUploadSizeExceededException tooLarge) {
            return answer(request, problem(HttpStatus.CONTENT_TOO_LARGE, uploadTooLarge(tooLarge)));
        }
        return answer(
                request,
                problem(HttpStatus.BAD_REQUEST, "The multipart request body cannot be read; send application/json."));
    }

    /**
     * What the database refused: a value too long or out of range for its column (SQL state class 22) is the client's
     * input; a unique or foreign key clash (class 23) a conflict. Anything else is unexpected.
     */
    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<Object> database(DataAccessException e, HttpServletRequest request) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                if (sql.getSQLState().startsWith("22")) {
                    return answer(
                            request,
                            problem(
                                    HttpStatus.BAD_REQUEST,
                                    "A value in the request is too long, too large or not valid for what TrueUp stores; shorten it or check the numbers."));
                }
                if (sql.getSQLState().startsWith("23")) {
                    return answer(
                            request,
                            problem(
                                    HttpStatus.CONFLICT,
                                    "The request conflicts with data stored meanwhile (a duplicate or a removed item); reload and retry."));
                }
            }
        }
        return unexpected(e, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, HttpServletRequest request) {
        if (e instanceof ErrorResponse own) {
            return answer(request, own.getBody(), own.getHeaders());
        }
        log.error("Unexpected error in API call", e);
        return answer(
                request,
                problem(HttpStatus.INTERNAL_SERVER_ERROR, "An unexpected error occurred; it has been logged."));
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(
            MaxUploadSizeExceededException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return answer(servlet(request), problem(HttpStatus.CONTENT_TOO_LARGE, uploadTooLarge(ex)));
    }

    private static String uploadTooLarge(MaxUploadSizeExceededException e) {
        return "The upload is too large"
                + (e.getMaxUploadSize() > 0 ? ": at most " + e.getMaxUploadSize() + " bytes are accepted" : "")
                + ". Split the file into smaller ones.";
    }

    /** Every answer of Spring MVC's own exceptions (405, 406, 415, missing parameters ...) in the API's shape. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail p
                ? p
                : Problems.of(
                        statusCode,
                        Problems.defaultDetail(statusCode.value(), null, Problems.requestPath(servlet(request))),
                        null);
        if (problem.getDetail() == null || problem.getDetail().isBlank()) {
            problem.setDetail(Problems.defaultDetail(
                    statusCode.value(), servlet(request).getMethod(), Problems.requestPath(servlet(request))));
        }
        return answer(servlet(request), problem, headers);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            org.springframework.web.bind.MissingServletRequestParameterException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        return answer(
                servlet(request),
                Problems.of(HttpStatus.BAD_REQUEST, ex.getParameterName() + " is required", ex.getParameterName()));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(
            org.springframework.web.HttpMediaTypeNotSupportedException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        String sent = ex.getContentType() == null
                ? "no content type"
                : "'" + shorten(ex.getContentType().toString()) + "'";
        ProblemDetail problem = problem(
                HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Send the request body as application/json (got " + sent + ").");
        return answer(servlet(request), problem, headers);
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(
            org.springframework.web.servlet.resource.NoResourceFoundException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        HttpServletRequest servlet = servlet(request);
        return answer(
                servlet,
                problem(
                        HttpStatus.NOT_FOUND,
                        Problems.defaultDetail(404, servlet.getMethod(), Problems.requestPath(servlet))));
    }

    private static HttpServletRequest servlet(WebRequest request) {
        return ((ServletWebRequest) request).getRequest();
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(f -> Map.of(
                        "field",
                        f.getField(),
                        "message",
                        f.getField() + " " + (f.getDefaultMessage() == null ? "is invalid" : f.getDefaultMessage())))
                .toList();
        String detail = errors.isEmpty()
                ? "The request is invalid."
                : String.join("; ", errors.stream().map(m -> m.get("message")).toList());
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, detail);
        problem.setProperty("errors", errors);
        if (!errors.isEmpty()) {
            problem.setProperty("field", errors.get(0).get("field"));
        }
        return answer(servlet(request), problem);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Map<String, String>> errors = ex.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream()
                        .map(err -> Map.of(
                                "field",
                                r.getMethodParameter().getParameterName() == null
                                        ? ""
                                        : r.getMethodParameter().getParameterName(),
                                "message",
                                String.valueOf(err.getDefaultMessage()))))
                .toList();
        ProblemDetail problem = problem(
                HttpStatus.BAD_REQUEST,
                errors.isEmpty()
                        ? "The request is invalid."
                        : errors.get(0).get("field") + " " + errors.get(0).get("message"));
        problem.setProperty("errors", errors);
        return answer(servlet(request), problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof ErrorResponse own) { // e.g. a body over a size limit, found while reading it
                return answer(servlet(request), own.getBody(), own.getHeaders());
            }
        }
        return answer(servlet(request), Problems.of(HttpStatus.BAD_REQUEST, readableMessage(ex), fieldOf(ex)));
    }

    /** The JSON path of the value that could not be read, e.g. {@code records[3].quantity}. */
    public static String fieldOf(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof JacksonException je && !je.getPath().isEmpty()) {
                StringBuilder path = new StringBuilder();
                for (var ref : je.getPath()) {
                    if (ref.getPropertyName() != null) {
                        if (!path.isEmpty()) {
                            path.append('.');
                        }
                        path.append(ref.getPropertyName());
                    } else if (ref.getIndex() >= 0) {
                        path.append('[').append(ref.getIndex()).append(']');
                    }
                }
                return path.isEmpty() ? null : path.toString();
            }
        }
        return null;
    }

    /** What is wrong with a request body that could not be read, naming the field where there is one. */
    public static String readableMessage(Throwable ex) {
        String field = fieldOf(ex);
        String where = field == null ? "A value" : "The value of '" + field + "'";
        if (ex.getCause() instanceof IllegalArgumentException
                && String.valueOf(ex.getMessage()).contains("form payload")) {
            return "The form body cannot be decoded: it has a broken percent-escape (a '%' must be followed by two hexadecimal"
                    + " digits). The API takes JSON bodies (application/json).";
        }
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof BoundedNumbers.OutOfRange range) {
                return where + " " + range.getOriginalMessage();
            }
            if (t instanceof InputCoercionException) {
                return where + " is out of range for a whole number (at most " + Integer.MAX_VALUE + ").";
            }
            if (t instanceof StreamConstraintsException) {
                return "The request body is too large or too deeply nested: "
                        + shorten(((JacksonException) t).getOriginalMessage());
            }
        }
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof JacksonException && !(t instanceof DatabindException)) {
                return "The request body is not valid JSON.";
            }
        }
        if (field != null) {
            return "The value of '" + field + "' has the wrong type or format.";
        }
        return "The request body is missing or is not valid JSON of the expected shape.";
    }

    private static String shorten(String text) {
        return text == null || text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
