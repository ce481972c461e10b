package com.trueup.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.trueup.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The rebuild debounce trails the requests: a run waits until 2 s after the newest request, never beyond 30 s after the
 * oldest. The clock is set an hour ahead so the scheduled run stays in the future while the test looks at it.
 */
class RebuildDebounceIT extends IntegrationTest {

    @Autowired
    PendingRebuilds pending;

    @Autowired
    RebuildRequestStore requests;

    @Autowired
    RebuildSchedule schedule;

    @Autowired
    SchedulerClient scheduler;

    @Autowired
    JdbcTemplate jdbc;

    private final UUID tenantId = UUID.randomUUID();

    @AfterEach
    void forget() {
        scheduler
                .getScheduledExecution(RebuildSchedule.REBUILD.instanceId(tenantId.toString()))
                .ifPresent(e -> scheduler.cancel(RebuildSchedule.REBUILD.instanceId(tenantId.toString())));
        jdbc.update("delete from reconciliation_pending where tenant_id = ?", tenantId);
    }

    private Instant scheduledRun() {
        return scheduler
                .getScheduledExecution(RebuildSchedule.REBUILD.instanceId(tenantId.toString()))
                .orElseThrow()
                .getExecutionTime();
    }

    private void countArrives() {
        pending.requestSeries(
                tenantId, UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), LocalDate.of(2026, 11, 20));
    }

    @Test
    void aSingleChangeRunsTwoSecondsAfterIt() {
        Instant start = Instant.now().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        clock.set(start);
        countArrives();
        assertThat(scheduledRun()).isEqualTo(start.plusSeconds(2));
        clock.set(start.plusSeconds(2));
        assertThat(pending.deferredUntil(tenantId, scheduledRun())).isEmpty();
    }

    @Test
    void aStreamOfChangesDefersTheRunUntilItPausesOrThirtySecondsAfterTheFirst() {
        Instant start = Instant.now().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        for (int second = 0; second <= 10; second++) {
            clock.set(start.plusSeconds(second));
            countArrives();
        }
        assertThat(scheduledRun())
                .isEqualTo(start.plusSeconds(2)); // scheduled by the first request, not moved by others
        // due at +2 s, but the newest request is from +10 s: wait for a quiet period after it
        assertThat(pending.deferredUntil(tenantId, start.plusSeconds(2))).contains(start.plusSeconds(12));
        assertThat(pending.deferredUntil(tenantId, start.plusSeconds(12))).isEmpty();

        for (int second = 11; second <= 40; second++) {
            clock.set(start.plusSeconds(second));
            countArrives();
        }
        // counts kept coming for 40 s: the run waits no longer than 30 s after the first of them
        assertThat(pending.deferredUntil(tenantId, start.plusSeconds(12))).contains(start.plusSeconds(30));
        assertThat(pending.deferredUntil(tenantId, start.plusSeconds(30))).isEmpty();
        assertThat(jdbc.queryForObject(
                        "select count(*) from reconciliation_pending where tenant_id = ?", Long.class, tenantId))
                .isEqualTo(41);
    }

    @Test
    void nothingPendingRunsAtOnce() {
        assertThat(pending.deferredUntil(tenantId, Instant.now())).isEmpty();
    }

    @Autowired
    RebuildJobs.RebuildRunner runner;

    /** A full rebuild covers every request stored before it: a long stream's many thousands are handled by one run. */
    @Test
    void aFullRebuildTakesEveryRequestStoredBeforeIt() {
        var t = tenants.create();
        Instant now = Instant.now();
        List<Object[]> rows = new java.util.ArrayList<>();
        for (int i = 0; i < 10_500; i++) {
            rows.add(new Object[] {
                UUID.randomUUID(),
                t.id(),
                RebuildRequest.SERIES,
                UUID.randomUUID(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                java.sql.Date.valueOf(LocalDate.now()),
                java.sql.Timestamp.from(now.plusMillis(i)),
                java.sql.Timestamp.from(now.plusMillis(i))
            });
        }
        jdbc.batchUpdate(
                "insert into reconciliation_pending (id, tenant_id, scope, integration_id, account_id, service_id, "
                        + "first_day, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows);
        assertThat(runner.run(t.id())).as("more requests left").isFalse();
        assertThat(jdbc.queryForObject(
                        "select count(*) from reconciliation_pending where tenant_id = ?", Long.class, t.id()))
                .isZero();
    }

    /** Once more series wait than a run handles one by one, a stream's batches store one request for all their series. */
    @Test
    void beyondTheSeriesARunHandlesOneByOneBatchesStoreOneRequestForAll() {
        for (int i = 0; i < PendingRebuilds.MAX_SERIES; i++) {
            countArrives();
        }
        assertThat(scopes()).containsOnlyKeys(RebuildRequest.SERIES);
        pending.flush(List.of(
                new RebuildRequest(
                        UUID.randomUUID(),
                        tenantId,
                        RebuildRequest.SERIES,
                        UUID.randomUUID(),
                        UUID.randomUUID(),
                        UUID.randomUUID(),
                        LocalDate.of(2026, 11, 21)),
                new RebuildRequest(
                        UUID.randomUUID(),
                        tenantId,
                        RebuildRequest.SERIES,
                        UUID.randomUUID(),
                        UUID.randomUUID(),
                        UUID.randomUUID(),
                        LocalDate.of(2026, 11, 3))));
        assertThat(scopes())
                .containsEntry(RebuildRequest.SERIES, (long) PendingRebuilds.MAX_SERIES)
                .containsEntry(RebuildRequest.ALL, 1L);
        assertThat(jdbc.queryForObject(
                        "select first_day from reconciliation_pending where tenant_id = ? and scope = ?",
                        LocalDate.class,
                        tenantId,
                        RebuildRequest.ALL))
                .isEqualTo(LocalDate.of(2026, 11, 3));

        // later batches merge into that row instead of adding rows; its first day reaches back as far as any of them
        pending.flush(List.of(seriesRequest(LocalDate.of(2026, 11, 1))));
        pending.flush(List.of(seriesRequest(null)));
        assertThat(scopes()).containsEntry(RebuildRequest.ALL, 1L);
        assertThat(jdbc.queryForObject(
                        "select first_day from reconciliation_pending where tenant_id = ? and scope = ?",
                        LocalDate.class,
                        tenantId,
                        RebuildRequest.ALL))
                .isEqualTo(LocalDate.of(2026, 11, 1));
        assertThat(jdbc.queryForObject(
                        "select version from reconciliation_pending where tenant_id = ? and scope = ?",
                        Long.class,
                        tenantId,
                        RebuildRequest.ALL))
                .isEqualTo(2);

        // a run's first look at the requests starts the count again
        assertThat(pending.pending(tenantId)).hasSize(PendingRebuilds.MAX_SERIES + 1);
        countArrives();
        assertThat(scopes()).containsEntry(RebuildRequest.SERIES, PendingRebuilds.MAX_SERIES + 1L);
    }

    private RebuildRequest seriesRequest(LocalDate firstDay) {
        return new RebuildRequest(
                null,
                tenantId,
                RebuildRequest.SERIES,
                UUID.randomUUID(),
                UUID.randomUUID(),
                UUID.randomUUID(),
                firstDay);
    }

    /**
     * A request merged into a row after a run read it is not lost: the run deletes only what it read unchanged, and the
     * next run finds the row. Once a run deleted the row, the next request stores a new one.
     */
    @Test
    void aRequestMergedAfterARunReadTheRowStaysForTheNextRun() {
        pending.requestAll(tenantId, null);
        countArrives();
        List<RebuildRequest> read = requests.all(tenantId);
        assertThat(read).hasSize(2);

        pending.requestAll(tenantId, LocalDate.of(2026, 10, 5)); // arrives while the run rebuilds
        requests.done(tenantId, read);
        List<RebuildRequest> left = pending.pending(tenantId);
        assertThat(left).singleElement().satisfies(r -> {
            assertThat(r.scope()).isEqualTo(RebuildRequest.ALL);
            assertThat(r.firstDay()).isEqualTo(LocalDate.of(2026, 10, 5));
            assertThat(r.version()).isEqualTo(1);
        });

        requests.done(tenantId, left);
        assertThat(requests.anyPending(tenantId)).isFalse();
        pending.requestAll(tenantId, null);
        assertThat(pending.pending(tenantId)).singleElement().satisfies(r -> {
            assertThat(r.id()).isNotEqualTo(left.get(0).id());
            assertThat(r.version()).isZero();
            assertThat(r.firstDay()).isNull();
        });
    }

    /** Requests merged into one row keep the debounce: it trails the newest and stops 30 s after the oldest. */
    @Test
    void mergedRequestsDeferTheRunLikeSeparateOnes() {
        Instant start = Instant.now().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        for (int second = 0; second <= 40; second++) {
            clock.set(start.plusSeconds(second));
            pending.requestAll(tenantId, null);
            if (second == 10) {
                assertThat(pending.deferredUntil(tenantId, start.plusSeconds(2)))
                        .contains(start.plusSeconds(12));
            }
        }
        assertThat(scopes()).containsExactly(java.util.Map.entry(RebuildRequest.ALL, 1L));
        assertThat(pending.deferredUntil(tenantId, start.plusSeconds(12))).contains(start.plusSeconds(30));
        assertThat(pending.deferredUntil(tenantId, start.plusSeconds(30))).isEmpty();
    }

    private java.util.Map<String, Long> scopes() {
        java.util.Map<String, Long> scopes = new java.util.TreeMap<>();
        jdbc.query(
                "select scope, count(*) from reconciliation_pending where tenant_id = ? group by scope",
                rs -> {
                    scopes.put(rs.getString(1), rs.getLong(2));
                },
                tenantId);
        return scopes;
    }

    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;

    /** Two count batches (or a batch and a mapping change) scheduling the organisation's first run at the same moment. */
    @Test
    void twoTransactionsSchedulingTheSameRunAtOnceBothCommit() throws Exception {
        var tx = new org.springframework.transaction.support.TransactionTemplate(transactions);
        Instant at = Instant.now().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        var firstInserted = new java.util.concurrent.CountDownLatch(1);
        var secondStarted = new java.util.concurrent.CountDownLatch(1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var first = pool.submit(() -> tx.execute(status -> {
                boolean scheduled = schedule.schedule(tenantId, at);
                firstInserted.countDown();
                try {
                    secondStarted.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                // commits once the second transaction's insert waits for this one's uncommitted row
                await().atMost(Duration.ofSeconds(30)).until(this::aSessionWaitsForALock);
                return scheduled;
            }));
            firstInserted.await();
            var second = pool.submit(() -> tx.execute(status -> {
                secondStarted.countDown();
                boolean scheduled = schedule.schedule(tenantId, at);
                // the transaction is still usable: what it stored before and after commits
                jdbc.update(
                        "insert into reconciliation_pending (id, tenant_id, scope, created_at, updated_at) values (?, ?, ?, ?, ?)",
                        UUID.randomUUID(),
                        tenantId,
                        RebuildRequest.ALL,
                        java.sql.Timestamp.from(at),
                        java.sql.Timestamp.from(at));
                return scheduled;
            }));
            assertThat(first.get(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(second.get(60, java.util.concurrent.TimeUnit.SECONDS)).isFalse();
        } finally {
            pool.shutdownNow();
        }
        assertThat(scheduledRun()).isEqualTo(at);
        assertThat(scopes()).containsEntry(RebuildRequest.ALL, 1L);
    }

    /**
     * True while a session of the test database waits to insert a scheduled run another transaction holds (H2 shows
     * no lock waits: a waiting insert is one that keeps running).
     */
    private boolean aSessionWaitsForALock() {
        String waiting = com.trueup.support.TestDatabases.isPostgres()
                ? "select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'"
                : "select count(*) from information_schema.sessions where lower(executing_statement) like 'insert into scheduled_tasks%'";
        return jdbc.queryForObject(waiting, Long.class) > 0;
    }
}
