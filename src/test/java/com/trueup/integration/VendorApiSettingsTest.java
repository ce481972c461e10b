package com.trueup.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The Vendor API's limits keep their property names and defaults. */
class VendorApiSettingsTest {

    private static VendorApiSettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("trueup.vendor", Bindable.of(VendorApiSettings.class));
    }

    @Test
    void defaults() {
        assertThat(bind(Map.of())).isEqualTo(new VendorApiSettings(4_194_304, 100));
    }

    @Test
    void setByTheirPropertyNames() {
        assertThat(bind(Map.of(
                        "trueup.vendor.max-body-bytes",
                        "1024",
                        "trueup.vendor.rate-limit-per-second",
                        "7",
                        "trueup.vendor.ingest.threads",
                        "3")))
                .isEqualTo(new VendorApiSettings(1024, 7));
    }
}
