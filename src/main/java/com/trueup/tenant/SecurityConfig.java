package com.trueup.tenant;

import com.trueup.shared.Problems;
import java.util.Map;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Three ways in: the browser UI (form login, session, CSRF on every form and htmx request), the REST API
 * under {@code /api/v1} (stateless: HTTP Basic or a personal bearer token, so no CSRF), and operations
 * endpoints. The Vendor API has its own chain in the vendor module.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
@EnableConfigurationProperties(TenantSettings.class)
class SecurityConfig {

    @Bean
    PasswordEncoder passwordEncoder(TenantSettings settings) {
        return new DelegatingPasswordEncoder(
                "bcrypt",
                Map.of("bcrypt", new BCryptPasswordEncoder(settings.security().bcryptStrength())));
    }

    /**
     * No observation per security filter: it records a metric and a trace event for every filter of every request,
     * which cost about a third of the CPU of a Vendor API count. Request metrics ({@code http.server.requests}) stay.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.fromHierarchy("""
                ROLE_ADMIN > ROLE_APPROVER
                ROLE_APPROVER > ROLE_VIEWER""");
    }

    @Bean
    AccountAuthentication accountAuthentication(UserAccounts users, PasswordEncoder passwords) {
        return new AccountAuthentication(users, passwords);
    }

    @Bean
    @Order(1)
    SecurityFilterChain operations(HttpSecurity http) throws Exception {
        http.securityMatcher("/actuator/**")
                .authorizeHttpRequests(
                        a -> a.requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/info")
                                .permitAll()
                                .anyRequest()
                                .hasRole("ADMIN"))
                .httpBasic(b -> b.authenticationEntryPoint(problemEntryPoint()))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(c -> c.disable());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain api(HttpSecurity http, ApiTokens tokens) throws Exception {
        http.securityMatcher("/api/v1/**")
                .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .httpBasic(b -> b.authenticationEntryPoint(problemEntryPoint()))
                .addFilterBefore(new BearerTokenFilter(tokens, problemEntryPoint()), BasicAuthenticationFilter.class)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(
                        e -> e.authenticationEntryPoint(problemEntryPoint()).accessDeniedHandler(problemAccessDenied()))
                .csrf(c -> c.disable());
        return http.build();
    }

    @Bean
    @Order(10)
    SecurityFilterChain ui(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(a -> a.requestMatchers(
                                "/login",
                                "/signup",
                                "/error",
                                "/css/**",
                                "/js/**",
                                "/img/**",
                                "/webjars/**",
                                "/favicon.ico",
                                "/v3/api-docs/**",
                                "/swagger-ui/**",
                                "/swagger-ui.html")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .formLogin(
                        f -> f.loginPage("/login").defaultSuccessUrl("/", false).permitAll())
                .logout(l -> l.logoutSuccessUrl("/login?logout").permitAll())
                .csrf(Customizer.withDefaults())
                .headers(
                        h -> h.contentSecurityPolicy(
                                csp -> csp.policyDirectives(
                                        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'")));
        return http.build();
    }

    static AuthenticationEntryPoint problemEntryPoint() {
        return (request, response, ex) -> {
            response.setHeader("WWW-Authenticate", "Basic realm=\"TrueUp\", Bearer");
            Problems.write(
                    request,
                    response,
                    Problems.of(
                            HttpStatus.UNAUTHORIZED,
                            "Authentication required: use HTTP Basic with your e-mail and password, or 'Authorization: Bearer <API token>'.",
                            null));
        };
    }

    static AccessDeniedHandler problemAccessDenied() {
        return (request, response, ex) -> Problems.write(
                request, response, Problems.of(HttpStatus.FORBIDDEN, "Your role does not allow this action.", null));
    }
}
