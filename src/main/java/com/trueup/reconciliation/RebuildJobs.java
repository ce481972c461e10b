package com.trueup.reconciliation;

import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import com.trueup.shared.BillingPeriod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The persistent jobs: {@code reconciliation-rebuild} (one instance per organisation, debounced) handles the pending
 * requests; {@code reconciliation-sweep} (every minute) rebuilds the current and previous month when the day or the
 * month moved on since their last build, and re-schedules requests whose job is gone.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReconciliationSettings.class)
class RebuildJobs {

    private static final Logger log = LoggerFactory.getLogger(RebuildJobs.class);
    /** How far back a late count may still change built months. */
    static final int MAX_MONTHS_BACK = 24;

    @Bean
    Task<Void> reconciliationRebuildTask(RebuildRunner runner) {
        return Tasks.custom(RebuildSchedule.REBUILD)
                .onFailure(new FailureHandler.MaxRetriesFailureHandler<>(
                        5, new FailureHandler.ExponentialBackoffFailureHandler<>(Duration.ofSeconds(5), 2)))
                .execute((instance, context) -> {
                    UUID tenantId = UUID.fromString(instance.getId());
                    runner.schedule.runStarted(tenantId);
                    try {
                        Optional<Instant> later = runner.deferredUntil(tenantId, context.getExecution().executionTime);
                        if (later.isPresent()) {
                            return reschedule(runner.schedule, tenantId, later.get());
                        }
                        boolean more = runner.run(tenantId);
                        if (more) {
                            return reschedule(runner.schedule, tenantId, null);
                        }
                        return new CompletionHandler.OnCompleteRemove<>();
                    } catch (RuntimeException e) {
                        runner.schedule.runEnding(tenantId);
                        throw e;
                    }
                });
    }

    /** Puts the run back in the queue at {@code at} (null: a second after it ended) and tells this node when it is due. */
    private static CompletionHandler<Void> reschedule(RebuildSchedule schedule, UUID tenantId, Instant at) {
        return (complete, operations) -> {
            Instant due = at != null ? at : complete.getTimeDone().plusSeconds(1);
            operations.reschedule(complete, due);
            schedule.runWaiting(tenantId, due);
        };
    }

    @Bean
    Task<Void> reconciliationSweepTask(RebuildRunner runner) {
        return Tasks.recurring("reconciliation-sweep", FixedDelay.ofMinutes(1))
                .execute((instance, context) -> runner.sweep());
    }

    /** What the jobs do, as a bean of its own so the work is testable without the scheduler. */
    @org.springframework.stereotype.Component
    static class RebuildRunner {

        private final PendingRebuilds pending;
        private final RebuildRequestStore requests;
        private final RebuildSchedule schedule;
        private final ReconciliationRebuilder rebuilder;
        private final ReconciliationStore store;
        private final Clock clock;

        RebuildRunner(
                PendingRebuilds pending,
                RebuildRequestStore requests,
                RebuildSchedule schedule,
                ReconciliationRebuilder rebuilder,
                ReconciliationStore store,
                Clock clock) {
            this.pending = pending;
            this.requests = requests;
            this.schedule = schedule;
            this.rebuilder = rebuilder;
            this.store = store;
            this.clock = clock;
        }

        /** When changes are still arriving: the moment to come back instead of running now (see {@link PendingRebuilds}). */
        Optional<Instant> deferredUntil(UUID tenantId, Instant dueAt) {
            return pending.deferredUntil(tenantId, dueAt);
        }

