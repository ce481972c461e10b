package com.trueup.psa;

import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * PSA syncs ({@code trueup.psa.*}; the connectors' HTTP settings are {@code trueup.psa.http.*}).
 *
 * @param syncInterval how often every PSA connection's snapshot is re-read (besides syncs on demand)
 */
@Validated
@ConfigurationProperties("trueup.psa")
record PsaSettings(
        @DefaultValue("6h") @DurationMin(minutes = 1) Duration syncInterval) {}
