package com.trueup.writeback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.trueup.reconciliation.AutomaticApprovals;
import com.trueup.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * End to end on a PSA whose connector cannot write: approvals (by a person and by a rule) go to the change sheet with
 * the reason, the sheet's CSV is exactly what a person needs, marking lines and the whole sheet applied is audited, and
 * the PSA syncs that follow confirm or flag them. Through the real API, sync and reconciliation.
 */
@Import(LedgerPsaConfig.class)
class ChangeSheetFlowIT extends IntegrationTest {

    private static final String UPDATE_REASON = "Ledger PSA's API cannot change a line's quantity";
    private static final String CREATE_REASON = "Ledger PSA's API cannot add a recurring line";

    @Autowired
    AutomaticApprovals automaticApprovals;

    @Test
    void approvedChangesGoToTheSheetAreAppliedByHandAndTheNextSyncsConfirmOrFlagThem() {
        clock.set(Instant.parse("2026-08-04T05:00:00Z"));
        Map<String, Integer> seats = new LinkedHashMap<>();
        seats.put("Acme Dental Group", 15); // PSA 10
        seats.put("=Evil Corp", 18); // PSA 20
        seats.put("Redwood Architecture", 4); // no line: new revenue
        LedgerScenario s = new LedgerScenario(tenants.create("UTC"), http(), "2026-07-01", seats);
        seats.forEach((company, n) -> s.awaitLine("2026-07", company, n.toString()));

        // a person approves two lines, a rule the third: none fails, all wait on the change sheet with the reason
        UUID acme = approve(s, "Acme Dental Group");
        UUID evil = approve(s, "=Evil Corp");
        JsonNode redwoodLine = s.line("2026-07", "Redwood Architecture");
        UUID redwood = automaticApprovals
                .approve(
                        s.tenant.id(),
                        UUID.fromString(redwoodLine.get("id").asString()),
                        "rule: Small seat changes",
                        redwoodLine.get("vendorQuantity").decimalValue(),
                        redwoodLine.get("psaQuantity").decimalValue())
                .writeBackId();
        JsonNode acmeWb = s.awaitWriteBack(acme, "to_apply");
        assertThat(acmeWb.get("manualReason").asString()).isEqualTo(UPDATE_REASON);
        assertThat(acmeWb.get("lastError").isNull()).isTrue();
        assertThat(acmeWb.get("expectedPsaQuantity").decimalValue()).isEqualByComparingTo("10");
        assertThat(acmeWb.get("quantity").decimalValue()).isEqualByComparingTo("15");
        assertThat(s.awaitWriteBack(redwood, "to_apply").get("manualReason").asString())
                .isEqualTo(CREATE_REASON);
        assertThat(s.awaitWriteBack(evil, "to_apply").get("createdBy").asString())
                .isEqualTo(s.tenant.admin().email());

        // the reconciliation does not offer a waiting line again, and says why
        JsonNode line = s.line("2026-07", "Acme Dental Group");
        assertThat(line.get("writeBack").get("status").asString()).isEqualTo("to_apply");
        assertThat(line.get("writeBack").get("manualReason").asString()).isEqualTo(UPDATE_REASON);
        var again = s.api.post("/api/v1/reconciliation/lines/" + line.get("id").asString() + "/approve", null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("detail").asString()).contains("change sheet");

        // the sheet: grouped by company and contract, exact, formula-safe
        var csv = s.api.get("/api/v1/write-backs/change-sheet.csv?connectionId=" + s.connectionId);
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.header("Content-Disposition")).isEqualTo("attachment; filename=\"change-sheet-2026-08-04.csv\"");
        assertThat(csv.body())
                .isEqualTo(""
                        + "company,contract,product_code,product_name,current_quantity,new_quantity,difference,effective_date,write_back_id\r\n"
                        + "'=Evil Corp,Security bundle (k2),KEEPER-BIZ,Keeper Business,20,18,-2,"
                        + "applies from the contract's next invoice (2026-10-01)," + evil + "\r\n"
                        + "Acme Dental Group,Managed Services (k1),KEEPER-BIZ,Keeper Business,10,15,5,"
                        + "applies from the contract's next invoice (2026-09-01)," + acme + "\r\n"
                        + "Redwood Architecture,New line: add to the client's recurring contract,KEEPER-BIZ,Keeper Business,0,4,4,"
                        + "applies from the contract's next invoice," + redwood + "\r\n");
        JsonNode sheet = s.api.get("/api/v1/write-backs/change-sheet").json();
        assertThat(sheet.get("lineCount").asInt()).isEqualTo(3);
        assertThat(sheet.get("groups")
                        .valueStream()
                        .map(g -> g.get("company").asString() + " / "
                                + g.get("contract").asString()))
                .containsExactly(
                        "=Evil Corp / Security bundle (k2)",
                        "Acme Dental Group / Managed Services (k1)",
                        "Redwood Architecture / New line: add to the client's recurring contract");

