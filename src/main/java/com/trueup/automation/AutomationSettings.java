package com.trueup.automation;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Approval rule tuning ({@code trueup.automation.*}): {@code scheduleInterval} is how often timed schedules are checked;
 * {@code afterRebuildDelay} how long after a rebuild the after-rebuild rules run (rebuilds within that time share one
 * run); {@code maxRecordedHolds} how many held lines a run keeps in its record (approvals are always all kept).
 */
@ConfigurationProperties("trueup.automation")
record AutomationSettings(@DefaultValue("1m") Duration scheduleInterval, @DefaultValue("5s") Duration afterRebuildDelay,
                          @DefaultValue("500") int maxRecordedHolds) {
}
