package com.trueup.automation;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Approval rules ({@code trueup.automation.*}, docs/automation.md).
 *
 * @param scheduleInterval how often timed rule schedules are checked
 * @param afterRebuildDelay how long after a rebuild the after-rebuild rules run (rebuilds within that time share one
 *        run)
 * @param maxRecordedHolds held lines kept per run record (approvals are always all kept)
 */
@Validated
@ConfigurationProperties("trueup.automation")
record AutomationSettings(
        @DefaultValue("1m") @DurationMin(seconds = 1) Duration scheduleInterval,
        @DefaultValue("5s") @DurationMin(millis = 0) Duration afterRebuildDelay,
        @DefaultValue("500") @Min(0) int maxRecordedHolds) {}
