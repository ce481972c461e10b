package com.trueup.integration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Vendor API's own security: stateless, no CSRF (machines, no cookies), authenticated by the
 * {@code GRADIENT-TOKEN} header alone (401 missing/unknown, 403 disconnected), a per-token rate limit
 * (429 with Retry-After) and a body size limit (413).
 */
@Configuration(proxyBeanMethods = false)
class VendorApiSecurity {

    /** Request attribute holding the authenticated {@link VendorTokens.VendorCaller}. */
    static final String CALLER = "com.trueup.integration.caller";

    @Bean
    @Order(0)
    SecurityFilterChain vendorApi(HttpSecurity http, VendorTokens tokens, RateLimiter limiter, CountRequests counts,
                                  JsonMapper json,
                                  @Value("${trueup.vendor.max-body-bytes:4194304}") long maxBodyBytes,
                                  @Value("${trueup.vendor.count-in-filter:true}") boolean countInFilter) throws Exception {
        http.securityMatcher("/api/vendor-api/**")
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(r -> r.disable())
                .anonymous(a -> a.disable())
                .logout(l -> l.disable())
                .addFilterBefore(new TokenFilter(tokens, limiter, maxBodyBytes, countInFilter ? counts : null, json),
                        BasicAuthenticationFilter.class);
        return http.build();
    }

    /**
     * The hottest endpoint, {@code POST /api/vendor-api/service/{serviceId}/count}, answered ahead of the other servlet
     * filters (request observation, encoding, Spring Security's chain): the same {@link TokenFilter} checks and answers
     * it, with the headers Spring Security gives every Vendor API answer, and its time is recorded as
     * {@code trueup.vendor.count.requests}. Only plain paths take it (an id of letters, digits, {@code -_.~});
     * anything else goes the usual way, through the firewall. {@code trueup.vendor.count-in-filter=false} turns it off.
     */
    @Bean
    org.springframework.boot.web.servlet.FilterRegistrationBean<CountFastPath> vendorCountFastPath(
            VendorTokens tokens, RateLimiter limiter, CountRequests counts, JsonMapper json,
            io.micrometer.core.instrument.MeterRegistry meters,
            @Value("${trueup.vendor.max-body-bytes:4194304}") long maxBodyBytes,
            @Value("${trueup.vendor.count-in-filter:true}") boolean countInFilter) {
        var registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(
                new CountFastPath(new TokenFilter(tokens, limiter, maxBodyBytes, counts, json), meters));
        registration.addUrlPatterns("/api/vendor-api/service/*");
        registration.setOrder(org.springframework.core.Ordered.HIGHEST_PRECEDENCE);
        registration.setEnabled(countInFilter);
        return registration;
    }

    static final class CountFastPath extends OncePerRequestFilter {

        /** What Spring Security's default header writers give a Vendor API answer over plain HTTP. */
        static final Map<String, String> HEADERS = Map.of(
                "X-Content-Type-Options", "nosniff",
                "X-XSS-Protection", "0",
                "Cache-Control", "no-cache, no-store, max-age=0, must-revalidate",
                "Pragma", "no-cache",
                "Expires", "0",
                "X-Frame-Options", "DENY");

        private final TokenFilter filter;
        private final io.micrometer.core.instrument.MeterRegistry meters;
        private final Map<Integer, io.micrometer.core.instrument.Timer> timers = new ConcurrentHashMap<>();

        CountFastPath(TokenFilter filter, io.micrometer.core.instrument.MeterRegistry meters) {
            this.filter = filter;
            this.meters = meters;
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return !"POST".equals(request.getMethod()) || request.isSecure() || !request.getContextPath().isEmpty();
        }

        private static final String PREFIX = "/api/vendor-api/service/";
        private static final String SUFFIX = "/count";

