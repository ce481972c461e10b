package com.trueup.shared;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The persistent jobs ({@code trueup.jobs.*}).
 *
 * @param pollingInterval how often this instance looks for due jobs (jobs scheduled by this instance start at once)
 * @param threads jobs this instance runs at once
 * @param enabled whether this instance runs jobs at all (false: it only schedules them, for other instances)
 */
@Validated
@ConfigurationProperties("trueup.jobs")
record JobsSettings(
        @DefaultValue("1s") @DurationMin(millis = 1) Duration pollingInterval,
        @DefaultValue("4") @Min(1) int threads,
        @DefaultValue("true") boolean enabled) {}
