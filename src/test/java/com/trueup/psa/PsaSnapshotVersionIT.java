package com.trueup.psa;

import static org.assertj.core.api.Assertions.assertThat;

import com.trueup.support.TestTenants.TestTenant;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** {@link PsaSnapshot#snapshotVersion}: a new value with every write to what the snapshot's reads return, only then. */
class PsaSnapshotVersionIT extends PsaIntegrationTest {

    @Autowired
    TestPsaConnectors.StubConnector stub;

    @Autowired
    PsaSnapshot snapshot;

    @Autowired
    PsaWriter writer;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    JdbcClient jdbc;

    private UUID stubConnection(TestTenant t, String name) {
        return createConnection(
                t,
                Map.of("type", TestPsaConnectors.StubConnector.TYPE, "name", name, "credentials", Map.of("user", "u")));
    }

    private String version(TestTenant t, UUID connection) {
        return snapshot.snapshotVersion(t.id(), connection);
    }

    /** Everything the snapshot's reads return for the connection. */
    private List<Object> everything(TestTenant t, UUID connection) {
        return List.of(
                snapshot.companies(t.id(), connection),
                snapshot.products(t.id(), connection),
                snapshot.billableLines(t.id(), connection),
                snapshot.connection(t.id(), connection),
                snapshot.primaryConnection(t.id()));
    }

    @Test
    void syncsChangeTheVersionReadsAndASecondFailedSyncDoNot() {
        var t = tenants.create();
        UUID id = stubConnection(t, "Stub PSA");
        String created = version(t, id);
        assertThat(created).isNotNull();
        everything(t, id);
        assertThat(version(t, id)).isEqualTo(created);

        stub.script(id).companies = List.of("Alpha Dental", "Beta Logistics");
        assertThat(syncAndWait(t, id).get("status").asString()).isEqualTo("succeeded");
        String synced = version(t, id);
        assertThat(synced).isNotNull().isNotEqualTo(created);
        assertThat(snapshot.billableLines(t.id(), id)).hasSize(2);
        var read = everything(t, id);
        assertThat(version(t, id)).isEqualTo(synced);

        // a sync that read nothing new still gets a new value: conservative, one re-read per run
        assertThat(syncAndWait(t, id).get("status").asString()).isEqualTo("succeeded");
        String resynced = version(t, id);
        assertThat(everything(t, id)).isEqualTo(read);
        assertThat(resynced).isNotEqualTo(synced);

        // a failed sync leaves the snapshot as it was but the connection's status changes ...
        stub.script(id).failReadWith = "503 Service Unavailable";
        assertThat(syncAndWait(t, id).get("status").asString()).isEqualTo("failed");
        String failed = version(t, id);
        assertThat(snapshot.connection(t.id(), id).orElseThrow().status()).isEqualTo("error");
        assertThat(failed).isNotEqualTo(resynced);
        // ... while another failure changes nothing the reads return: the same value
        var afterFailure = everything(t, id);
        assertThat(syncAndWait(t, id).get("status").asString()).isEqualTo("failed");
        assertThat(everything(t, id)).isEqualTo(afterFailure);
        assertThat(version(t, id)).isEqualTo(failed);

        // a sync that succeeds again reads what changed meanwhile
        stub.script(id).failReadWith = null;
        stub.script(id).companies = List.of("Alpha Dental");
        assertThat(syncAndWait(t, id).get("status").asString()).isEqualTo("succeeded");
        assertThat(snapshot.billableLines(t.id(), id)).hasSize(1);
        assertThat(version(t, id)).isNotEqualTo(failed);
    }

    @Test
    void aWriteBackChangesTheVersionOfItsConnectionOnlyAndOnlyWhenItCommits() {
        var t = tenants.create();
        UUID a = stubConnection(t, "PSA A");
        UUID b = stubConnection(t, "PSA B");
        stub.script(a).companies = List.of("Write Co");
        stub.script(b).companies = List.of("Other Co");
        syncAndWait(t, a);
        syncAndWait(t, b);
        PsaContractLine line = snapshot.billableLines(t.id(), a).get(0);
        String before = version(t, a);
        String otherBefore = version(t, b);

        // reading the PSA's line writes nothing
        writer.readLine(t.id(), line.id());
        assertThat(version(t, a)).isEqualTo(before);

        // a write-back whose transaction rolls back leaves the quantity and the value as they were
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            writer.setQuantity(t.id(), line.id(), new BigDecimal("5"), LocalDate.of(2030, 1, 1), "rolled-back", null);
            assertThat(version(t, a)).isNotEqualTo(before);
            status.setRollbackOnly();
        });
        assertThat(snapshot.line(t.id(), line.id()).orElseThrow().quantity()).isEqualByComparingTo("1");
        assertThat(version(t, a)).isEqualTo(before);

        writer.setQuantity(t.id(), line.id(), new BigDecimal("7"), LocalDate.of(2030, 1, 1), "k", null);
        assertThat(snapshot.line(t.id(), line.id()).orElseThrow().quantity()).isEqualByComparingTo("7");
        String written = version(t, a);
        assertThat(written).isNotNull().isNotEqualTo(before);
        assertThat(version(t, b)).isEqualTo(otherBefore);
    }

    @Test
    void aLineCreatedThroughTheWriterChangesTheVersionAnEditInTheSandboxOnlyWithTheNextSync() {
        var t = tenants.create();
        UUID id = createSandbox(t);
        var demo = t.api().post("/api/v1/psa-connections/" + id + "/sandbox/demo-data", null);
        assertThat(demo.status()).isEqualTo(201);
        assertThat(waitForRun(t, demo.json().get("syncRunId").asString())
                        .get("status")
                        .asString())
                .isEqualTo("succeeded");
        String synced = version(t, id);

        PsaCompany redwood = snapshot.companies(t.id(), id).stream()
                .filter(c -> c.name().equals("Redwood Architecture"))
                .findFirst()
                .orElseThrow();
        PsaProduct breachWatch = snapshot.products(t.id(), id).stream()
                .filter(p -> "KEEPER-BW".equals(p.identifier()))
                .findFirst()
                .orElseThrow();
        int linesBefore = snapshot.billableLines(t.id(), id).size();
        var created = writer.createLine(
                t.id(), id, redwood.id(), breachWatch.id(), new BigDecimal("10"), LocalDate.of(2030, 1, 1), "new-1");
        assertThat(snapshot.billableLines(t.id(), id))
                .hasSize(linesBefore + 1)
                .anySatisfy(l -> assertThat(l.externalLineId()).isEqualTo(created.psaReference()));
        String afterCreate = version(t, id);
        assertThat(afterCreate).isNotEqualTo(synced);

        // asked again (a retry): the line is there, its quantity written again
        writer.createLine(
                t.id(), id, redwood.id(), breachWatch.id(), new BigDecimal("10"), LocalDate.of(2030, 1, 1), "new-1");
        String afterRetry = version(t, id);
        assertThat(afterRetry).isNotEqualTo(afterCreate);

        // someone changes a line in the Sandbox PSA: the PSA's own tables, not the snapshot
        PsaContractLine line = snapshot.billableLines(t.id(), id).get(0);
        var edited = t.api()
                .patch(
                        "/api/v1/psa-connections/" + id + "/sandbox/lines/" + line.externalLineId(),
                        Map.of("quantity", 777));
        assertThat(edited.status()).as(edited.toString()).isEqualTo(200);
        assertThat(snapshot.line(t.id(), line.id()).orElseThrow().quantity()).isEqualByComparingTo(line.quantity());
        assertThat(version(t, id)).isEqualTo(afterRetry);

        syncAndWait(t, id);
        assertThat(snapshot.line(t.id(), line.id()).orElseThrow().quantity()).isEqualByComparingTo("777");
        assertThat(version(t, id)).isNotEqualTo(afterRetry);
    }

    @Test
    void changesOfTheConnectionChangeItsVersionATestThatChangesNoStatusDoesNot() {
        var t = tenants.create();
        UUID first = stubConnection(t, "First PSA");
        stub.script(first).companies = List.of("Co");
        syncAndWait(t, first);
        String synced = version(t, first);

        var rounding =
                t.api().patch("/api/v1/psa-connections/" + first, Map.of("settings", Map.of("roundingMode", "UP")));
        assertThat(rounding.status()).as(rounding.toString()).isEqualTo(200);
        assertThat(snapshot.connection(t.id(), first).orElseThrow().rounding()).isEqualTo(QuantityRounding.UP);
        String changed = version(t, first);
        assertThat(changed).isNotEqualTo(synced);

        // a connection test that finds the PSA reachable again: status stays "connected", nothing the reads return
        // changes
        assertThat(t.api()
                        .post("/api/v1/psa-connections/" + first + "/test", null)
                        .status())
                .isEqualTo(200);
        assertThat(version(t, first)).isEqualTo(changed);
        stub.script(first).failTestWith = "401 Unauthorized";
        t.api().post("/api/v1/psa-connections/" + first + "/test", null);
        assertThat(snapshot.connection(t.id(), first).orElseThrow().status()).isEqualTo("error");
        String failedTest = version(t, first);
        assertThat(failedTest).isNotEqualTo(changed);

        // a second connection: the first stays primary, its value stays
        UUID second = stubConnection(t, "Second PSA");
        assertThat(version(t, second)).isNotNull().isNotEqualTo(failedTest);
        assertThat(version(t, first)).isEqualTo(failedTest);
        String secondCreated = version(t, second);

        // which one is primary changes for both
        var primary = t.api().patch("/api/v1/psa-connections/" + second, Map.of("primary", true));
        assertThat(primary.status()).as(primary.toString()).isEqualTo(200);
        assertThat(snapshot.primaryConnection(t.id()).orElseThrow().id()).isEqualTo(second);
        assertThat(version(t, first)).isNotEqualTo(failedTest);
        assertThat(version(t, second)).isNotEqualTo(secondCreated);
        String firstNotPrimary = version(t, first);
        String secondPrimary = version(t, second);

        // deleting the primary one: it has no value any more, the other one becomes primary with a new value
        assertThat(t.api().delete("/api/v1/psa-connections/" + second).status()).isEqualTo(204);
        assertThat(version(t, second)).isNull();
        assertThat(secondPrimary).isNotNull();
        assertThat(snapshot.primaryConnection(t.id()).orElseThrow().id()).isEqualTo(first);
        assertThat(version(t, first)).isNotNull().isNotEqualTo(firstNotPrimary);
    }

    @Test
    void theVersionIsPerConnectionAndOrganisationAndNullWhenUnknown() {
        var t = tenants.create();
        var other = tenants.create();
        UUID id = stubConnection(t, "Mine");
        UUID theirs = stubConnection(other, "Theirs");
        stub.script(id).companies = List.of("Mine Co");
        String mine = version(t, id);
        String theirsBefore = snapshot.snapshotVersion(other.id(), theirs);
        assertThat(mine).isNotNull().isNotEqualTo(theirsBefore);

        assertThat(snapshot.snapshotVersion(other.id(), id)).isNull();
        assertThat(snapshot.snapshotVersion(t.id(), theirs)).isNull();
        assertThat(snapshot.snapshotVersion(t.id(), UUID.randomUUID())).isNull();

        syncAndWait(t, id);
        assertThat(version(t, id)).isNotEqualTo(mine);
        assertThat(snapshot.snapshotVersion(other.id(), theirs)).isEqualTo(theirsBefore);
        assertThat(snapshot.snapshotVersion(other.id(), id)).isNull();

        // a connection stored before versions were kept: unknown until its next write
        jdbc.sql("update psa_connection set snapshot_version = null where tenant_id = :tenant and id = :id")
                .param("tenant", t.id())
                .param("id", id)
                .update();
        assertThat(version(t, id)).isNull();
        syncAndWait(t, id);
        assertThat(version(t, id)).isNotNull();
    }
}
