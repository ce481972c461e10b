package com.trueup.writeback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.trueup.psa.FakePsaWriter;
import com.trueup.psa.FakePsaWriter.Op;
import com.trueup.psa.FakePsaWriter.Script;
import com.trueup.psa.PsaException;
import com.trueup.shared.InvalidInputException;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Delivery rules against a scripted PSA: what reaches the PSA, and what never does. */
class WriteBackDeliveryIT extends WriteBackItBase {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    @Test
    void exactlyTheApprovedChangeReachesThePsa() {
        Msp m = msp(false);
        UUID line = line(m, "10");
        UUID other = line(m, "7");
        double writtenBefore = counter("written");

        UUID id = approve(request(m, line, "10", "15", AUGUST_1));

        JsonNode wb = awaitStatus(m, id, "written");
        List<FakePsaWriter.Call> writes = psa.calls(Op.SET, line);
        assertThat(writes).hasSize(1);
        assertThat(writes.get(0).quantity()).isEqualByComparingTo("15");
        assertThat(writes.get(0).effectiveDate()).isEqualTo(AUGUST_1);
        assertThat(writes.get(0).idempotencyKey()).isEqualTo(id.toString());
        assertThat(writes.get(0).tenantId()).isEqualTo(m.id());
        assertThat(psa.quantity(line)).isEqualByComparingTo("15");
        assertThat(psa.quantity(other)).isEqualByComparingTo("7");
        assertThat(psa.calls(Op.SET, other)).isEmpty();

        assertThat(wb.get("quantity").decimalValue()).isEqualByComparingTo("15");
        assertThat(wb.get("effectiveDate").asString()).isEqualTo("2026-08-01");
        assertThat(wb.get("attempts").asInt()).isEqualTo(1);
        assertThat(wb.get("psaReference").asString()).startsWith("ADD-");
        assertThat(wb.get("psaQuantity").decimalValue()).isEqualByComparingTo("15");
        assertThat(wb.get("lastError").isNull()).isTrue();
        assertThat(wb.get("history")).hasSize(1);
        assertThat(wb.get("history").get(0).get("outcome").asString()).isEqualTo("written");
        assertThat(wb.get("history").get(0).get("psaQuantityBefore").decimalValue())
                .isEqualByComparingTo("10");

        String audit =
                m.tenant().api().get("/api/v1/audit-events?kind=writeback").body();
        assertThat(audit)
                .contains("writeback.queued")
                .contains("writeback.written")
                .contains(id.toString());
        await().until(() -> FakePsaConfig.DeliveryEvents.INSTANCE.of(id).size() == 1);
        assertThat(FakePsaConfig.DeliveryEvents.INSTANCE.of(id).get(0).status()).isEqualTo("written");
        assertThat(counter("written")).isEqualTo(writtenBefore + 1);
        assertThat(jdbc.sql("select count(*) from scheduled_tasks where task_instance like :id")
                        .param("id", id + "%")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aLineChangedInThePsaSinceTheApprovalIsAConflictNotAnOverwrite() {
        Msp m = msp(false);
        UUID line = line(m, "10");
        psa.changeInPsa(line, "12");

        UUID id = approve(request(m, line, "10", "15", AUGUST_1));

        JsonNode wb = awaitStatus(m, id, "conflict");
        assertThat(psa.calls(Op.SET, line)).isEmpty();
        assertThat(psa.quantity(line)).isEqualByComparingTo("12");
        assertThat(wb.get("lastError").asString()).contains("now holds 12").contains("based on 10");
        assertThat(wb.get("psaQuantity").decimalValue()).isEqualByComparingTo("12");
        await().until(() -> FakePsaConfig.DeliveryEvents.INSTANCE.of(id).size() == 1);

        var retry = m.tenant().as(m.tenant().approver()).post("/api/v1/write-backs/" + id + "/retry", null);
        assertThat(retry.status()).isEqualTo(409);
        assertThat(retry.json().get("detail").asString())
                .contains("Sync the PSA")
                .contains("approve it again");
        assertThat(m.tenant()
                        .api()
                        .get("/api/v1/audit-events?kind=writeback.conflict")
                        .json()
                        .get("items"))
                .hasSize(1);
    }

    @Test
    void aWriteThatTimedOutAfterLandingIsNotRepeated() {
        Msp m = msp(false);
        UUID line = line(m, "10");
        psa.script(line, Op.SET, Script.landsThenTimesOut());

        UUID id = approve(request(m, line, "10", "15", AUGUST_1));

        JsonNode wb = awaitStatus(m, id, "written");
        assertThat(psa.calls(Op.SET, line)).hasSize(1);
        assertThat(psa.calls(Op.READ, line)).hasSize(2);
        assertThat(psa.quantity(line)).isEqualByComparingTo("15");
        assertThat(wb.get("attempts").asInt()).isEqualTo(2);
        assertThat(wb.get("psaResponse").asString()).contains("already holds 15");
        assertThat(wb.get("history").get(0).get("outcome").asString()).isEqualTo("retry");
        assertThat(wb.get("history").get(0).get("message").asString()).contains("did not confirm");
        assertThat(wb.get("history").get(1).get("outcome").asString()).isEqualTo("written");
    }

    @Test
    void aRateLimitedWriteWaitsForRetryAfterThenLands() {
        Msp m = msp(false);
        UUID line = line(m, "10");
        psa.script(line, Op.SET, Script.rateLimited(Duration.ofSeconds(3)));
        double retriedBefore = counter("retried");

        UUID id = approve(request(m, line, "10", "15", AUGUST_1));

        JsonNode wb = awaitStatus(m, id, "written");
        List<FakePsaWriter.Call> writes = psa.calls(Op.SET, line);
        assertThat(writes).hasSize(2);
        assertThat(Duration.between(writes.get(0).at(), writes.get(1).at()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
        assertThat(psa.quantity(line)).isEqualByComparingTo("15");
        assertThat(wb.get("attempts").asInt()).isEqualTo(2);
        assertThat(wb.get("history").get(0).get("message").asString()).contains("429");
        assertThat(m.tenant()
                        .api()
                        .get("/api/v1/audit-events?kind=writeback.retried")
                        .body())
                .contains("429");
        assertThat(counter("retried")).isEqualTo(retriedBefore + 1);
    }

    @Test
    void retryableFailuresGiveUpAfterTheAttemptBudget() {
        Msp m = msp(false);
        UUID line = line(m, "10");
        for (int i = 0; i < 3; i++) {
            psa.script(line, Op.SET, Script.fail(PsaException.Kind.RETRYABLE, "503 Service Unavailable"));
        }

        UUID id = approve(request(m, line, "10", "15", AUGUST_1));

        JsonNode wb = awaitStatus(m, id, "failed");
        assertThat(psa.calls(Op.SET, line)).hasSize(3);
        assertThat(wb.get("attempts").asInt()).isEqualTo(3);
        assertThat(wb.get("lastError").asString())
                .contains("Gave up after 3 attempts")
                .contains("503");
        assertThat(psa.quantity(line)).isEqualByComparingTo("10");
    }

    @Test
    void aPermanentFailureStopsWithThePsasMessageAndRetryQueuesItAgain() {
        Msp m = msp(false);
        UUID line = line(m, "10");
        psa.script(
                line, Op.SET, Script.fail(PsaException.Kind.PERMANENT, "Quantity may not exceed 12 on this agreement"));

        UUID id = approve(request(m, line, "10", "15", AUGUST_1));

        JsonNode failed = awaitStatus(m, id, "failed");
        assertThat(failed.get("lastError").asString()).contains("Quantity may not exceed 12 on this agreement");
        assertThat(psa.calls(Op.SET, line)).hasSize(1);
        assertThat(psa.quantity(line)).isEqualByComparingTo("10");

        assertThat(m.tenant()
                        .as(m.tenant().viewer())
                        .post("/api/v1/write-backs/" + id + "/retry", null)
                        .status())
                .isEqualTo(403);
        Msp other = msp(false);
        assertThat(other.tenant()
                        .api()
                        .post("/api/v1/write-backs/" + id + "/retry", null)
                        .status())
                .isEqualTo(404);
        assertThat(psa.calls(Op.SET, line)).hasSize(1);

        var retry = m.tenant().as(m.tenant().approver()).post("/api/v1/write-backs/" + id + "/retry", null);
        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.json().get("status").asString()).isIn("queued", "writing", "written");

        JsonNode written = awaitStatus(m, id, "written");
        assertThat(psa.calls(Op.SET, line)).hasSize(2);
        assertThat(psa.quantity(line)).isEqualByComparingTo("15");
        assertThat(written.get("attempts").asInt()).isEqualTo(2);
        assertThat(m.tenant()
                        .api()
                        .get("/api/v1/audit-events?kind=writeback.requeued")
                        .body())
                .contains(m.tenant().approver().email());
    }

    @Test
    void aLineDeletedInThePsaFailsWithTheReason() {
        Msp m = msp(false);
        UUID line = line(m, "10");
        psa.deleteInPsa(line);

        UUID id = approve(request(m, line, "10", "15", AUGUST_1));

        assertThat(awaitStatus(m, id, "failed").get("lastError").asString()).contains("no longer exists in the PSA");
        assertThat(psa.calls(Op.SET, line)).isEmpty();
    }

    @Test
    void aLineAlreadyAtTheTargetIsWrittenWithoutWriting() {
        Msp m = msp(false);
        UUID line = line(m, "15");

        UUID id = approve(request(m, line, "10", "15", AUGUST_1));

        JsonNode wb = awaitStatus(m, id, "written");
        assertThat(psa.calls(Op.SET, line)).isEmpty();
        assertThat(wb.get("psaReference").asString()).startsWith("L-");
    }

    @Test
    void approvalsOfOneLineAreDeliveredOneAfterTheOtherInOrder() {
        Msp m = msp(false);
        UUID line = line(m, "10");
        psa.script(line, Op.SET, Script.rateLimited(Duration.ofSeconds(2)));

        UUID first = approve(request(m, line, "10", "15", AUGUST_1));
        UUID second = approve(request(m, line, "15", "20", AUGUST_1));

        awaitStatus(m, second, "written");
        assertThat(awaitStatus(m, first, "written").get("attempts").asInt()).isEqualTo(2);
        assertThat(psa.calls(Op.SET, line))
                .extracting(c -> c.quantity().stripTrailingZeros().toPlainString())
                .containsExactly("15", "15", "20");
        assertThat(psa.quantity(line)).isEqualByComparingTo("20");
    }

    @Test
    void anApprovalThatRollsBackLeavesNoWriteBack() {
        Msp m = msp(false);
        UUID line = line(m, "10");
        UUID[] id = new UUID[1];

        transactions.executeWithoutResult(s -> {
            id[0] = writeBacks.enqueue(request(m, line, "10", "15", AUGUST_1));
            s.setRollbackOnly();
        });

        assertThat(m.tenant().api().get("/api/v1/write-backs/" + id[0]).status())
                .isEqualTo(404);
        assertThat(jdbc.sql("select count(*) from scheduled_tasks where task_instance like :id")
                        .param("id", id[0] + "%")
                        .query(Long.class)
                        .single())
                .isZero();
        assertThat(psa.calls(Op.READ, line)).isEmpty();
        assertThat(psa.calls(Op.SET, line)).isEmpty();
    }

    @Test
    void newRevenueCreatesALineWhereTheConnectorCan() {
        Msp m = msp(true);

        UUID id = approve(request(m, null, null, "12", AUGUST_1));

        JsonNode wb = awaitStatus(m, id, "written");
        List<FakePsaWriter.Call> creates = psa.calls(Op.CREATE, m.company().id());
        assertThat(creates).hasSize(1);
        assertThat(creates.get(0).quantity()).isEqualByComparingTo("12");
        assertThat(creates.get(0).effectiveDate()).isEqualTo(AUGUST_1);
        assertThat(creates.get(0).idempotencyKey()).isEqualTo(id.toString());
        assertThat(psa.createdQuantity(m.company().id(), m.product().id())).isEqualByComparingTo("12");
        assertThat(wb.get("psaReference").asString()).startsWith("NEW-");
        assertThat(wb.get("newRevenue").asBoolean()).isTrue();
    }

    @Test
    void newRevenueGoesToTheChangeSheetWhenTheConnectorCannotCreateLines() {
        Msp m = msp(false);

        UUID id = approve(request(m, null, null, "12", AUGUST_1));

        JsonNode wb = awaitStatus(m, id, "to_apply");
        assertThat(wb.get("manualReason").asString()).isEqualTo("Fake PSA type's API cannot add a recurring line");
        assertThat(wb.get("lastError").isNull()).isTrue();
        assertThat(wb.get("attempts").asInt()).isZero();
        JsonNode line = m.tenant()
                .api()
                .get("/api/v1/write-backs/change-sheet")
                .json()
                .get("groups")
                .get(0);
        assertThat(line.get("company").asString()).isEqualTo("Acme Dental Group");
        JsonNode change = line.get("lines").get(0);
        assertThat(change.get("productCode").asString()).isEqualTo("KEEPER-BIZ");
        assertThat(change.get("productName").asString()).isEqualTo("Keeper Business");
        assertThat(change.get("newQuantity").decimalValue()).isEqualByComparingTo("12");
        assertThat(change.get("effective").asString()).isEqualTo("2026-08-01");
        assertThat(psa.calls(Op.CREATE, m.company().id())).isEmpty();
    }

    @Test
    void aCreateOfUnknownOutcomeIsNeverRepeatedAutomatically() {
        Msp m = msp(true);
        psa.script(m.company().id(), Op.CREATE, Script.landsThenTimesOut());

        UUID id = approve(request(m, null, null, "12", AUGUST_1));

        JsonNode wb = awaitStatus(m, id, "failed");
        assertThat(wb.get("lastError").asString())
                .contains("Outcome unknown, check the PSA")
                .contains("Acme Dental Group");
        assertThat(psa.calls(Op.CREATE, m.company().id())).hasSize(1);
        assertThat(psa.createdQuantity(m.company().id(), m.product().id())).isEqualByComparingTo("12");
        await().until(() -> snapshot.syncRequests().stream()
                .anyMatch(r -> r.connectionId().equals(m.connection().id())));

        // The sync shows the line that landed; a retry must not create a second one.
        snapshot.line(UUID.randomUUID(), m.company(), m.product(), "12");
        assertThat(m.tenant()
                        .api()
                        .post("/api/v1/write-backs/" + id + "/retry", null)
                        .status())
                .isEqualTo(202);
        assertThat(awaitStatus(m, id, "conflict").get("lastError").asString()).contains("already has a line");
        assertThat(psa.calls(Op.CREATE, m.company().id())).hasSize(1);
    }

    @Test
    void listingFiltersByStatusAndStaysWithinTheOrganisation() {
        Msp m = msp(false);
        UUID line = line(m, "10");
        UUID gone = line(m, "3");
        psa.deleteInPsa(gone);
        var first = request(m, line, "10", "15", AUGUST_1);
        UUID written = approve(first);
        UUID failed = approve(request(m, gone, "3", "4", AUGUST_1));
        awaitStatus(m, written, "written");
        awaitStatus(m, failed, "failed");

        JsonNode list = m.tenant()
                .as(m.tenant().viewer())
                .get("/api/v1/write-backs?status=failed")
                .json();
        assertThat(list.get("items")).hasSize(1);
        JsonNode item = list.get("items").get(0);
        assertThat(item.get("id").asString()).isEqualTo(failed.toString());
        assertThat(item.get("status").asString()).isEqualTo("failed");
        assertThat(item.get("lastError").asString()).contains("no longer exists");
        assertThat(item.has("lineId")).isTrue();
        assertThat(item.has("psaReference")).isTrue();
        assertThat(m.tenant()
                        .api()
                        .get("/api/v1/write-backs?status=written,failed&size=1")
                        .json()
                        .get("total")
                        .asLong())
                .isEqualTo(2);

        var bad = m.tenant().api().get("/api/v1/write-backs?status=done");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asString()).isEqualTo("status");
        assertThat(m.tenant().api().get("/api/v1/write-backs/not-a-uuid").status())
                .isEqualTo(400);

        Msp other = msp(false);
        assertThat(other.tenant().api().get("/api/v1/write-backs/" + written).status())
                .isEqualTo(404);
        assertThat(other.tenant().api().get("/api/v1/write-backs").json().get("items"))
                .isEmpty();
        assertThat(writeBacks.latestForLines(other.id(), List.of(first.reconciliationLineId())))
                .isEmpty();

        var latest = writeBacks.latestForLines(m.id(), List.of(first.reconciliationLineId(), UUID.randomUUID()));
        assertThat(latest).containsOnlyKeys(first.reconciliationLineId());
        assertThat(latest.get(first.reconciliationLineId()).status()).isEqualTo("written");
        assertThat(latest.get(first.reconciliationLineId()).quantity()).isEqualByComparingTo(new BigDecimal("15"));
    }

    @Test
    void incompleteRequestsAreRefusedNamingTheField() {
        Msp m = msp(false);
        UUID line = line(m, "10");
        var ok = request(m, line, "10", "15", AUGUST_1);

        assertThatThrownBy(() -> approve(new WriteBackRequest(
                        m.id(),
                        ok.reconciliationLineId(),
                        ok.connectionId(),
                        line,
                        ok.psaCompanyId(),
                        ok.psaProductId(),
                        null,
                        ok.quantity(),
                        ok.exactQuantity(),
                        AUGUST_1,
                        ok.actor())))
                .isInstanceOf(InvalidInputException.class)
                .extracting("field")
                .isEqualTo("expectedPsaQuantity");
        assertThatThrownBy(() -> approve(new WriteBackRequest(
                        m.id(),
                        ok.reconciliationLineId(),
                        ok.connectionId(),
                        line,
                        ok.psaCompanyId(),
                        ok.psaProductId(),
                        ok.expectedPsaQuantity(),
                        new BigDecimal("-1"),
                        null,
                        AUGUST_1,
                        ok.actor())))
                .isInstanceOf(InvalidInputException.class)
                .extracting("field")
                .isEqualTo("quantity");
        assertThatThrownBy(() -> approve(new WriteBackRequest(
                        m.id(),
                        ok.reconciliationLineId(),
                        ok.connectionId(),
                        null,
                        null,
                        ok.psaProductId(),
                        null,
                        ok.quantity(),
                        null,
                        AUGUST_1,
                        ok.actor())))
                .isInstanceOf(InvalidInputException.class)
                .extracting("field")
                .isEqualTo("psaCompanyId");
        assertThat(m.tenant()
                        .api()
                        .get("/api/v1/write-backs")
                        .json()
                        .get("total")
                        .asLong())
                .isZero();
    }

    @Test
    void theApiIsDescribedInTheOpenApiDocument() {
        String doc = http().get("/v3/api-docs").body();
        assertThat(doc)
                .contains("/api/v1/write-backs")
                .contains("/api/v1/write-backs/{id}/retry")
                .contains("Write-backs");
    }

    private double counter(String outcome) {
        var c = meters.find(WriteBackMetrics.NAME).tag("outcome", outcome).counter();
        return c == null ? 0 : c.count();
    }
}
