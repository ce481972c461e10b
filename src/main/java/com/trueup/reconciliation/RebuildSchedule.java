package com.trueup.reconciliation;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskDescriptor;
import com.trueup.shared.AfterCommit;
import com.trueup.shared.JobTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The organisation's rebuild job ({@code scheduleIfNotExists}: one waiting or running run per organisation) and what
 * this node knows of it, so that a stream of stored requests does not look the job up for every batch.
 */
@Component
class RebuildSchedule {

    static final TaskDescriptor<Void> REBUILD = TaskDescriptor.of("reconciliation-rebuild");
    private static final Duration SCHEDULE_MARGIN = Duration.ofSeconds(1);
    /** How long a run seen waiting (due, not yet picked) is trusted to still see new requests. */
    private static final Duration SEEN_WAITING = Duration.ofMillis(250);

    private final SchedulerClient scheduler;
    private final Clock clock;
    /** Runs a statement that may fail under a savepoint of the current transaction (see {@link #schedule}). */
    private final TransactionTemplate savepoint;

    /** Per organisation: until when this node's requests need not look its job up (see {@link #ensureRuns}). */
    private final Map<UUID, KnownRun> knownRuns = new java.util.concurrent.ConcurrentHashMap<>();

    private record KnownRun(Instant lookUpAgainAt) {}

    RebuildSchedule(SchedulerClient scheduler, Clock clock, PlatformTransactionManager transactions) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    /**
     * Makes sure a run of each organisation will see the requests just stored: schedules one at {@code at} unless one
     * is scheduled, or one this node knows of has not taken its last look at the requests yet.
     */
    void ensureRuns(Collection<UUID> tenantIds, Instant at) {
        for (UUID tenantId : tenantIds) {
            KnownRun known = knownRuns.get(tenantId);
            Instant jobNow = JobTime.now();
            if (known != null && jobNow.isBefore(known.lookUpAgainAt())) {
                continue; // a run this node knows of has not taken its last look at the requests yet: it will see these
            }
            if (schedule(tenantId, at)) {
                rememberAfterCommit(tenantId, known, at.minus(SCHEDULE_MARGIN));
            } else {
                scheduler
                        .getScheduledExecution(REBUILD.instanceId(tenantId.toString()))
                        .filter(waiting -> !waiting.isPicked())
                        .ifPresent(waiting -> {
                            Instant dueSoon = waiting.getExecutionTime().minus(SCHEDULE_MARGIN);
                            Instant seen = jobNow.plus(SEEN_WAITING);
                            rememberAfterCommit(tenantId, known, dueSoon.isAfter(seen) ? dueSoon : seen);
                        });
            }
        }
    }

    /**
     * A waiting run stays scheduled until a scheduler picks it (at or after its due time; only running it removes or
     * moves it), and a picked run still looks at the requests once more before it ends. So until shortly before its
     * due time, this node's requests need not look it up again: one scheduler look-up per organisation and debounce
     * instead of one per stored batch of counts. A run already due is trusted for a moment only ({@link #SEEN_WAITING}).
     * Remembered once the transaction that scheduled or saw it committed, unless this node's knowledge changed
     * meanwhile (a run of its own started or ended).
     */
    private void rememberAfterCommit(UUID tenantId, KnownRun before, Instant lookUpAgainAt) {
        KnownRun known = new KnownRun(lookUpAgainAt);
        AfterCommit.run(() -> knownRuns.compute(tenantId, (k, current) -> current == before ? known : current));
    }

    /**
     * A run of the organisation's job started on this node. Until it takes its last look at the requests
     * ({@link #runEnding}), requests stored on this node need not look the job up: the run will see them.
     */
    void runStarted(UUID tenantId) {
        knownRuns.put(tenantId, new KnownRun(Instant.MAX));
    }

    /** The run is about to take its last look at the requests; later requests look the job up again. */
    void runEnding(UUID tenantId) {
        knownRuns.put(tenantId, new KnownRun(Instant.MIN));
    }

    /** The run put itself back in the queue, due at {@code at}. */
    void runWaiting(UUID tenantId, Instant at) {
        knownRuns.put(tenantId, new KnownRun(at.minus(SCHEDULE_MARGIN)));
    }

    /** Schedules the organisation's run at {@code at} unless one is scheduled; true when this call scheduled it. */
    boolean schedule(UUID tenantId, Instant at) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            return scheduler.scheduleIfNotExists(
                    REBUILD.instance(tenantId.toString()).scheduledTo(at));
        }
        // Two transactions may schedule the same run at once: the second insert then fails on the duplicate key, and
        // PostgreSQL aborts the whole transaction (the counts, the mapping change) unless it ran under a savepoint.
        try {
            return Boolean.TRUE.equals(savepoint.execute(status -> scheduler.scheduleIfNotExists(
                    REBUILD.instance(tenantId.toString()).scheduledTo(at))));
        } catch (RuntimeException e) {
            if (jobQueued(tenantId)) {
                return false; // the other transaction's run: it will see this transaction's requests
            }
            throw e;
        }
    }

    void scheduleNow(UUID tenantId) {
        schedule(tenantId, clock.instant());
    }

    boolean jobQueued(UUID tenantId) {
        return scheduler
                .getScheduledExecution(REBUILD.instanceId(tenantId.toString()))
                .isPresent();
    }
}
