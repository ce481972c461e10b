package com.trueup.writeback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.trueup.psa.PsaCompany;
import com.trueup.psa.PsaContractLine;
import com.trueup.psa.PsaProduct;
import com.trueup.psa.PsaSnapshot;
import com.trueup.support.IntegrationTest;
import com.trueup.support.TestTenants.TestTenant;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/** End to end against the built-in Sandbox PSA: what an approval makes of the PSA's contract lines. */
class WriteBackSandboxIT extends IntegrationTest {

    private static final LocalDate EFFECTIVE = LocalDate.of(2031, 3, 1);

    @Autowired
    WriteBacks writeBacks;

    @Autowired
    PsaSnapshot snapshot;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void anApprovedQuantityLandsOnTheSandboxLine() {
        TestTenant t = tenants.create();
        UUID connection = sandboxWithDemoData(t);
        PsaContractLine lakeside = line(t, connection, "Lakeside Credit Union", "KEEPER-BIZ");

        UUID id = approve(
                t,
                connection,
                lakeside.id(),
                lakeside.companyId(),
                lakeside.productId(),
                lakeside.quantity(),
                new BigDecimal("45"));

        JsonNode wb = awaitStatus(t, id, "written");
        assertThat(wb.get("psaQuantity").decimalValue()).isEqualByComparingTo("45");
        JsonNode sandboxLine = sandboxLine(t, connection, lakeside.externalLineId());
        assertThat(sandboxLine.get("quantity").decimalValue()).isEqualByComparingTo("45");
        assertThat(sandboxLine.get("effectiveDate").asString()).isEqualTo(EFFECTIVE.toString());
        JsonNode changes = changes(t, connection, lakeside.externalLineId());
        assertThat(changes.valueStream()
                        .filter(c -> c.get("source").asString().equals("write-back"))
                        .count())
                .isEqualTo(1);
        assertThat(changes.get(0).get("oldQuantity").decimalValue()).isEqualByComparingTo(lakeside.quantity());
        assertThat(changes.get(0).get("newQuantity").decimalValue()).isEqualByComparingTo("45");
    }

    @Test
    void aSandboxLineEditedInThePsaIsNotOverwritten() {
        TestTenant t = tenants.create();
        UUID connection = sandboxWithDemoData(t);
        PsaContractLine line = line(t, connection, "Acme Dental Group, LLC", "KEEPER-BIZ");
        BigDecimal edited = line.quantity().add(BigDecimal.ONE);
        assertThat(t.api()
                        .patch(
                                "/api/v1/psa-connections/" + connection + "/sandbox/lines/" + line.externalLineId(),
                                Map.of("quantity", edited))
                        .status())
                .isEqualTo(200);

        UUID id = approve(
                t,
                connection,
                line.id(),
                line.companyId(),
                line.productId(),
                line.quantity(),
                line.quantity().add(new BigDecimal("5")));

        assertThat(awaitStatus(t, id, "conflict").get("lastError").asString())
                .contains("now holds " + Delivery.plain(edited))
                .contains("based on " + Delivery.plain(line.quantity()));
        assertThat(sandboxLine(t, connection, line.externalLineId())
                        .get("quantity")
                        .decimalValue())
                .isEqualByComparingTo(edited);
        assertThat(changes(t, connection, line.externalLineId())
                        .valueStream()
                        .noneMatch(c -> c.get("source").asString().equals("write-back")))
                .isTrue();
    }

