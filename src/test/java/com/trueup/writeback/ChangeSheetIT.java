package com.trueup.writeback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.trueup.psa.FakePsaSnapshot;
import com.trueup.psa.FakePsaWriter.Op;
import com.trueup.psa.FakePsaWriter.Script;
import com.trueup.psa.PsaCompany;
import com.trueup.psa.PsaConnectionInfo;
import com.trueup.psa.PsaEvents;
import com.trueup.psa.PsaException;
import com.trueup.psa.PsaProduct;
import com.trueup.shared.ConflictException;
import com.trueup.support.BrowserSession;
import com.trueup.support.TestTenants;
import com.trueup.support.TestTenants.TestTenant;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import tools.jackson.databind.JsonNode;

/**
 * The change sheet against the scripted fake PSA: what goes on it, its CSV to the byte, marking applied on the page and
 * the API, and how each new PSA snapshot confirms or flags what was applied by hand.
 */
class ChangeSheetIT extends WriteBackItBase {

    private static final String REASON = "Fake PSA type's API cannot change a line's quantity";

    @Autowired
    ApplicationEventPublisher events;

    /** An organisation whose PSA connection cannot write, with one company and product. */
    Msp readOnlyMsp() {
        TestTenant t = tenants.create();
        PsaConnectionInfo connection = snapshot.connect(t.id(), "Fake PSA books", FakePsaSnapshot.WRITES_NOTHING);
        return new Msp(
                t,
                connection,
                snapshot.company(connection, "Acme Dental Group"),
                snapshot.product(connection, "KEEPER-BIZ", "Keeper Business"));
    }

    UUID line(Msp m, PsaCompany company, PsaProduct product, String quantity) {
        UUID line = psa.newLine(quantity);
        snapshot.line(line, company, product, quantity);
        return line;
    }

    UUID approve(Msp m, UUID psaLine, PsaCompany company, PsaProduct product, String expected, String target) {
        return approve(new WriteBackRequest(
                m.id(),
                UUID.randomUUID(),
                m.connection().id(),
                psaLine,
                company.id(),
                product.id(),
                expected == null ? null : new java.math.BigDecimal(expected),
                new java.math.BigDecimal(target),
                new java.math.BigDecimal(target),
                AUGUST_1,
                m.tenant().approver().email()));
    }

    void snapshotRefreshed(Msp m) {
        transactions.executeWithoutResult(s -> events.publishEvent(
                new PsaEvents.SnapshotRefreshed(m.id(), m.connection().id(), UUID.randomUUID())));
    }

    JsonNode get(Msp m, UUID id) {
        return m.tenant().api().get("/api/v1/write-backs/" + id).json();
    }

