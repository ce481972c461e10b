package com.trueup.psa.http;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Timeouts and retry bounds of the PSA connectors, from {@code trueup.psa.http.*} (see docs/psa-connectors.md). */
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
}