    @Test
    void newRevenueCreatesTheSandboxLine() {
        TestTenant t = tenants.create();
        UUID connection = sandboxWithDemoData(t);
        PsaCompany redwood = snapshot.companies(t.id(), connection).stream()
                .filter(c -> c.name().equals("Redwood Architecture"))
                .findFirst()
                .orElseThrow();
        PsaProduct breachWatch = snapshot.products(t.id(), connection).stream()
                .filter(p -> "KEEPER-BW".equals(p.identifier()))
                .findFirst()
                .orElseThrow();
        assertThat(snapshot.billableLines(t.id(), connection))
                .noneMatch(
                        l -> l.companyId().equals(redwood.id()) && l.productId().equals(breachWatch.id()));

        UUID id = approve(t, connection, null, redwood.id(), breachWatch.id(), null, new BigDecimal("10"));

        JsonNode wb = awaitStatus(t, id, "written");
        JsonNode created = sandboxLine(t, connection, wb.get("psaReference").asString());
        assertThat(created.get("productIdentifier").asString()).isEqualTo("KEEPER-BW");
        assertThat(created.get("quantity").decimalValue()).isEqualByComparingTo("10");
        assertThat(created.get("effectiveDate").asString()).isEqualTo(EFFECTIVE.toString());
        assertThat(snapshot.billableLines(t.id(), connection))
                .filteredOn(
                        l -> l.companyId().equals(redwood.id()) && l.productId().equals(breachWatch.id()))
                .hasSize(1);
    }

    private UUID sandboxWithDemoData(TestTenant t) {
        var created = t.api().post("/api/v1/psa-connections", Map.of("type", "sandbox", "name", "Sandbox PSA"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        UUID connection = UUID.fromString(created.json().get("id").asString());
        var demo = t.api().post("/api/v1/psa-connections/" + connection + "/sandbox/demo-data", null);
        assertThat(demo.status()).as(demo.body()).isEqualTo(201);
        String run = demo.json().get("syncRunId").asString();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> t.api()
                                .get("/api/v1/sync-runs/" + run)
                                .json()
                                .get("status")
                                .asString(),
                        "succeeded"::equals);
        return connection;
    }

    private PsaContractLine line(TestTenant t, UUID connection, String company, String productIdentifier) {
        UUID companyId = snapshot.companies(t.id(), connection).stream()
                .filter(c -> c.name().equals(company))
                .findFirst()
                .orElseThrow()
                .id();
        UUID productId = snapshot.products(t.id(), connection).stream()
                .filter(p -> productIdentifier.equals(p.identifier()))
                .findFirst()
                .orElseThrow()
                .id();
        return snapshot.billableLines(t.id(), connection).stream()
                .filter(l -> l.companyId().equals(companyId) && l.productId().equals(productId))
                .findFirst()
                .orElseThrow();
    }

    /** Approves as the reconciliation module does: enqueue inside the approval's transaction. */
    private UUID approve(
            TestTenant t,
            UUID connection,
            UUID psaLineId,
            UUID companyId,
            UUID productId,
            BigDecimal expected,
            BigDecimal target) {
        var request = new WriteBackRequest(
                t.id(),
                UUID.randomUUID(),
                connection,
                psaLineId,
                companyId,
                productId,
                expected,
                target,
                target,
                EFFECTIVE,
                t.approver().email());
        return transactions.execute(s -> writeBacks.enqueue(request));
    }

    private static JsonNode awaitStatus(TestTenant t, UUID id, String status) {
        await().atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> t.api()
                                .get("/api/v1/write-backs/" + id)
                                .json()
                                .get("status")
                                .asString(),
                        status::equals);
        return t.api().get("/api/v1/write-backs/" + id).json();
    }

    private static JsonNode sandboxLine(TestTenant t, UUID connection, String sandboxLineId) {
        JsonNode contracts = t.api()
                .get("/api/v1/psa-connections/" + connection + "/sandbox/contracts")
                .json()
                .get("items");
        return contracts
                .valueStream()
                .flatMap(c -> c.get("lines").valueStream())
                .filter(l -> l.get("id").asString().equals(sandboxLineId))
                .findFirst()
                .orElseThrow();
    }

    private static JsonNode changes(TestTenant t, UUID connection, String sandboxLineId) {
        return t.api()
                .get("/api/v1/psa-connections/" + connection + "/sandbox/changes?lineId=" + sandboxLineId)
                .json()
                .get("items");
    }
}
