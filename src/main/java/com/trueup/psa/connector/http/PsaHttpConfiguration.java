package com.trueup.psa.connector.http;

import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Timeouts, retry bounds and request budgets of the PSA connectors, from {@code trueup.psa.http.*} (docs/psa-connectors.md). */
@Configuration(proxyBeanMethods = false)
class PsaHttpConfiguration {

    @Bean
    PsaHttpSettings psaHttpSettings(
            @Value("${trueup.psa.http.connect-timeout:10s}") Duration connectTimeout,
            @Value("${trueup.psa.http.read-timeout:60s}") Duration readTimeout,
            @Value("${trueup.psa.http.write-timeout:60s}") Duration writeTimeout,
            @Value("${trueup.psa.http.max-read-attempts:5}") int maxReadAttempts,
            @Value("${trueup.psa.http.initial-backoff:1s}") Duration initialBackoff,
            @Value("${trueup.psa.http.max-backoff:30s}") Duration maxBackoff,
            @Value("${trueup.psa.http.max-retry-after:2m}") Duration maxRetryAfter,
            @Value("${trueup.psa.http.max-write-attempts:3}") int maxWriteAttempts,
            @Value("${trueup.psa.http.gate-wait:60s}") Duration gateWait) {
        return new PsaHttpSettings(connectTimeout, readTimeout, writeTimeout, maxReadAttempts, initialBackoff, maxBackoff,
                maxRetryAfter, maxWriteAttempts, gateWait);
    }

    @Bean
    Sleeper psaSleeper() {
        return Sleeper.system();
    }

    @Bean
    HttpKit psaHttpKit(PsaHttpSettings settings, Sleeper sleeper, Clock clock,
            @Value("${trueup.psa.http.shared-budget-share:0.5}") double sharedBudgetShare) {
        return new HttpKit(settings, sleeper, clock, new RateGates(settings.gateWait(), sharedBudgetShare, 1.0));
    }
}