        /** The id of {@code /api/vendor-api/service/{id}/count} when it is only letters, digits and {@code -_.~}; else null. */
        static String plainCountServiceId(String path) {
            int end = path.length() - SUFFIX.length();
            if (end <= PREFIX.length() || !path.startsWith(PREFIX) || !path.endsWith(SUFFIX)) {
                return null;
            }
            for (int i = PREFIX.length(); i < end; i++) {
                char c = path.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~')) {
                    return null;
                }
            }
            return path.substring(PREFIX.length(), end);
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String serviceId = plainCountServiceId(request.getRequestURI());
            if (serviceId == null) {
                chain.doFilter(request, response);
                return;
            }
            long start = System.nanoTime();
            HEADERS.forEach(response::addHeader); // a fresh response: nothing to replace
            filter.authenticateAndServe(request, response, chain, serviceId);
            timers.computeIfAbsent(response.getStatus(), status -> io.micrometer.core.instrument.Timer.builder("trueup.vendor.count.requests")
                            .description("Vendor API count requests (answered ahead of the servlet filters)")
                            .tag("status", Integer.toString(status)).register(meters))
                    .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Per-token token bucket: {@code trueup.vendor.rate-limit-per-second} (default 100, like Gradient). A bucket idle
     * for ten refill periods is dropped (it would be full again anyway); when many keys arrive at once the bounded cache evicts the
     * rarely used ones, never the buckets of busy vendors, so a flood of keys cannot reset anyone's throttle.
     */
    @Component
    static class RateLimiter {

        private final long permits;
        private final Duration period;
        private final Cache<String, Bucket> buckets;

        @Autowired
        RateLimiter(@Value("${trueup.vendor.rate-limit-per-second:100}") long perSecond) {
            this(perSecond, Duration.ofSeconds(1));
        }

        RateLimiter(long permits, Duration period) {
            this.permits = permits;
            this.period = period;
            this.buckets = Caffeine.newBuilder().expireAfterAccess(period.multipliedBy(10)).maximumSize(100_000).build();
        }

        String limitText() {
            return permits + " requests per " + (period.equals(Duration.ofSeconds(1)) ? "second" : period.toSeconds() + " s");
        }

        /** 0 when the request may pass, else the nanoseconds until it could. */
        long tryConsume(String key) {
            ConsumptionProbe probe = buckets.get(key, k -> Bucket.builder()
                            .addLimit(limit -> limit.capacity(permits).refillGreedy(permits, period))
                            .build())
                    .tryConsumeAndReturnRemaining(1);
            return probe.isConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
        }
    }

    /**
     * Authenticates every Vendor API request (body size, token, rate limit). The hot endpoint,
     * {@code POST /service/{serviceId}/count}, is then answered right here by {@link CountRequests}, after Spring
     * Security's firewall and headers but without the MVC dispatch (handler mapping, argument resolution, advice,
     * message conversion), which costs more CPU than storing the count; {@code trueup.vendor.count-in-filter=false}
     * leaves it to {@link VendorApiController} instead (same behaviour, same answers).
     */
    static final class TokenFilter extends OncePerRequestFilter {

        private static final java.util.regex.Pattern COUNT_PATH = java.util.regex.Pattern.compile("/api/vendor-api/service/([^/]+)/count");
        private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TokenFilter.class);

        private final VendorTokens tokens;
        private final RateLimiter limiter;
        private final long maxBodyBytes;
        private final CountRequests counts;
        private final JsonMapper json;

        TokenFilter(VendorTokens tokens, RateLimiter limiter, long maxBodyBytes, CountRequests counts, JsonMapper json) {
            this.tokens = tokens;
            this.limiter = limiter;
            this.maxBodyBytes = maxBodyBytes;
            this.counts = counts;
            this.json = json;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String countServiceId = null;
            if (counts != null && "POST".equals(request.getMethod())) {
                java.util.regex.Matcher count = COUNT_PATH.matcher(request.getRequestURI().substring(request.getContextPath().length()));
                if (count.matches()) {
                    countServiceId = org.springframework.web.util.UriUtils.decode(count.group(1), StandardCharsets.UTF_8);
                }
            }
            authenticateAndServe(request, response, chain, countServiceId);
        }

        /** Checks the request; then answers a count ({@code countServiceId} not null) or passes the request on. */
        void authenticateAndServe(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String countServiceId)
                throws ServletException, IOException {
            long length = request.getContentLengthLong();
            if (length > maxBodyBytes) {
                drain(request);
                writeProblem(response, 413, "Payload Too Large", "The request body has " + length
                        + " bytes; the Vendor API accepts at most " + maxBodyBytes + " bytes per request. Send fewer items per call.");
                return;
            }
            VendorTokens.Authentication auth = tokens.authenticate(request.getHeader("GRADIENT-TOKEN"));
            if (auth instanceof VendorTokens.Rejected rejected) {
                writeProblem(response, rejected.status(), rejected.status() == 403 ? "Forbidden" : "Unauthorized", rejected.detail());
                return;
            }
            VendorTokens.VendorCaller caller = ((VendorTokens.Authenticated) auth).caller();
            long waitNanos = limiter.tryConsume(caller.partnerKeyHash());
            if (waitNanos > 0) {
                long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
                response.setHeader("Retry-After", Long.toString(seconds));
                writeProblem(response, 429, "Too Many Requests",
                        "Rate limit exceeded: at most " + limiter.limitText() + " per token. Retry after "
                                + seconds + " s.");
                return;
            }
            request.setAttribute(CALLER, caller);
            LimitedBodyRequest limited = new LimitedBodyRequest(request, maxBodyBytes);
            if (countServiceId != null) {
                count(caller, countServiceId, limited, response);
                return;
            }
            chain.doFilter(limited, response);
        }

