package com.trueup.automation;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import com.trueup.psa.PsaEvents;
import com.trueup.reconciliation.ReconciliationEvents;
import com.trueup.shared.JobTime;
import com.trueup.shared.TenantCalendar;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The persistent jobs: {@code automation-schedule} (recurring) runs the rules whose time has come, each due run claimed
 * once cluster-wide; {@code automation-after-rebuild} (one per organisation and 10-second window, scheduled in the
 * rebuild's transaction) runs the after-rebuild rules a few seconds after the lines changed.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AutomationSettings.class)
class AutomationJobs {

    static final TaskDescriptor<String> AFTER_REBUILD = TaskDescriptor.of("automation-after-rebuild", String.class);
    private static final Logger log = LoggerFactory.getLogger(AutomationJobs.class);

    @Bean
    Task<String> automationAfterRebuildTask(@Lazy ScheduledRuns runs) {
        return Tasks.oneTime(AFTER_REBUILD)
                .execute((instance, context) -> runs.afterRebuild(UUID.fromString(instance.getData())));
    }

    @Bean
    Task<Void> automationScheduleTask(@Lazy ScheduledRuns runs, AutomationSettings settings) {
        return Tasks.recurring("automation-schedule", FixedDelay.of(settings.scheduleInterval()))
                .execute((instance, context) -> runs.due());
    }

    /** Schedules the after-rebuild run of an organisation (joins the caller's transaction). */
    @Component
    static class AfterRebuild {

        private final SchedulerClient scheduler;
        private final AutomationSettings settings;

        AfterRebuild(SchedulerClient scheduler, AutomationSettings settings) {
            this.scheduler = scheduler;
            this.settings = settings;
        }

        void schedule(UUID tenantId) {
            Instant now = JobTime.now();
            // one run per 10-second window: rebuilds in a burst share it, and one during a run gets the next window's
            String window = tenantId + ":" + now.getEpochSecond() / 10;
            scheduler.scheduleIfNotExists(AFTER_REBUILD
                    .instance(window)
                    .data(tenantId.toString())
                    .scheduledTo(now.plus(settings.afterRebuildDelay())));
        }
    }

    /** Reacts to reconciliation and PSA events, in the publisher's transaction. */
    @Component
    static class Listeners {

        private final AutomationStore store;
        private final AfterRebuild afterRebuild;
        private final Clock clock;

        Listeners(AutomationStore store, AfterRebuild afterRebuild, Clock clock) {
            this.store = store;
            this.afterRebuild = afterRebuild;
            this.clock = clock;
        }

        @EventListener
        void rebuilt(ReconciliationEvents.LinesRebuilt event) {
            if (store.hasActiveAfterRebuildRules(event.tenantId())) {
                afterRebuild.schedule(event.tenantId());
            }
        }

        /** The freshness guard needs to know how old the PSA snapshot is. */
        @EventListener
        void snapshotRefreshed(PsaEvents.SnapshotRefreshed event) {
            store.psaRefreshed(event.tenantId(), event.connectionId(), clock.instant());
        }
    }

    /** What the jobs do, as a bean of its own so tests run it without waiting for the scheduler. */
    @Component
    static class ScheduledRuns {

        private final AutomationStore store;
        private final RuleRuns runs;
        private final TenantCalendar calendar;
        private final Clock clock;

        ScheduledRuns(AutomationStore store, RuleRuns runs, TenantCalendar calendar, Clock clock) {
            this.store = store;
            this.runs = runs;
            this.calendar = calendar;
            this.clock = clock;
        }

        /** Runs every rule whose scheduled time (application clock) has come; each due run happens once. */
        void due() {
            Instant now = clock.instant();
            for (Rule rule : store.due(now)) {
                try {
                    Instant next = rule.schedule().nextAfter(now, calendar.zone(rule.tenantId()));
                    if (store.claim(rule, next)) {
                        runs.run(rule.tenantId(), rule.id(), "schedule", null);
                    }
                } catch (RuntimeException e) {
                    log.warn(
                            "Scheduled run of approval rule {} of tenant {} failed: {}",
                            rule.id(),
                            rule.tenantId(),
                            e.toString());
                }
            }
        }

        /** Runs the organisation's after-rebuild rules that are on or in dry run, top to bottom. */
        void afterRebuild(UUID tenantId) {
            for (Rule rule : store.rules(tenantId)) {
                if (rule.mode() != RuleMode.OFF && !rule.schedule().trigger().timed()) {
                    try {
                        runs.run(tenantId, rule.id(), "after-rebuild", null);
                    } catch (RuntimeException e) {
                        log.warn(
                                "After-rebuild run of approval rule {} of tenant {} failed: {}",
                                rule.id(),
                                tenantId,
                                e.toString());
                    }
                }
            }
        }
    }
}
