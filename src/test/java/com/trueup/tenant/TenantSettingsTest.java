package com.trueup.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

class TenantSettingsTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(TenantSettings.class)
    static class Settings {}

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(Settings.class);

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        context.run(c -> {
            TenantSettings settings = c.getBean(TenantSettings.class);
            assertThat(settings.signupEnabled()).isFalse();
            assertThat(settings.admin()).isEqualTo(new TenantSettings.Admin("admin@trueup.local", "", "My MSP", "UTC"));
            assertThat(settings.security().bcryptStrength()).isEqualTo(12);
        });
    }

    /** application.yml maps TRUEUP_ORGANISATION_NAME and TRUEUP_TIME_ZONE to empty values when they are unset. */
    @Test
    void anEmptyFirstAdminSettingStandsForItsDefault() {
        context.withPropertyValues("trueup.admin.email=", "trueup.admin.organisation=", "trueup.admin.time-zone= ")
                .run(c -> assertThat(c.getBean(TenantSettings.class).admin())
                        .isEqualTo(new TenantSettings.Admin("admin@trueup.local", "", "My MSP", "UTC")));
    }

    @Test
    void thePasswordIsNeverShown() {
        assertThat(new TenantSettings.Admin("a@b.test", "s3cret-password", "Org", "UTC").toString())
                .doesNotContain("s3cret-password");
    }

    @Test
    void aHashingStrengthBCryptRefusesStopsTheStartNamingTheSetting() {
        context.withPropertyValues("trueup.security.bcrypt-strength=40").run(c -> {
            assertThat(c).hasFailed();
            // a nested record's setting is named by its prefix and field path
            assertThat(c.getStartupFailure())
                    .rootCause()
                    .hasMessageContaining("object 'trueup'")
                    .hasMessageContaining("field 'security.bcryptStrength'")
                    .hasMessageContaining("[40]");
        });
    }
}
