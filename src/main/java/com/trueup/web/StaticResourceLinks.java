package com.trueup.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

/**
 * Links in templates go through {@code response.encodeURL}, where Spring's {@link ResourceUrlEncodingFilter} rewrites
 * static files to their resolved URL (e.g. a webjar path to its versioned path). It asks the resource resolvers for
 * EVERY link, and a link that is no static file (a page, a form action) is looked up on the whole classpath each time,
 * without caching the miss: on the reconcile page (hundreds of form actions) that was most of the rendering time.
 * <p>
 * This filter replaces the auto-configured one (same dispatcher types) and consults the resolvers only for links to a
 * file name with an extension, which every static file and webjar file has; all other links are encoded by the
 * container directly, exactly as the resolvers would have left them (they resolve only existing resources).
 */
@Configuration(proxyBeanMethods = false)
class StaticResourceLinks {

    @Bean
    FilterRegistrationBean<ResourceUrlEncodingFilter> resourceUrlEncodingFilter() {
        FilterRegistrationBean<ResourceUrlEncodingFilter> registration =
                new FilterRegistrationBean<>(new StaticFilesOnly());
        registration.setDispatcherTypes(DispatcherType.REQUEST, DispatcherType.ERROR);
        return registration;
    }

    /** True when the link's last path segment has a file extension (query string and fragment ignored). */
    static boolean looksLikeFile(String url) {
        int end = url.length();
        int query = url.indexOf('?');
        if (query >= 0) {
            end = query;
        }
        int fragment = url.indexOf('#');
        if (fragment >= 0 && fragment < end) {
            end = fragment;
        }
        int slash = url.lastIndexOf('/', end - 1);
        int dot = url.lastIndexOf('.', end - 1);
        return dot > slash && dot < end - 1;
    }

    static final class StaticFilesOnly extends ResourceUrlEncodingFilter {

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (!(response instanceof HttpServletResponse original)) {
                super.doFilter(request, response, chain);
                return;
            }
            super.doFilter(
                    request,
                    response,
                    (req, resolving) ->
                            chain.doFilter(req, new HttpServletResponseWrapper((HttpServletResponse) resolving) {
                                @Override
                                public String encodeURL(String url) {
                                    return looksLikeFile(url) ? super.encodeURL(url) : original.encodeURL(url);
                                }
                            }));
        }
    }
}