        private void count(VendorTokens.VendorCaller caller, String serviceId, HttpServletRequest request,
                           HttpServletResponse response) throws IOException {
            try {
                Map<String, String> query = query(request.getQueryString());
                long length = request.getContentLengthLong();
                byte[] body = length >= 0 ? request.getInputStream().readNBytes((int) length) : request.getInputStream().readAllBytes();
                CountRequests.Answer answer = counts.record(caller, serviceId, query.get("no_build"), query.get("date"), body);
                response.setStatus(answer.status());
                response.setContentType("application/json");
                response.getOutputStream().write(json.writeValueAsBytes(answer.body()));
            } catch (com.trueup.shared.InvalidInputException e) {
                writeProblem(response, 400, "Bad Request", e.getMessage(), e.field());
            } catch (com.trueup.shared.NotFoundException e) {
                writeProblem(response, 404, "Not Found", e.getMessage(), null);
            } catch (BodyTooLargeException e) {
                writeProblem(response, 413, "Payload Too Large", "The request body exceeds " + e.limit
                        + " bytes, the most the Vendor API accepts per request. Send fewer items per call.", null);
            } catch (CountIngestion.Busy e) {
                response.setHeader("Retry-After", "1");
                writeProblem(response, 503, "Service Unavailable", e.getMessage(), null);
            } catch (RuntimeException e) {
                log.error("Unexpected error storing a vendor count", e);
                writeProblem(response, 500, "Internal Server Error", "An unexpected error occurred; it has been logged.", null);
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
                return java.net.URLDecoder.decode(text, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new com.trueup.shared.InvalidInputException(parameter == null ? "query" : parameter, "The query string cannot be decoded"
                        + (parameter == null ? "" : " (parameter '" + parameter + "')")
                        + ": it has a broken percent-escape (a '%' must be followed by two hexadecimal digits).");
            }
        }

        /** Reads (and drops) an oversized body so the client receives the 413 instead of a reset connection. */
        private static void drain(HttpServletRequest request) {
            try (InputStream in = request.getInputStream()) {
                byte[] buffer = new byte[65536];
                long read = 0;
                int n;
                while ((n = in.read(buffer)) > 0 && (read += n) < 256L * 1024 * 1024) {
                    // discard
                }
            } catch (IOException ignored) {
                // the client went away; nothing to answer
            }
        }
    }

    static void writeProblem(HttpServletResponse response, int status, String title, String detail) throws IOException {
        writeProblem(response, status, title, detail, null);
    }

    /** RFC 9457 problem+json, the same shape {@link VendorApiErrors} answers (written by {@link com.trueup.shared.Problems}). */
    static void writeProblem(HttpServletResponse response, int status, String title, String detail, String field) throws IOException {
        com.trueup.shared.Problems.write(com.trueup.shared.Problems.VENDOR_API_PREFIX, response,
                com.trueup.shared.Problems.of(org.springframework.http.HttpStatusCode.valueOf(status), detail, field));
    }

    /** Signals a body larger than the limit (sent without Content-Length); answered with 413. */
    static final class BodyTooLargeException extends IOException {

        final long limit;

        BodyTooLargeException(long limit) {
            super("request body larger than " + limit + " bytes");
            this.limit = limit;
        }
    }

    /** Caps the body of requests that come without a Content-Length (chunked). */
    static final class LimitedBodyRequest extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        LimitedBodyRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream delegate = super.getInputStream();
                stream = new ServletInputStream() {
                    private long count;

                    @Override
                    public int read() throws IOException {
                        int b = delegate.read();
                        if (b >= 0 && ++count > limit) {
                            throw new BodyTooLargeException(limit);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = delegate.read(b, off, len);
                        if (n > 0 && (count += n) > limit) {
                            throw new BodyTooLargeException(limit);
                        }
                        return n;
                    }

                    @Override
                    public boolean isFinished() {
                        return delegate.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return delegate.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        delegate.setReadListener(listener);
                    }
                };
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    encoding == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(encoding)));
        }
    }
}
