package com.trueup.psa.autotask;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The Autotask connector ({@code trueup.psa.autotask.*}).
 *
 * @param zoneDiscoveryUrl where the zone (the API host) of an Autotask login is looked up
 */
@Validated
@ConfigurationProperties("trueup.psa.autotask")
record AutotaskSettings(
        @DefaultValue("https://webservices.autotask.net/atservicesrest/v1.0") @NotBlank
        String zoneDiscoveryUrl) {}
