package com.trueup.integration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Vendor API's request limits ({@code trueup.vendor.*}): {@code maxBodyBytes} is the largest request body (413
 * beyond it), {@code rateLimitPerSecond} how many requests one token may make per second (429 beyond it; 100, like
 * Gradient).
 */
@ConfigurationProperties("trueup.vendor")
record VendorApiSettings(
        @DefaultValue("4194304") long maxBodyBytes,
        @DefaultValue("100") long rateLimitPerSecond) {}