        // the printable sheet
        var html = s.api.get("/api/v1/write-backs/change-sheet.html?connectionId=" + s.connectionId);
        assertThat(html.status()).isEqualTo(200);
        assertThat(html.header("Content-Type")).startsWith("text/html");
        assertThat(html.body())
                .contains("<h1>Change sheet</h1>")
                .contains("Ledger books")
                .contains("3 changes")
                .contains("Managed Services (k1)")
                .contains("+5")
                .contains("-2")
                .contains("&#39;s next invoice (2026-09-01)")
                .contains("data-print")
                .doesNotContain("<script>")
                .doesNotContain("onclick");

        // viewers cannot mark; an approver marks one line: who and when in the audit log
        assertThat(s.tenant
                        .as(s.tenant.viewer())
                        .post("/api/v1/write-backs/" + acme + "/applied", null)
                        .status())
                .isEqualTo(403);
        clock.set(Instant.parse("2026-08-04T09:30:00Z"));
        var applied = s.tenant.as(s.tenant.approver()).post("/api/v1/write-backs/" + acme + "/applied", null);
        assertThat(applied.status()).as(applied.body()).isEqualTo(200);
        assertThat(applied.json().get("status").asString()).isEqualTo("applied");
        assertThat(applied.json().get("appliedBy").asString())
                .isEqualTo(s.tenant.approver().email());
        assertThat(applied.json().get("appliedAt").asString()).isEqualTo("2026-08-04T09:30:00Z");
        JsonNode audit =
                s.api.get("/api/v1/audit-events?kind=writeback.applied").json().get("items");
        assertThat(audit).hasSize(1);
        assertThat(audit.get(0).get("actor").asString())
                .isEqualTo(s.tenant.approver().email());
        assertThat(audit.get(0).get("subject").asString()).isEqualTo("write-back " + acme);
        assertThat(audit.get(0).get("at").asString()).isEqualTo("2026-08-04T09:30:00Z");
        var twice = s.api.post("/api/v1/write-backs/" + acme + "/applied", null);
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json().get("detail").asString())
                .contains("already marked applied by " + s.tenant.approver().email());
        assertThat(csvIds(s)).containsExactly(evil.toString(), redwood.toString());

        // the person did it in the PSA; the next sync confirms it; the unmarked ones still wait, unflagged
        s.books.quantity("l1", 15);
        s.syncPsa();
        JsonNode confirmed = s.awaitWriteBack(acme, "confirmed");
        assertThat(confirmed.get("psaQuantity").decimalValue()).isEqualByComparingTo("15");
        assertThat(confirmed.get("flag").isNull()).isTrue();
        assertThat(s.awaitWriteBack(evil, "to_apply").get("flag").isNull()).isTrue();
        assertThat(s.api.get("/api/v1/audit-events?kind=writeback.confirmed")
                        .json()
                        .get("items"))
                .hasSize(1);

        // the whole sheet is marked applied, but the PSA was not changed: the next sync flags both
        var whole = s.api.post(
                "/api/v1/write-backs/applied",
                Map.of(
                        "wholeSheet",
                        true,
                        "connectionId",
                        s.connectionId.toString(),
                        "through",
                        sheet.get("newestApproval").asString()));
        assertThat(whole.status()).as(whole.body()).isEqualTo(200);
        assertThat(whole.json().get("applied").asInt()).isEqualTo(2);
        assertThat(s.api.get("/api/v1/write-backs/change-sheet")
                        .json()
                        .get("lineCount")
                        .asInt())
                .isZero();
        s.syncPsa();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !s.api.get("/api/v1/write-backs/" + evil)
                        .json()
                        .get("flag")
                        .isNull());
        assertThat(s.api.get("/api/v1/write-backs/" + evil).json().get("flag").asString())
                .isEqualTo("still at 20 after the import of 2026-08-04");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !s.api.get("/api/v1/write-backs/" + redwood)
                        .json()
                        .get("flag")
                        .isNull());
        assertThat(s.api.get("/api/v1/write-backs/" + redwood)
                        .json()
                        .get("flag")
                        .asString())
                .isEqualTo("no line of this product for the company after the import of 2026-08-04");
        assertThat(s.api.get("/api/v1/write-backs/" + evil).json().get("status").asString())
                .isEqualTo("applied");
        // the reconciliation shows the flag with the line
        assertThat(s.line("2026-07", "=Evil Corp").get("writeBack").get("flag").asString())
                .startsWith("still at 20");

        // status filters
        JsonNode appliedList = s.api.get("/api/v1/write-backs?status=applied&connectionId=" + s.connectionId)
                .json();
        assertThat(appliedList.get("total").asLong()).isEqualTo(2);
        assertThat(s.api.get("/api/v1/write-backs?status=confirmed")
                        .json()
                        .get("items")
                        .get(0)
                        .get("id")
                        .asString())
                .isEqualTo(acme.toString());
        assertThat(s.api.get("/api/v1/write-backs?status=to_apply")
                        .json()
                        .get("total")
                        .asLong())
                .isZero();

        // the PSA catches up: the flags clear and both are confirmed, the new line too
        s.books.quantity("l2", 18).line("l3", "k3", "p1", 4);
        s.syncPsa();
        JsonNode evilDone = s.awaitWriteBack(evil, "confirmed");
        assertThat(evilDone.get("flag").isNull()).isTrue();
        JsonNode redwoodDone = s.awaitWriteBack(redwood, "confirmed");
        assertThat(redwoodDone.get("psaQuantity").decimalValue()).isEqualByComparingTo("4");
        assertThat(redwoodDone.get("psaReference").asString()).isEqualTo("l3");
        assertThat(s.api.get("/api/v1/write-backs?status=confirmed&connectionId=" + s.connectionId)
                        .json()
                        .get("total")
                        .asLong())
                .isEqualTo(3);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "no-change"
                        .equals(s.line("2026-07", "Acme Dental Group")
                                .get("status")
                                .asString()));
    }

    @Test
    void anotherOrganisationCannotExportSeeOrMarkTheSheet() {
        clock.set(Instant.parse("2026-08-04T05:00:00Z"));
        LedgerScenario s =
                new LedgerScenario(tenants.create("UTC"), http(), "2026-07-01", Map.of("Acme Dental Group", 15));
        s.awaitLine("2026-07", "Acme Dental Group", "15");
        UUID acme = approve(s, "Acme Dental Group");
        s.awaitWriteBack(acme, "to_apply");

        var other = tenants.create("UTC").api();
        assertThat(other.get("/api/v1/write-backs/change-sheet.csv").body()).isEqualTo(ChangeSheet.CSV_HEADER);
        assertThat(other.get("/api/v1/write-backs/change-sheet")
                        .json()
                        .get("lineCount")
                        .asInt())
                .isZero();
        assertThat(other.get("/api/v1/write-backs/change-sheet.csv?connectionId=" + s.connectionId)
                        .status())
                .isEqualTo(404);
        assertThat(other.get("/api/v1/write-backs/change-sheet.html?connectionId=" + s.connectionId)
                        .status())
                .isEqualTo(404);
        assertThat(other.get("/api/v1/write-backs?connectionId=" + s.connectionId)
                        .status())
                .isEqualTo(404);
        assertThat(other.get("/api/v1/write-backs/" + acme).status()).isEqualTo(404);
        assertThat(other.post("/api/v1/write-backs/" + acme + "/applied", null).status())
                .isEqualTo(404);
        var bulk = other.post("/api/v1/write-backs/applied", Map.of("writeBackIds", List.of(acme.toString())));
        assertThat(bulk.status()).isEqualTo(200);
        assertThat(bulk.json().get("applied").asInt()).isZero();
        assertThat(bulk.json().get("skipped").get(0).get("reason").asString()).isEqualTo("No write-back " + acme);
        assertThat(other.post("/api/v1/write-backs/applied", Map.of("wholeSheet", true))
                        .json()
                        .get("applied")
                        .asInt())
                .isZero();
        assertThat(s.api.get("/api/v1/write-backs/" + acme).json().get("status").asString())
                .isEqualTo("to_apply");

        // bad input names the field
        var neither = s.api.post("/api/v1/write-backs/applied", Map.of());
        assertThat(neither.status()).isEqualTo(400);
        assertThat(neither.header("Content-Type")).startsWith("application/problem+json");
        assertThat(neither.json().get("field").asString()).isEqualTo("writeBackIds");
        var both = s.api.post(
                "/api/v1/write-backs/applied", Map.of("wholeSheet", true, "writeBackIds", List.of(acme.toString())));
        assertThat(both.json().get("field").asString()).isEqualTo("writeBackIds");
        var strayConnection = s.api.post(
                "/api/v1/write-backs/applied",
                Map.of("writeBackIds", List.of(acme.toString()), "connectionId", s.connectionId.toString()));
        assertThat(strayConnection.json().get("field").asString()).isEqualTo("connectionId");
        var badConnection = s.api.get("/api/v1/write-backs/change-sheet.csv?connectionId=nope");
        assertThat(badConnection.status()).isEqualTo(400);
        assertThat(badConnection.json().get("field").asString()).isEqualTo("connectionId");
        var badStatus = s.api.get("/api/v1/write-backs?status=to_aply");
        assertThat(badStatus.json().get("field").asString()).isEqualTo("status");
        assertThat(badStatus.json().get("detail").asString()).contains("to_apply, applied, confirmed");
        assertThat(s.api.post("/api/v1/write-backs/" + acme + "/retry", null).status())
                .isEqualTo(409);
        assertThat(s.api.get("/api/v1/write-backs/" + acme).json().get("status").asString())
                .isEqualTo("to_apply");
    }

    @Test
    void theSheetAndItsPathsAreInTheOpenApiDocument() {
        String doc = http().get("/v3/api-docs").body();
        assertThat(doc)
                .contains("/api/v1/write-backs/change-sheet")
                .contains("/api/v1/write-backs/change-sheet.csv")
                .contains("/api/v1/write-backs/change-sheet.html")
                .contains("/api/v1/write-backs/{id}/applied")
                .contains("/api/v1/write-backs/applied");
    }

    private static UUID approve(LedgerScenario s, String company) {
        var r = s.api.post(
                "/api/v1/reconciliation/lines/"
                        + s.line("2026-07", company).get("id").asString() + "/approve",
                null);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return UUID.fromString(r.json().get("writeBackId").asString());
    }

    private static List<String> csvIds(LedgerScenario s) {
        String[] rows = s.api.get("/api/v1/write-backs/change-sheet.csv").body().split("\r\n");
        return java.util.Arrays.stream(rows)
                .skip(1)
                .map(r -> r.substring(r.lastIndexOf(',') + 1))
                .toList();
    }
}
