package com.trueup.integration;

import com.trueup.shared.ApiExceptionHandler;
import com.trueup.shared.InvalidInputException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/vendor-api/service/{serviceId}/count}, the Vendor API's hottest endpoint, answered by this filter
 * alone, registered ahead of every other one: the request observation, encoding and request-context filters, Spring
 * Security's chain and the MVC dispatch (handler mapping, argument resolution, message conversion) cost more CPU than
 * storing the count. It does what those would do for a count, with the same parts: Spring Security's firewall and
 * its refusal handler, the Vendor API's security headers, its {@link VendorApiSecurity.TokenFilter} checks, and the
 * API's exception mapping ({@link ApiExceptionHandler}) for every error. So the answers are those of any other Vendor
 * API request; their time is recorded as {@code trueup.vendor.count.requests} (tag {@code status}) instead of
 * {@code http.server.requests}. The operation is listed in the OpenAPI document by {@link OpenApiOperation}.
 */
final class CountFastPath extends OncePerRequestFilter {

    private static final String PREFIX = "/api/vendor-api/service/";
    private static final String SUFFIX = "/count";

    private final HttpFirewall firewall;
    private final RequestRejectedHandler rejected;
    private final List<HeaderWriter> headers;
    private final VendorApiSecurity.TokenFilter checks;
    private final CountRequests counts;
    private final ApiExceptionHandler problems;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final Map<Integer, Timer> timers = new ConcurrentHashMap<>();

