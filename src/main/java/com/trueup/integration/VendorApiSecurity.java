package com.trueup.integration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.trueup.shared.ApiExceptionHandler;
import com.trueup.shared.Problems;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.MeterRegistry;
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
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.CacheControlHeadersWriter;
import org.springframework.security.web.header.writers.HstsHeaderWriter;
import org.springframework.security.web.header.writers.XContentTypeOptionsHeaderWriter;
import org.springframework.security.web.header.writers.XXssProtectionHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Vendor API's own security: stateless, no CSRF (machines, no cookies), authenticated by the
 * {@code GRADIENT-TOKEN} header alone (401 missing/unknown, 403 disconnected), a per-token rate limit
 * (429 with Retry-After) and a body size limit (413). Every request passes the same {@link TokenFilter}: inside
 * Spring Security's chain, or for counts inside the {@link CountFastPath}, ahead of all other filters.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(VendorApiSettings.class)
class VendorApiSecurity {

    /** Request attribute holding the authenticated {@link VendorTokens.VendorCaller}. */
    static final String CALLER = "com.trueup.integration.caller";

    /**
     * The security headers of every Vendor API answer: Spring Security's default writers, named once for the chain and
     * the count fast path (HSTS only over HTTPS).
     */
    static final List<HeaderWriter> HEADER_WRITERS = List.of(
            new XContentTypeOptionsHeaderWriter(),
            new XXssProtectionHeaderWriter(),
            new CacheControlHeadersWriter(),
            new HstsHeaderWriter(),
            new XFrameOptionsHeaderWriter(XFrameOptionsHeaderWriter.XFrameOptionsMode.DENY));

    @Bean
    @Order(0)
    SecurityFilterChain vendorApi(
            HttpSecurity http, VendorTokens tokens, RateLimiter limiter, VendorApiSettings settings) throws Exception {
        http.securityMatcher("/api/vendor-api/**")
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(r -> r.disable())
                .anonymous(a -> a.disable())
                .logout(l -> l.disable())
                .headers(h -> {
                    h.defaultsDisabled();
                    HEADER_WRITERS.forEach(h::addHeaderWriter);
                })
                .addFilterBefore(
                        new TokenFilter(tokens, limiter, settings.maxBodyBytes()), BasicAuthenticationFilter.class);
        return http.build();
    }

