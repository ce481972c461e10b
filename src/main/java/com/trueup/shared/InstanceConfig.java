package com.trueup.shared;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** The instance-wide settings several modules read. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(InstanceSettings.class)
class InstanceConfig {}
