package com.trueup.psa.connector.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

class PsaHttpSettingsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(PsaHttpSettings.class)
    static class Settings {}

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Settings.class);

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        assertThat(PsaHttpSettings.defaults())
                .isEqualTo(new PsaHttpSettings(
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(60),
                        Duration.ofSeconds(60),
                        5,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(30),
                        Duration.ofMinutes(2),
                        3,
                        Duration.ofSeconds(60),
                        0.5,
                        10_000,
                        Duration.ofDays(31),
                        Duration.ofHours(2),
                        10_000,
                        Duration.ofHours(1)));
        context.run(c -> assertThat(c.getBean(PsaHttpSettings.class)).isEqualTo(PsaHttpSettings.defaults()));
    }

    @Test
    void settingsAreBoundByTheirDocumentedNames() {
        context.withPropertyValues(
                        "trueup.psa.http.read-timeout=5s",
                        "trueup.psa.http.shared-budget-share=0.25",
                        "trueup.psa.http.discovery-cache-expiry=10m")
                .run(c -> {
                    PsaHttpSettings settings = c.getBean(PsaHttpSettings.class);
                    assertThat(settings.readTimeout()).isEqualTo(Duration.ofSeconds(5));
                    assertThat(settings.sharedBudgetShare()).isEqualTo(0.25);
                    assertThat(settings.discoveryCacheExpiry()).isEqualTo(Duration.ofMinutes(10));
                });
    }

    @Test
    void aValueThatWouldBreakConnectorsStopsTheStartNamingTheSetting() {
        for (String bad : new String[] {
            "trueup.psa.http.shared-budget-share=1.5",
            "trueup.psa.http.shared-budget-share=0",
            "trueup.psa.http.max-read-attempts=0",
            "trueup.psa.http.read-timeout=0s",
            "trueup.psa.http.token-cache-size=-1"
        }) {
            context.withPropertyValues(bad).run(c -> {
                assertThat(c).as(bad).hasFailed();
                assertThat(c.getStartupFailure())
                        .as(bad)
                        .rootCause()
                        .hasMessageContaining(bad.substring(0, bad.indexOf('=')));
            });
        }
    }
}
