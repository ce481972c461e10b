package com.trueup.psa;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

class PsaSyncIT extends PsaIntegrationTest {

    @Autowired
    TestPsaConnectors.StubConnector stub;

    @Autowired
    TestPsaConnectors.RefreshedEvents events;

    @Autowired
    PsaSnapshot snapshot;

    @Autowired
    PlatformTransactionManager transactions;

    private UUID stubConnection(com.trueup.support.TestTenants.TestTenant t) {
        return createConnection(
                t,
                Map.of(
                        "type",
                        TestPsaConnectors.StubConnector.TYPE,
                        "name",
                        "Stub PSA",
                        "credentials",
                        Map.of("user", "u")));
    }

    @Test
    void aFailedSyncLeavesThePreviousSnapshotIntact() {
        var t = tenants.create();
        UUID id = stubConnection(t);
        stub.script(id).companies = List.of("Alpha Dental", "Beta Logistics", "Gamma Legal");
        var first = syncAndWait(t, id);
        assertThat(first.get("status").asString()).isEqualTo("succeeded");
        assertThat(first.get("counts").get("companies").asInt()).isEqualTo(3);
        assertThat(first.get("counts").get("billableLines").asInt()).isEqualTo(3);
        var companiesBefore = snapshot.companies(t.id(), id);
        var linesBefore = snapshot.billableLines(t.id(), id);
        assertThat(companiesBefore)
                .extracting(PsaCompany::name)
                .containsExactly("Alpha Dental", "Beta Logistics", "Gamma Legal");

        // the PSA now has other data, and fails after the first page was read
        stub.script(id).companies = List.of("Zeta Only");
        stub.script(id).failReadWith = "503 Service Unavailable: maintenance";
        var failed = syncAndWait(t, id);
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("error").asString()).isEqualTo("503 Service Unavailable: maintenance");
        assertThat(failed.get("counts").isNull()).isTrue();
        assertThat(failed.get("finishedAt").isNull()).isFalse();

        assertThat(snapshot.companies(t.id(), id)).isEqualTo(companiesBefore);
        assertThat(snapshot.billableLines(t.id(), id)).isEqualTo(linesBefore);
        assertThat(t.api()
                        .get("/api/v1/psa-connections/" + id + "/companies")
                        .json()
                        .get("total")
                        .asInt())
                .isEqualTo(3);
        var connection = t.api().get("/api/v1/psa-connections/" + id).json();
        assertThat(connection.get("status").asString()).isEqualTo("error");
        assertThat(connection.get("lastSyncRun").get("status").asString()).isEqualTo("failed");
        assertThat(t.api().get("/api/v1/audit-events?kind=psa.sync").body())
                .contains("psa.sync.failed")
                .contains("psa.sync.succeeded")
                .contains("503 Service Unavailable");

        // once the PSA is back, the next sync replaces the snapshot; ids of companies still there are kept
        stub.script(id).failReadWith = null;
        stub.script(id).companies = List.of("Alpha Dental", "Delta Dental");
        var third = syncAndWait(t, id);
        assertThat(third.get("status").asString()).isEqualTo("succeeded");
        var after = snapshot.companies(t.id(), id);
        assertThat(after).extracting(PsaCompany::name).containsExactly("Alpha Dental", "Delta Dental");
        assertThat(after.get(0).id()).isEqualTo(companiesBefore.get(0).id());
        assertThat(snapshot.billableLines(t.id(), id)).hasSize(2);