    /**
     * The count endpoint's one way in, registered first (see {@link CountFastPath}). It checks URLs with the firewall
     * and answers refused ones with the handler Spring Security's chain uses, the defaults when none is configured.
     */
    @Bean
    FilterRegistrationBean<CountFastPath> vendorCountFastPath(
            ObjectProvider<HttpFirewall> firewall,
            ObjectProvider<RequestRejectedHandler> rejected,
            VendorTokens tokens,
            RateLimiter limiter,
            VendorApiSettings settings,
            CountRequests counts,
            ApiExceptionHandler problems,
            JsonMapper json,
            MeterRegistry meters) {
        FilterRegistrationBean<CountFastPath> registration = new FilterRegistrationBean<>(new CountFastPath(
                firewall.getIfUnique(StrictHttpFirewall::new),
                rejected.getIfUnique(HttpStatusRequestRejectedHandler::new),
                HEADER_WRITERS,
                new TokenFilter(tokens, limiter, settings.maxBodyBytes()),
                counts,
                problems,
                json,
                meters));
        registration.addUrlPatterns("/api/vendor-api/service/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    CountFastPath.OpenApiOperation vendorCountOperation() {
        return new CountFastPath.OpenApiOperation();
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
        RateLimiter(VendorApiSettings settings) {
            this(settings.rateLimitPerSecond(), Duration.ofSeconds(1));
        }

        RateLimiter(long permits, Duration period) {
            this.permits = permits;
            this.period = period;
            this.buckets = Caffeine.newBuilder()
                    .expireAfterAccess(period.multipliedBy(10))
                    .maximumSize(100_000)
                    .build();
        }

        String limitText() {
            return permits + " requests per "
                    + (period.equals(Duration.ofSeconds(1)) ? "second" : period.toSeconds() + " s");
        }

        /** 0 when the request may pass, else the nanoseconds until it could. */
        long tryConsume(String key) {
            ConsumptionProbe probe = buckets.get(
                            key,
                            k -> Bucket.builder()
                                    .addLimit(limit -> limit.capacity(permits).refillGreedy(permits, period))
                                    .build())
                    .tryConsumeAndReturnRemaining(1);
            return probe.isConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
        }
    }

    /** A request that passed the checks: who sent it, and the request with its body capped. */
    record Admitted(VendorTokens.VendorCaller caller, HttpServletRequest request) {}

    /** Checks every Vendor API request (body size, token, rate limit) before it is served. */
    static final class TokenFilter extends OncePerRequestFilter {

        private final VendorTokens tokens;
        private final RateLimiter limiter;
        private final long maxBodyBytes;

        TokenFilter(VendorTokens tokens, RateLimiter limiter, long maxBodyBytes) {
            this.tokens = tokens;
            this.limiter = limiter;
            this.maxBodyBytes = maxBodyBytes;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Admitted admitted = admit(request, response);
            if (admitted != null) {
                chain.doFilter(admitted.request(), response);
            }
        }

        /**
         * The caller, also set as the request attribute {@link #CALLER}, and the request with its body capped; null when
         * the request was refused, and answered here (413, 401, 403, 429).
         */
        Admitted admit(HttpServletRequest request, HttpServletResponse response) throws IOException {
            long length = request.getContentLengthLong();
            if (length > maxBodyBytes) {
                drain(request);
                writeProblem(
                        response,
                        HttpStatus.CONTENT_TOO_LARGE,
                        "The request body has " + length + " bytes; the Vendor API accepts at most " + maxBodyBytes
                                + " bytes per request. Send fewer items per call.");
                return null;
            }
            VendorTokens.Authentication auth = tokens.authenticate(request.getHeader("GRADIENT-TOKEN"));
            if (auth instanceof VendorTokens.Rejected rejected) {
                writeProblem(response, HttpStatusCode.valueOf(rejected.status()), rejected.detail());
                return null;
            }
            VendorTokens.VendorCaller caller = ((VendorTokens.Authenticated) auth).caller();
            long waitNanos = limiter.tryConsume(caller.partnerKeyHash());
            if (waitNanos > 0) {
                long seconds = Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L);
                response.setHeader("Retry-After", Long.toString(seconds));
                writeProblem(
                        response,
                        HttpStatus.TOO_MANY_REQUESTS,
                        "Rate limit exceeded: at most " + limiter.limitText() + " per token. Retry after " + seconds
                                + " s.");
                return null;
            }
            request.setAttribute(CALLER, caller);
            return new Admitted(caller, new LimitedBodyRequest(request, maxBodyBytes));
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

        private static void writeProblem(HttpServletResponse response, HttpStatusCode status, String detail)
                throws IOException {
            Problems.write(Problems.VENDOR_API_PREFIX, response, Problems.of(status, detail, null));
        }
    }

    /** A body larger than the limit, found while reading it (sent without Content-Length): 413. */
    static final class BodyTooLargeException extends IOException implements ErrorResponse {

        private final long limit;

        BodyTooLargeException(long limit) {
            super("request body larger than " + limit + " bytes");
            this.limit = limit;
        }

        @Override
        public HttpStatusCode getStatusCode() {
            return HttpStatus.CONTENT_TOO_LARGE;
        }

        @Override
        public ProblemDetail getBody() {
            return Problems.of(
                    getStatusCode(),
                    "The request body exceeds " + limit
                            + " bytes, the most the Vendor API accepts per request. Send fewer items per call.",
                    null);
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
            return new BufferedReader(new InputStreamReader(
                    getInputStream(), encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding)));
        }
    }
}