    @Test
    void theSheetIsExactFormulaSafeAndGroupedByCompanyAndContract() {
        Msp m = readOnlyMsp();
        PsaCompany smith = snapshot.company(m.connection(), "Smith, \"Jones\" & Co");
        PsaCompany plus = snapshot.company(m.connection(), "+Plus IT");
        PsaProduct risk = snapshot.product(m.connection(), "-RISK", "@Risk seats");
        UUID acmeLine = line(m, m.company(), m.product(), "10");
        UUID smithLine = line(m, smith, m.product(), "3");
        UUID plusLine = line(m, plus, risk, "7");

        UUID acme = approve(m, acmeLine, m.company(), m.product(), "10", "15");
        UUID smithWb = approve(m, smithLine, smith, m.product(), "3", "1");
        UUID plusWb = approve(m, plusLine, plus, risk, "7", "9");
        UUID newLine = approve(m, null, m.company(), risk, null, "2");

        JsonNode wb = get(m, acme);
        assertThat(wb.get("status").asString()).isEqualTo("to_apply");
        assertThat(wb.get("manualReason").asString()).isEqualTo(REASON);
        assertThat(get(m, newLine).get("manualReason").asString())
                .isEqualTo("Fake PSA type's API cannot add a recurring line");
        String expected = ""
                + "company,contract,product_code,product_name,current_quantity,new_quantity,difference,effective_date,write_back_id\r\n"
                + "'+Plus IT,Managed Services (K1),'-RISK,'@Risk seats,7,9,2,2026-08-01," + plusWb + "\r\n"
                + "Acme Dental Group,Managed Services (K1),KEEPER-BIZ,Keeper Business,10,15,5,2026-08-01," + acme
                + "\r\n"
                + "Acme Dental Group,New line: add to the client's recurring contract,'-RISK,'@Risk seats,0,2,2,2026-08-01,"
                + newLine + "\r\n"
                + "\"Smith, \"\"Jones\"\" & Co\",Managed Services (K1),KEEPER-BIZ,Keeper Business,3,1,-2,2026-08-01,"
                + smithWb
                + "\r\n";
        assertThat(m.tenant()
                        .as(m.tenant().viewer())
                        .get("/api/v1/write-backs/change-sheet.csv")
                        .body())
                .isEqualTo(expected);
        assertThat(m.tenant()
                        .api()
                        .get("/api/v1/write-backs/change-sheet.csv?connectionId="
                                + m.connection().id())
                        .body())
                .isEqualTo(expected);
        assertThat(signIn(m.tenant().viewer().email())
                        .get("/write-backs/change-sheet.csv")
                        .body())
                .isEqualTo(expected);
        assertThat(psa.calls(Op.READ, acmeLine)).isEmpty();
        assertThat(psa.calls(Op.SET, acmeLine)).isEmpty();
        assertThat(psa.calls(Op.CREATE, m.company().id())).isEmpty();

        // a second connection of the organisation: the filter keeps the sheets apart
        PsaConnectionInfo second = snapshot.connect(m.id(), "Fake PSA books", FakePsaSnapshot.WRITES_NOTHING);
        Msp m2 = new Msp(
                m.tenant(),
                second,
                snapshot.company(second, "Zenith Labs"),
                snapshot.product(second, "KEEPER-BIZ", "Keeper Business"));
        UUID zenith = approve(m2, line(m2, m2.company(), m2.product(), "1"), m2.company(), m2.product(), "1", "2");
        assertThat(m.tenant()
                        .api()
                        .get("/api/v1/write-backs/change-sheet.csv?connectionId=" + second.id())
                        .body())
                .isEqualTo(
                        ChangeSheet.CSV_HEADER + "Zenith Labs,Managed Services (K1),KEEPER-BIZ,Keeper Business,1,2,1,"
                                + "2026-08-01," + zenith + "\r\n");
        assertThat(m.tenant()
                        .api()
                        .get("/api/v1/write-backs/change-sheet.csv?connectionId="
                                + m.connection().id())
                        .body())
                .isEqualTo(expected);
        assertThat(m.tenant()
                        .api()
                        .get("/api/v1/write-backs?status=to_apply&connectionId=" + second.id())
                        .json()
                        .get("total")
                        .asLong())
                .isEqualTo(1);
        assertThat(m.tenant()
                        .api()
                        .get("/api/v1/write-backs?status=to_apply")
                        .json()
                        .get("total")
                        .asLong())
                .isEqualTo(5);
    }