    CountFastPath(
            HttpFirewall firewall,
            RequestRejectedHandler rejected,
            List<HeaderWriter> headers,
            VendorApiSecurity.TokenFilter checks,
            CountRequests counts,
            ApiExceptionHandler problems,
            JsonMapper json,
            MeterRegistry meters) {
        this.firewall = firewall;
        this.rejected = rejected;
        this.headers = headers;
        this.checks = checks;
        this.counts = counts;
        this.problems = problems;
        this.json = json;
        this.meters = meters;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod());
    }

    /**
     * The service id of a count path ({@code /api/vendor-api/service/{serviceId}/count}, as sent: not yet decoded), or
     * null for any other path.
     */
    static String serviceIdSegment(String path) {
        int end = path.length() - SUFFIX.length();
        if (end <= PREFIX.length()
                || !path.startsWith(PREFIX)
                || !path.endsWith(SUFFIX)
                || path.indexOf('/', PREFIX.length()) != end) {
            return null;
        }
        return path.substring(PREFIX.length(), end);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String segment = serviceIdSegment(
                request.getRequestURI().substring(request.getContextPath().length()));
        if (segment == null) {
            chain.doFilter(request, response);
            return;
        }
        long start = System.nanoTime();
        try {
            answer(segment, request, response);
        } finally {
            timers.computeIfAbsent(
                            response.getStatus(),
                            status -> Timer.builder("trueup.vendor.count.requests")
                                    .description("Vendor API count requests (answered ahead of the servlet filters)")
                                    .tag("status", Integer.toString(status))
                                    .register(meters))
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private void answer(String segment, HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        HttpServletRequest checked;
        try {
            checked = firewall.getFirewalledRequest(request);
        } catch (RequestRejectedException e) {
            rejected.handle(request, response, e);
            return;
        }
        try {
            for (HeaderWriter writer : headers) {
                writer.writeHeaders(checked, response);
            }
            VendorApiSecurity.Admitted admitted = checks.admit(checked, response);
            if (admitted == null) {
                return;
            }
            String serviceId = segment.indexOf('%') < 0 ? segment : decodeServiceId(segment);
            Map<String, String> query = query(checked.getQueryString());
            HttpServletRequest limited = admitted.request();
            long length = limited.getContentLengthLong();
            byte[] body = length >= 0
                    ? limited.getInputStream().readNBytes((int) length)
                    : limited.getInputStream().readAllBytes();
            CountRequests.Answer answer =
                    counts.record(admitted.caller(), serviceId, query.get("no_build"), query.get("date"), body);
            response.setStatus(answer.status());
            response.setContentType(org.springframework.http.MediaType.APPLICATION_JSON_VALUE);
            response.getOutputStream().write(json.writeValueAsBytes(answer.body()));
        } catch (RequestRejectedException e) { // a header the firewall refuses, found when read
            rejected.handle(request, response, e);
        } catch (RuntimeException | VendorApiSecurity.BodyTooLargeException e) {
            if (response.isCommitted()) {
                throw e;
            }
            problems.writeProblemFor(e, request, response, 500);
        }
    }

    private static String decodeServiceId(String segment) {
        try {
            return UriUtils.decode(segment, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(
                    "serviceId",
                    "The service id in the path has a broken percent-escape (a '%' must be"
                            + " followed by two hexadecimal digits).");
        }
    }

    /** The query string's parameters (not the body's: a form-encoded count must still be read as JSON). */
    static Map<String, String> query(String queryString) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (queryString == null || queryString.isEmpty()) {
            return parameters;
        }
        for (String pair : queryString.split("&")) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals), null);
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1), name);
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }

    /** A percent-decoded query string part; a broken escape is the client's error (400 naming the parameter). */
    private static String decode(String text, String parameter) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(
                    parameter == null ? "query" : parameter,
                    "The query string cannot be decoded"
                            + (parameter == null ? "" : " (parameter '" + parameter + "')")
                            + ": it has a broken percent-escape (a '%' must be followed by two hexadecimal digits).");
        }
    }

    /** Lists the count operation, which no controller serves, in the OpenAPI document with the Vendor API's others. */
    static final class OpenApiOperation implements OpenApiCustomizer {

        @Override
        public void customise(OpenAPI openApi) {
            Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
            openApi.components(components);
            ModelConverters.getInstance(true)
                    .read(VendorApiModels.ResponseDto.class)
                    .forEach((name, schema) -> {
                        if (components.getSchemas() == null
                                || !components.getSchemas().containsKey(name)) {
                            components.addSchemas(name, schema);
                        }
                    });
            Schema<?> count = schema("object")
                    .addProperty("accountId", schema("string").description("The account's id as the vendor created it"))
                    .addProperty("unitCount", schema("number").description("The current count, 0 or more"))
                    .required(List.of("accountId", "unitCount"));
            Operation operation = new Operation()
                    .addTagsItem(VendorApiController.TAG)
                    .summary("Record the current unit count {accountId, unitCount} of an account for a service (201)")
                    .description(
                            "The count belongs to the day it arrives in the MSP's time zone and holds until the next one; "
                                    + "the last count of a day wins. no_build is accepted for compatibility; rebuilds are debounced "
                                    + "either way. TrueUp extension: date=YYYY-MM-DD records it for an earlier day (backfill).")
                    .operationId("count")
                    .addParametersItem(new Parameter()
                            .name("serviceId")
                            .in("path")
                            .required(true)
                            .schema(schema("string")))
                    .addParametersItem(new Parameter()
                            .name("no_build")
                            .in("query")
                            .required(false)
                            .schema(schema("string")))
                    .addParametersItem(new Parameter()
                            .name("date")
                            .in("query")
                            .required(false)
                            .schema(schema("string")))
                    .requestBody(new RequestBody()
                            .required(true)
                            .content(new Content()
                                    .addMediaType(
                                            org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                                            new MediaType().schema(count))))
                    .responses(new ApiResponses()
                            .addApiResponse(
                                    "201",
                                    new ApiResponse()
                                            .description("Created")
                                            .content(
                                                    new Content()
                                                            .addMediaType(
                                                                    org.springframework.http.MediaType
                                                                            .APPLICATION_JSON_VALUE,
                                                                    new MediaType()
                                                                            .schema(
                                                                                    new JsonSchema()
                                                                                            .$ref(
                                                                                                    "#/components/schemas/ResponseDto")))))
                            .addApiResponse("400", new ApiResponse().description("Bad input, naming the field"))
                            .addApiResponse("401", new ApiResponse().description("Missing, malformed or unknown token"))
                            .addApiResponse("403", new ApiResponse().description("The integration is disconnected"))
                            .addApiResponse("404", new ApiResponse().description("Unknown service or account"))
                            .addApiResponse("413", new ApiResponse().description("Body too large"))
                            .addApiResponse("429", new ApiResponse().description("Rate limit exceeded (Retry-After)"))
                            .addApiResponse("503", new ApiResponse().description("Busy storing counts (Retry-After)")));
            if (openApi.getPaths() == null) {
                openApi.paths(new Paths());
            }
            openApi.getPaths().addPathItem(PREFIX + "{serviceId}" + SUFFIX, new PathItem().post(operation));
        }

        private static Schema<?> schema(String type) {
            return new JsonSchema().types(new java.util.LinkedHashSet<>(List.of(type)));
        }
    }
}
