package com.trueup.writeback;

import static org.awaitility.Awaitility.await;

import com.trueup.psa.FakePsaSnapshot;
import com.trueup.psa.FakePsaWriter;
import com.trueup.psa.PsaCompany;
import com.trueup.psa.PsaConnectionInfo;
import com.trueup.psa.PsaProduct;
import com.trueup.support.IntegrationTest;
import com.trueup.support.TestTenants.TestTenant;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Integration tests of the write-back module against the scriptable fake PSA, with short backoff so retries happen
 * within seconds. All subclasses share one application context.
 */
@Import(FakePsaConfig.class)
@TestPropertySource(
        properties = {
            "trueup.writeback.max-attempts=3",
            "trueup.writeback.backoff-base=1s",
            "trueup.writeback.backoff-max=2s",
            "trueup.writeback.wait-interval=1s"
        })
abstract class WriteBackItBase extends IntegrationTest {

    static final LocalDate AUGUST_1 = LocalDate.of(2026, 8, 1);

    @Autowired
    protected WriteBacks writeBacks;

    @Autowired
    protected TransactionTemplate transactions;

    protected final FakePsaWriter psa = FakePsaConfig.PSA;
    protected final FakePsaSnapshot snapshot = FakePsaConfig.SNAPSHOT;

    /** An organisation connected to the fake PSA, with one company and one product there. */
    record Msp(TestTenant tenant, PsaConnectionInfo connection, PsaCompany company, PsaProduct product) {

        UUID id() {
            return tenant.id();
        }
    }

    Msp msp(boolean canCreateLines) {
        TestTenant t = tenants.create();
        PsaConnectionInfo connection = snapshot.connect(
                t.id(), canCreateLines ? FakePsaSnapshot.WRITES_EVERYTHING : FakePsaSnapshot.UPDATES_ONLY);
        return new Msp(
                t,
                connection,
                snapshot.company(connection, "Acme Dental Group"),
                snapshot.product(connection, "KEEPER-BIZ", "Keeper Business"));
    }

    /** A contract line in the PSA (and in TrueUp's snapshot) holding {@code quantity}. */
    UUID line(Msp m, String quantity) {
        UUID line = psa.newLine(quantity);
        snapshot.line(line, m.company(), m.product(), quantity);
        return line;
    }

    WriteBackRequest request(Msp m, UUID psaLineId, String expected, String target, LocalDate effective) {
        return new WriteBackRequest(
                m.id(),
                UUID.randomUUID(),
                m.connection().id(),
                psaLineId,
                m.company().id(),
                m.product().id(),
                expected == null ? null : new BigDecimal(expected),
                new BigDecimal(target),
                new BigDecimal(target),
                effective,
                m.tenant().approver().email());
    }

    /** Approves as the reconciliation module does: enqueue inside the approval's transaction. */
    UUID approve(WriteBackRequest request) {
        return transactions.execute(s -> writeBacks.enqueue(request));
    }

    /** Waits until the API shows the write-back in {@code status}; returns its JSON. */
    JsonNode awaitStatus(Msp m, UUID id, String status) {
        await().atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> m.tenant()
                                .api()
                                .get("/api/v1/write-backs/" + id)
                                .json()
                                .get("status")
                                .asString(),
                        status::equals);
        return m.tenant().api().get("/api/v1/write-backs/" + id).json();
    }
}