    @Test
    void eachSnapshotConfirmsWhatItShowsAndFlagsWhatWasAppliedButIsNotThere() {
        clock.set(Instant.parse("2026-08-04T10:00:00Z"));
        Msp m = readOnlyMsp();
        UUID a = line(m, m.company(), m.product(), "10");
        UUID b = line(m, m.company(), m.product(), "10");
        UUID c = line(m, m.company(), m.product(), "4");
        UUID d = line(m, m.company(), m.product(), "5");
        UUID neverMarked = approve(m, a, m.company(), m.product(), "10", "15");
        UUID stillOld = approve(m, b, m.company(), m.product(), "10", "15");
        UUID otherQuantity = approve(m, c, m.company(), m.product(), "4", "6");
        UUID gone = approve(m, d, m.company(), m.product(), "5", "8");
        PsaProduct breachWatch = snapshot.product(m.connection(), "KEEPER-BW", "BreachWatch");
        UUID added = approve(m, null, m.company(), breachWatch, null, "3");
        UUID stranger = UUID.randomUUID();

        var marked = m.tenant()
                .as(m.tenant().approver())
                .post(
                        "/api/v1/write-backs/applied",
                        Map.of("writeBackIds", List.of(stillOld, otherQuantity, gone, added, stranger)));
        assertThat(marked.status()).as(marked.body()).isEqualTo(200);
        assertThat(marked.json().get("applied").asInt()).isEqualTo(4);
        assertThat(marked.json().get("skipped")).hasSize(1);
        assertThat(marked.json().get("skipped").get(0).get("writeBackId").asString())
                .isEqualTo(stranger.toString());

        snapshot.changeQuantity(a, "15");
        snapshot.changeQuantity(c, "5");
        snapshot.removeLine(d);
        snapshotRefreshed(m);

        assertThat(get(m, neverMarked).get("status").asString()).isEqualTo("confirmed");
        assertThat(get(m, neverMarked).get("appliedBy").isNull()).isTrue();
        assertThat(get(m, stillOld).get("status").asString()).isEqualTo("applied");
        assertThat(get(m, stillOld).get("flag").asString()).isEqualTo("still at 10 after the import of 2026-08-04");
        assertThat(get(m, otherQuantity).get("flag").asString())
                .isEqualTo("at 5, not 6, after the import of 2026-08-04");
        assertThat(get(m, otherQuantity).get("psaQuantity").decimalValue()).isEqualByComparingTo("5");
        assertThat(get(m, gone).get("flag").asString())
                .isEqualTo("the line is not in the PSA snapshot after the import of 2026-08-04");
        assertThat(get(m, added).get("flag").asString())
                .isEqualTo("no line of this product for the company after the import of 2026-08-04");
        JsonNode confirmedAudit = m.tenant()
                .api()
                .get("/api/v1/audit-events?kind=writeback.confirmed")
                .json()
                .get("items");
        assertThat(confirmedAudit).hasSize(1);
        assertThat(confirmedAudit.get(0).get("detail").asString())
                .contains("shows 15")
                .contains("before anyone marked it applied");
        assertThat(m.tenant()
                        .api()
                        .get("/api/v1/audit-events?kind=writeback.flagged")
                        .json()
                        .get("items"))
                .hasSize(4);
        var page = signIn(m.tenant().viewer().email()).get("/write-backs?status=applied");
        assertThat(page.body())
                .contains("still at 10 after the import of 2026-08-04")
                .contains("Applied by hand");

        // the next day's snapshot: b caught up (confirmed, flag gone), the new line appeared, the others stay flagged
        clock.set(Instant.parse("2026-08-05T10:00:00Z"));
        snapshot.changeQuantity(b, "15");
        snapshot.line(UUID.randomUUID(), m.company(), breachWatch, "3");
        snapshotRefreshed(m);

        JsonNode caughtUp = get(m, stillOld);
        assertThat(caughtUp.get("status").asString()).isEqualTo("confirmed");
        assertThat(caughtUp.get("flag").isNull()).isTrue();
        assertThat(caughtUp.get("finishedAt").asString()).isEqualTo("2026-08-05T10:00:00Z");
        assertThat(get(m, added).get("status").asString()).isEqualTo("confirmed");
        assertThat(get(m, added).get("psaQuantity").decimalValue()).isEqualByComparingTo("3");
        assertThat(get(m, otherQuantity).get("flag").asString())
                .isEqualTo("at 5, not 6, after the import of 2026-08-05");
        assertThat(m.tenant()
                        .api()
                        .get("/api/v1/audit-events?kind=writeback.flagged")
                        .json()
                        .get("items"))
                .hasSize(4);
        assertThat(m.tenant()
                        .api()
                        .get("/api/v1/write-backs?status=confirmed")
                        .json()
                        .get("total")
                        .asLong())
                .isEqualTo(3);
        assertThat(m.tenant()
                        .api()
                        .get("/api/v1/write-backs?status=applied")
                        .json()
                        .get("total")
                        .asLong())
                .isEqualTo(2);

        // another organisation's snapshot never touches these
        Msp other = readOnlyMsp();
        snapshotRefreshed(other);
        assertThat(get(m, otherQuantity).get("status").asString()).isEqualTo("applied");
    }