        /** Handles the organisation's pending requests; true when more arrived meanwhile. */
        boolean run(UUID tenantId) {
            List<RebuildRequest> taken = pending.pending(tenantId);
            if (taken.isEmpty()) {
                schedule.runEnding(tenantId);
                return requests.anyPending(tenantId);
            }
            LocalDate today = rebuilder.today(tenantId);
            BillingPeriod current = BillingPeriod.current(today);
            BillingPeriod previous = BillingPeriod.of(current.month().minusMonths(1), today);
            List<RebuildRequest> all = taken.stream()
                    .filter(r -> RebuildRequest.ALL.equals(r.scope()))
                    .toList();
            Map<String, RebuildRequest> series = new LinkedHashMap<>();
            for (RebuildRequest r : taken) {
                if (RebuildRequest.SERIES.equals(r.scope())) {
                    series.merge(
                            r.seriesKey(),
                            r,
                            (a, b) -> a.firstDay() == null
                                            || (b.firstDay() != null
                                                    && b.firstDay().isBefore(a.firstDay()))
                                    ? b
                                    : a);
                }
            }
            if (!all.isEmpty() || series.size() > PendingRebuilds.MAX_SERIES) {
                // a full rebuild covers every request stored before it reads the usage: take them all now, so a
                // stream of counts costs one full rebuild per run, not one per 10,000 requests
                taken = requests.all(tenantId);
                LocalDate first = null;
                for (RebuildRequest r : taken) {
                    if (r.firstDay() != null && (first == null || r.firstDay().isBefore(first))) {
                        first = r.firstDay();
                    }
                }
                for (BillingPeriod period : periodsFrom(tenantId, first, today, current, previous, true)) {
                    rebuilder.rebuild(tenantId, period);
                }
            } else {
                for (RebuildRequest r : series.values()) {
                    for (BillingPeriod period : periodsFrom(tenantId, r.firstDay(), today, current, previous, false)) {
                        rebuilder.refreshSeries(tenantId, r.integrationId(), r.accountId(), r.serviceId(), period);
                    }
                }
            }
            schedule.runEnding(tenantId);
            requests.done(tenantId, taken);
            return requests.anyPending(tenantId);
        }

        /**
         * The periods a change from {@code firstDay} touches: the current month, the previous one when the change reaches
         * into it (always for full rebuilds), and older months that were built and end after {@code firstDay}.
         */
        private Set<BillingPeriod> periodsFrom(
                UUID tenantId,
                LocalDate firstDay,
                LocalDate today,
                BillingPeriod current,
                BillingPeriod previous,
                boolean full) {
            Set<BillingPeriod> periods = new LinkedHashSet<>();
            periods.add(current);
            if (full || firstDay == null || firstDay.isBefore(previous.end())) {
                periods.add(previous);
            }
            if (firstDay != null) {
                YearMonth oldest = current.month().minusMonths(MAX_MONTHS_BACK);
                for (ReconciliationStore.PeriodRow row : store.periods(tenantId)) {
                    YearMonth month = YearMonth.parse(row.period());
                    if (month.isBefore(previous.month())
                            && !month.isBefore(oldest)
                            && row.end().isAfter(firstDay)) {
                        periods.add(BillingPeriod.of(month, today));
                    }
                }
            }
            return periods;
        }

        /** Rebuilds months whose days moved on, and re-schedules forgotten requests. */
        void sweep() {
            for (UUID tenantId : store.tenantsWithPeriods()) {
                try {
                    LocalDate today = rebuilder.today(tenantId);
                    BillingPeriod current = BillingPeriod.current(today);
                    BillingPeriod previous = BillingPeriod.of(current.month().minusMonths(1), today);
                    boolean stale = false;
                    for (BillingPeriod period : List.of(current, previous)) {
                        var row = store.period(tenantId, period.key());
                        if (row.isEmpty()
                                || row.get().builtAt() == null
                                || !row.get().end().equals(period.end())) {
                            stale = true;
                        }
                    }
                    if (stale && !requests.anyPending(tenantId)) {
                        pending.requestAll(tenantId, null);
                    }
                } catch (RuntimeException e) {
                    log.warn("Reconciliation sweep failed for tenant {}: {}", tenantId, e.toString());
                }
            }
            for (UUID tenantId :
                    requests.tenantsWithRequestsBefore(clock.instant().minus(Duration.ofSeconds(30)))) {
                if (!schedule.jobQueued(tenantId)) {
                    schedule.scheduleNow(tenantId);
                }
            }
        }
    }
}
