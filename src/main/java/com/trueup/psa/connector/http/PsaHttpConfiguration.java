package com.trueup.psa.connector.http;

import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The connectors' shared HTTP kit, from {@link PsaHttpSettings} ({@code trueup.psa.http.*}, docs/psa-connectors.md). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PsaHttpSettings.class)
class PsaHttpConfiguration {

    @Bean
    Sleeper psaSleeper() {
        return Sleeper.system();
    }

    @Bean
    HttpKit psaHttpKit(PsaHttpSettings settings, Sleeper sleeper, Clock clock) {
        return new HttpKit(settings, sleeper, clock, new RateGates(settings, 1.0));
    }
}