    @Test
    void approversMarkLinesOrTheWholeSheetOnThePageAndViewersCannot() {
        Msp m = readOnlyMsp();
        clock.set(Instant.parse("2026-08-04T10:00:00Z"));
        UUID first = approve(m, line(m, m.company(), m.product(), "10"), m.company(), m.product(), "10", "15");
        clock.set(Instant.parse("2026-08-04T10:01:00Z"));
        UUID second = approve(m, line(m, m.company(), m.product(), "4"), m.company(), m.product(), "4", "5");

        BrowserSession viewer = signIn(m.tenant().viewer().email());
        String asViewer = viewer.get("/write-backs").body();
        assertThat(asViewer)
                .contains("Change sheet")
                .contains("2 changes")
                .contains("/write-backs/change-sheet.csv")
                .contains("/write-backs/change-sheet\"")
                .contains(REASON.replace("'", "&#39;"))
                .contains("To apply by hand")
                .doesNotContain("Mark applied")
                .doesNotContain("action=\"/write-backs/applied\"");
        assertThat(viewer.submit("/write-backs", "/write-backs/" + first + "/applied", Map.of())
                        .status())
                .isEqualTo(403);
        assertThat(viewer.submit("/write-backs", "/write-backs/applied", Map.of())
                        .status())
                .isEqualTo(403);

        BrowserSession approver = signIn(m.tenant().approver().email());
        String page = approver.get("/write-backs").body();
        assertThat(page).contains("/write-backs/" + first + "/applied").contains("Mark the whole sheet applied");
        String through = hidden(page, "through");
        assertThat(through).isEqualTo("2026-08-04T10:01:00Z");
        var marked = approver.submit("/write-backs", "/write-backs/" + first + "/applied", Map.of());
        assertThat(marked.status()).isEqualTo(302);
        assertThat(approver.get("/write-backs").body())
                .contains("Marked applied by hand")
                .contains("Applied by <span>" + m.tenant().approver().email() + "</span>");
        assertThat(get(m, first).get("status").asString()).isEqualTo("applied");

        // approved after the sheet was shown: not swept in by "the whole sheet"
        clock.set(Instant.parse("2026-08-04T10:05:00Z"));
        UUID late = approve(m, line(m, m.company(), m.product(), "1"), m.company(), m.product(), "1", "2");
        var whole = approver.submit(
                "/write-backs",
                "/write-backs/applied",
                Map.of("through", through, "connectionId", m.connection().id().toString()));
        assertThat(whole.status()).isEqualTo(302);
        assertThat(whole.header("Location"))
                .contains("connectionId=" + m.connection().id());
        assertThat(approver.get(whole.header("Location").replaceFirst("^https?://[^/]+", ""))
                        .body())
                .contains("1 change marked applied by hand");
        assertThat(get(m, second).get("status").asString()).isEqualTo("applied");
        assertThat(get(m, late).get("status").asString()).isEqualTo("to_apply");
        JsonNode audit = m.tenant()
                .api()
                .get("/api/v1/audit-events?kind=writeback.applied")
                .json()
                .get("items");
        assertThat(audit).hasSize(2);
        assertThat(audit.valueStream().map(e -> e.get("actor").asString()))
                .containsOnly(m.tenant().approver().email());

        var printable = viewer.get("/write-backs/change-sheet");
        assertThat(printable.status()).isEqualTo(200);
        assertThat(printable.body())
                .contains("<h1>Change sheet</h1>")
                .contains("1 change")
                .contains(late.toString())
                .doesNotContain(first.toString())
                .contains("data-print")
                .contains("/js/app.js");
        assertThat(viewer.get("/write-backs/change-sheet?connectionId=" + UUID.randomUUID())
                        .status())
                .isEqualTo(404);
        assertThat(viewer.get("/write-backs?status=to_apply&connectionId="
                                + m.connection().id())
                        .body())
                .contains(late.toString())
                .doesNotContain("wb-" + first);
    }

    @Test
    void aQueuedChangeGoesToTheSheetWhenTheConnectorCanNoLongerWrite() {
        Msp m = msp(true);
        UUID line = line(m, "10");
        psa.script(line, Op.SET, Script.fail(PsaException.Kind.RETRYABLE, "503 Service Unavailable"));
        UUID id = approve(request(m, line, "10", "15", AUGUST_1));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> psa.calls(Op.SET, line).size() == 1);

        snapshot.loseWrites(m.connection().id());

        JsonNode wb = awaitStatus(m, id, "to_apply");
        assertThat(wb.get("manualReason").asString()).isEqualTo(REASON);
        assertThat(psa.calls(Op.SET, line)).hasSize(1);
        assertThat(psa.quantity(line)).isEqualByComparingTo("10");
        JsonNode history =
                m.tenant().api().get("/api/v1/write-backs/" + id).json().get("history");
        assertThat(history.get(history.size() - 1).get("outcome").asString()).isEqualTo("to_apply");
    }

    @Test
    void readOnlyLinesAreNeitherWrittenNorPutOnTheSheet() {
        Msp m = readOnlyMsp();
        UUID computed = UUID.randomUUID();
        snapshot.readOnlyLine(
                computed, m.company(), m.product(), "7", "The PSA counts this line's quantity from its users");

        assertThatThrownBy(() -> approve(m, computed, m.company(), m.product(), "7", "9"))
                .isInstanceOf(ConflictException.class)
                .hasMessageContaining("counts this line's quantity")
                .hasMessageContaining("change sheet");
        assertThat(m.tenant()
                        .api()
                        .get("/api/v1/write-backs")
                        .json()
                        .get("total")
                        .asLong())
                .isZero();
        assertThat(m.tenant().api().get("/api/v1/write-backs/change-sheet.csv").body())
                .isEqualTo(ChangeSheet.CSV_HEADER);
    }

    private static String hidden(String html, String name) {
        Matcher matcher =
                Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
        assertThat(matcher.find()).as("hidden field " + name).isTrue();
        return matcher.group(1);
    }

    private BrowserSession signIn(String email) {
        BrowserSession browser = new BrowserSession(baseUrl());
        assertThat(browser.login(email, TestTenants.PASSWORD).status()).isEqualTo(302);
        return browser;
    }
}