        var runs = t.api()
                .get("/api/v1/psa-connections/" + id + "/sync-runs")
                .json()
                .get("items");
        assertThat(runs).hasSize(3);
        assertThat(runs.get(0).get("status").asString()).isEqualTo("succeeded");
        assertThat(runs.get(1).get("status").asString()).isEqualTo("failed");
        assertThat(runs.get(0).get("requestedBy").asString())
                .isEqualTo(t.admin().email());
    }

    @Test
    void snapshotRefreshedIsPublishedAfterASuccessfulSyncOnly() {
        var t = tenants.create();
        UUID id = stubConnection(t);
        stub.script(id).companies = List.of("Only Co");
        var run = syncAndWait(t, id);
        UUID runId = UUID.fromString(run.get("id").asString());
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() ->
                        events.received.stream().anyMatch(e -> e.syncRunId().equals(runId)));
        assertThat(events.received)
                .filteredOn(e -> e.connectionId().equals(id))
                .containsExactly(new PsaEvents.SnapshotRefreshed(t.id(), id, runId));

        stub.script(id).failReadWith = "boom";
        syncAndWait(t, id);
        assertThat(events.received).filteredOn(e -> e.connectionId().equals(id)).hasSize(1);
    }

    @Test
    void requestsWhileARunIsWaitingCoalesce() {
        var t = tenants.create();
        UUID id = stubConnection(t);
        stub.script(id).companies = List.of("Co");
        // in one transaction, so the job cannot start in between
        UUID[] ids = new TransactionTemplate(transactions).execute(s -> new UUID[] {
            snapshot.requestSync(t.id(), id, "a@test"),
            snapshot.requestSync(t.id(), id, "b@test"),
            snapshot.syncRunning(t.id()) ? UUID.randomUUID() : null
        });
        UUID a = ids[0];
        assertThat(ids[1]).isEqualTo(a);
        assertThat(ids[2]).as("sync running").isNotNull();
        var run = waitForRun(t, a.toString());
        assertThat(run.get("status").asString()).isEqualTo("succeeded");
        assertThat(snapshot.syncRunning(t.id())).isFalse();
        assertThat(t.api()
                        .get("/api/v1/psa-connections/" + id + "/sync-runs")
                        .json()
                        .get("items"))
                .hasSize(1);
        UUID next = snapshot.requestSync(t.id(), id, "c@test");
        assertThat(next).isNotEqualTo(a);
        assertThat(waitForRun(t, next.toString()).get("status").asString()).isEqualTo("succeeded");
    }

    @Test
    void aQuantityWrittenWhileASyncWaitsSurvivesThatSync(@Autowired PsaWriter writer) {
        var t = tenants.create();
        UUID id = stubConnection(t);
        stub.script(id).companies = List.of("Write Co");
        syncAndWait(t, id);
        PsaContractLine line = snapshot.billableLines(t.id(), id).get(0);
        assertThat(line.quantity()).isEqualByComparingTo("1");

        // the run is queued, then the write lands; the stub PSA still answers the old quantity (read before the write)
        UUID runId = new TransactionTemplate(transactions).execute(s -> {
            UUID run = snapshot.requestSync(t.id(), id, "a@test");
            writer.setQuantity(
                    t.id(), line.id(), new java.math.BigDecimal("7"), java.time.LocalDate.of(2030, 1, 1), "k", null);
            return run;
        });
        assertThat(waitForRun(t, runId.toString()).get("status").asString()).isEqualTo("succeeded");
        assertThat(snapshot.line(t.id(), line.id()).orElseThrow().quantity()).isEqualByComparingTo("7");

        // a later sync believes the PSA again
        syncAndWait(t, id);
        assertThat(snapshot.line(t.id(), line.id()).orElseThrow().quantity()).isEqualByComparingTo("1");
    }

    @Test
    void scheduledSyncRequestsARunForEveryConnection(@Autowired PsaSync sync) {
        var t = tenants.create();
        UUID id = stubConnection(t);
        stub.script(id).companies = List.of("Scheduled Co");
        sync.requestScheduledSyncs();
        var runs = t.api()
                .get("/api/v1/psa-connections/" + id + "/sync-runs")
                .json()
                .get("items");
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).get("requestedBy").asString()).isEqualTo("system");
        assertThat(waitForRun(t, runs.get(0).get("id").asString()).get("status").asString())
                .isEqualTo("succeeded");
    }
}
