package com.trueup.writeback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.trueup.TrueUpApplication;
import com.trueup.psa.FakePsaSnapshot;
import com.trueup.psa.FakePsaWriter.Op;
import com.trueup.psa.PsaConnectionInfo;
import com.trueup.support.TestDatabases;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Restart and cluster safety with real extra application instances on a database of their own: what was queued while
 * no scheduler ran is delivered exactly once after a restart (also a delivery cut off mid-write), and two instances
 * running at once deliver each write-back exactly once.
 */
class WriteBackRestartIT extends WriteBackItBase {

    @Test
    void writeBacksQueuedWhileNoSchedulerRunsAreDeliveredExactlyOnceAfterARestart() {
        Map<String, String> db = TestDatabases.newDatabase();
        UUID tenantId = UUID.randomUUID();
        PsaConnectionInfo connection = snapshot.connect(tenantId, FakePsaSnapshot.UPDATES_ONLY);
        List<UUID> lines = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        UUID landedLine;
        UUID landedId;
        UUID cutOffLine;
        UUID cutOffId;

        try (ConfigurableApplicationContext stopped = start(db, false)) {
            for (int i = 0; i < 5; i++) {
                UUID line = psa.newLine("10");
                lines.add(line);
                ids.add(enqueue(stopped, tenantId, connection, line, "10", "1" + (i + 1)));
            }
            // Two deliveries cut off by a crash mid-attempt: one after the PSA took the write, one before it did.
            landedLine = psa.newLine("10");
            landedId = enqueue(stopped, tenantId, connection, landedLine, "10", "20");
            crashMidAttempt(stopped, tenantId, landedId);
            psa.changeInPsa(landedLine, "20");
            cutOffLine = psa.newLine("10");
            cutOffId = enqueue(stopped, tenantId, connection, cutOffLine, "10", "21");
            crashMidAttempt(stopped, tenantId, cutOffId);

            assertThat(statuses(stopped, tenantId)).containsOnlyKeys("queued", "writing");
            for (UUID line : lines) {
                assertThat(psa.calls(Op.READ, line)).isEmpty();
            }
        }

        try (ConfigurableApplicationContext restarted = start(db, true)) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> statuses(restarted, tenantId).equals(Map.of("written", 7L)));
            for (int i = 0; i < lines.size(); i++) {
                var writes = psa.calls(Op.SET, lines.get(i));
                assertThat(writes).hasSize(1);
                assertThat(writes.get(0).idempotencyKey()).isEqualTo(ids.get(i).toString());
                assertThat(psa.quantity(lines.get(i))).isEqualByComparingTo(new BigDecimal("1" + (i + 1)));
            }
            assertThat(psa.calls(Op.SET, landedLine)).isEmpty();
            assertThat(psa.calls(Op.SET, cutOffLine)).hasSize(1);
            assertThat(psa.quantity(cutOffLine)).isEqualByComparingTo("21");
            assertThat(attempts(restarted, tenantId, landedId)).isEqualTo(2);
            assertThat(attempts(restarted, tenantId, cutOffId)).isEqualTo(2);
        }
    }

    @Test
    void twoInstancesRunningAtOnceDeliverEachWriteBackExactlyOnce() {
        Map<String, String> db = TestDatabases.newDatabase();
        UUID tenantId = UUID.randomUUID();
        PsaConnectionInfo connection = snapshot.connect(tenantId, FakePsaSnapshot.UPDATES_ONLY);
        List<UUID> lines = new ArrayList<>();

        try (ConfigurableApplicationContext first = start(db, true);
                ConfigurableApplicationContext second = start(db, true)) {
            for (int i = 0; i < 30; i++) {
                UUID line = psa.newLine("10");
                lines.add(line);
                enqueue(i % 2 == 0 ? first : second, tenantId, connection, line, "10", "12");
            }
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> statuses(first, tenantId).equals(Map.of("written", 30L)));
            for (UUID line : lines) {
                assertThat(psa.calls(Op.SET, line)).hasSize(1);
                assertThat(psa.calls(Op.READ, line)).hasSize(1);
            }
            assertThat(first.getBean(JdbcClient.class)
                            .sql("select count(*) from scheduled_tasks where task_name = :t")
                            .param("t", DeliveryJobs.TASK.getTaskName())
                            .query(Long.class)
                            .single())
                    .isZero();
        }
    }

    /** Another application instance on {@code db}; {@code jobs} false means no scheduler runs in it. */
    private static ConfigurableApplicationContext start(Map<String, String> db, boolean jobs) {
        return new SpringApplicationBuilder(TrueUpApplication.class, FakePsaConfig.class)
                .profiles("test")
                .run(
                        "--spring.datasource.url=" + db.get("url"),
                        "--spring.datasource.username=" + db.get("username"),
                        "--spring.datasource.password=" + db.get("password"),
                        "--server.port=0",
                        "--trueup.data-dir=" + System.getProperty("java.io.tmpdir") + "/trueup-test-data",
                        "--trueup.jobs.enabled=" + jobs,
                        "--trueup.writeback.backoff-base=1s",
                        "--trueup.writeback.backoff-max=2s",
                        "--trueup.writeback.wait-interval=1s");
    }

    private static UUID enqueue(
            ConfigurableApplicationContext app,
            UUID tenantId,
            PsaConnectionInfo connection,
            UUID line,
            String expected,
            String target) {
        var request = new WriteBackRequest(
                tenantId,
                UUID.randomUUID(),
                connection.id(),
                line,
                UUID.randomUUID(),
                UUID.randomUUID(),
                new BigDecimal(expected),
                new BigDecimal(target),
                new BigDecimal(target),
                AUGUST_1,
                "approver@msp.test");
        return app.getBean(TransactionTemplate.class)
                .execute(s -> app.getBean(WriteBacks.class).enqueue(request));
    }

    /**
     * What a crash in the middle of an attempt leaves behind: the row marked writing with the attempt counted, and its
     * job picked by an instance that stopped sending heartbeats long ago.
     */
    private static void crashMidAttempt(ConfigurableApplicationContext app, UUID tenantId, UUID id) {
        JdbcClient jdbc = app.getBean(JdbcClient.class);
        jdbc.sql("update write_back set status = 'writing', attempts = 1 where tenant_id = :t and id = :id")
                .param("t", tenantId)
                .param("id", id)
                .update();
        Timestamp longAgo = Timestamp.from(Instant.now().minus(Duration.ofHours(2)));
        assertThat(jdbc.sql("""
                update scheduled_tasks set picked = true, picked_by = 'crashed-instance', last_heartbeat = :ago,
                  execution_time = :ago, version = version + 1
                where task_name = :task and task_instance like :id""")
                        .param("ago", longAgo)
                        .param("task", DeliveryJobs.TASK.getTaskName())
                        .param("id", id + ":%")
                        .update())
                .isEqualTo(1);
    }

    private static Map<String, Long> statuses(ConfigurableApplicationContext app, UUID tenantId) {
        Map<String, Long> counts = new java.util.TreeMap<>();
        app.getBean(JdbcClient.class)
                .sql("select status, count(*) n from write_back where tenant_id = :t group by status")
                .param("t", tenantId)
                .query(rs -> {
                    counts.put(rs.getString("status"), rs.getLong("n"));
                });
        return counts;
    }

    private static int attempts(ConfigurableApplicationContext app, UUID tenantId, UUID id) {
        return app.getBean(JdbcClient.class)
                .sql("select attempts from write_back where tenant_id = :t and id = :id")
                .param("t", tenantId)
                .param("id", id)
                .query(Integer.class)
                .single();
    }
}
