package com.trueup.integration;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** The module's settings ({@code trueup.vendor.*}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IntegrationSettings.class)
class IntegrationConfig {}
