package com.trueup.shared;

import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.autoconfigure.web.WebProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.error.BasicErrorController;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Errors that happen before a controller is chosen answer in the API's shape under {@code /api/} and with the HTML
 * error page elsewhere: the error page ({@code /error}, reached for unknown paths, unsupported methods and content
 * types, exceptions in filters), the request firewall (URLs with {@code ;}, encoded {@code /} ...) and the servlet
 * container itself (URLs it cannot decode). All of them go through {@link ApiExceptionHandler#problemFor}.
 */
@Configuration(proxyBeanMethods = false)
class ApiErrorPages {

    @Bean
    BasicErrorController apiAwareErrorController(
            ErrorAttributes errorAttributes,
            WebProperties web,
            List<ErrorViewResolver> resolvers,
            ApiExceptionHandler problems) {
        return new ErrorPage(errorAttributes, web, resolvers, problems);
    }

    /**
     * Failures of the dispatcher before a controller method is chosen (no handler for the path or method, a body that
     * cannot be parsed as multipart, an unacceptable type): answered right away under {@code /api/}, without a trip
     * through the error page (which would try to parse the same multipart body again).
     */
    @Bean
    HandlerExceptionResolver apiDispatchErrors(ApiExceptionHandler problems) {
        return new ApiDispatchErrors(problems);
    }

    static final class ApiDispatchErrors implements HandlerExceptionResolver, Ordered {

        private final ApiExceptionHandler problems;

        ApiDispatchErrors(ApiExceptionHandler problems) {
            this.problems = problems;
        }

        @Override
        public ModelAndView resolveException(
                HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
            if (handler instanceof HandlerMethod
                    || !Problems.isApi(Problems.requestPath(request))
                    || response.isCommitted()) {
                return null;
            }
            try {
                problems.writeProblemFor(ex, request, response, 500);
            } catch (IOException e) {
                // the client went away
            }
            return new ModelAndView();
        }

        @Override
        public int getOrder() {
            return -1;
        }
    }

    /**
     * An exception thrown by a servlet filter (form body decoding, security, observation) under {@code /api/}: answered
     * here through the same mapping, instead of reaching the container, which logs it as a server error and dispatches
     * to the error page. Runs just inside the Vendor API's count fast path, which answers its own errors through the same
     * mapping.
     */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> apiFilterErrors(ApiExceptionHandler problems) {
        FilterRegistrationBean<OncePerRequestFilter> registration =
                new FilterRegistrationBean<>(new OncePerRequestFilter() {
                    @Override
                    protected boolean shouldNotFilter(HttpServletRequest request) {
                        return !Problems.isApi(Problems.requestPath(request));
                    }

                    @Override
                    protected void doFilterInternal(
                            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                            throws ServletException, IOException {
                        try {
                            chain.doFilter(request, response);
                        } catch (ServletException | IOException | RuntimeException e) {
                            if (response.isCommitted()) {
                                throw e;
                            }
                            response.resetBuffer();
                            problems.writeProblemFor(e, request, response, 500);
                        }
                    }
                });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.addUrlPatterns("/api/*");
        return registration;
    }

    @Bean
    RequestRejectedHandler apiRequestRejectedHandler(ApiExceptionHandler problems) {
        RequestRejectedHandler page = new HttpStatusRequestRejectedHandler();
        return (request, response, rejected) -> {
            if (Problems.isApi(Problems.requestPath(request))) {
                problems.writeProblemFor(rejected, request, response, 400);
            } else {
                page.handle(request, response, rejected);
            }
        };
    }

    /** Runs after Spring Boot's own Tomcat customizer, so the valve it adds is the one replaced. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> apiErrorReportValve() {
        return new WebServerFactoryCustomizer<>() {
            @Override
            public void customize(TomcatServletWebServerFactory factory) {
                factory.addContextCustomizers(context -> {
                    Host host = (Host) context.getParent();
                    for (Valve valve : host.getPipeline().getValves()) {
                        if (valve instanceof ErrorReportValve) {
                            host.getPipeline().removeValve(valve);
                        }
                    }
                    ContainerErrors valve = new ContainerErrors();
                    valve.setShowReport(false);
                    valve.setShowServerInfo(false);
                    host.getPipeline().addValve(valve);
                    if (host instanceof StandardHost standard) {
                        standard.setErrorReportValveClass(ContainerErrors.class.getName());
                    }
                });
            }
        };
    }

    /** Spring Boot's error page, except that requests under {@code /api/} get problem+json whatever they accept. */
    static final class ErrorPage extends BasicErrorController {

        private final ErrorAttributes errorAttributes;
        private final ApiExceptionHandler problems;

        ErrorPage(
                ErrorAttributes errorAttributes,
                WebProperties web,
                List<ErrorViewResolver> resolvers,
                ApiExceptionHandler problems) {
            super(errorAttributes, web.getError(), resolvers);
            this.errorAttributes = errorAttributes;
            this.problems = problems;
        }

        @Override
        @RequestMapping(produces = MediaType.TEXT_HTML_VALUE)
        public ModelAndView errorHtml(HttpServletRequest request, HttpServletResponse response) {
            if (answeredAsProblem(request, response)) {
                return null;
            }
            return super.errorHtml(request, response);
        }

        @Override
        @RequestMapping
        public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
            var attributes = (org.springframework.web.context.request.ServletRequestAttributes)
                    org.springframework.web.context.request.RequestContextHolder.currentRequestAttributes();
            if (answeredAsProblem(request, attributes.getResponse())) {
                return null;
            }
            return super.error(request);
        }

        private boolean answeredAsProblem(HttpServletRequest request, HttpServletResponse response) {
            if (response == null || !Problems.isApi(Problems.requestPath(request))) {
                return false;
            }
            Throwable error = errorAttributes.getError(new ServletWebRequest(request));
            if (error == null && request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable t) {
                error = t;
            }
            Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
            int status = code instanceof Integer i ? i : 500;
            try {
                problems.writeProblemFor(error, request, response, status);
            } catch (IOException e) {
                // the client went away
            }
            return true;
        }
    }

    /**
     * The servlet container's own error report (a URL it cannot decode, a request line it refuses, an exception no
     * one handled): problem+json under {@code /api/}, Tomcat's plain page elsewhere.
     */
    public static final class ContainerErrors extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            String uri = request.getRequestURI();
            if (status < 400 || response.getContentWritten() > 0 || uri == null || !Problems.isApi(uri)) {
                super.report(request, response, throwable);
                return;
            }
            String method = request.getMethod();
            ProblemDetail problem =
                    Problems.of(HttpStatusCode.valueOf(status), Problems.defaultDetail(status, method, uri), null);
            try {
                response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
                response.setCharacterEncoding("UTF-8");
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(new String(Problems.json(uri, problem), StandardCharsets.UTF_8));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // nothing more can be sent
            }
        }
    }
}
