package com.trueup.writeback;

import static org.assertj.core.api.Assertions.assertThat;

import com.trueup.psa.FakePsaWriter.Op;
import com.trueup.psa.FakePsaWriter.Script;
import com.trueup.psa.PsaException;
import com.trueup.support.BrowserSession;
import com.trueup.support.TestTenants;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The write-backs page: reasons, retry for approvers only, live refresh while deliveries run. */
class WriteBackPageIT extends WriteBackItBase {

    @Test
    void aNewcomerSeesWhereWriteBacksComeFrom() {
        Msp m = msp(false);
        BrowserSession browser = signIn(m.tenant().viewer().email());

        var page = browser.get("/write-backs");

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("No write-backs yet")
                .contains("href=\"/reconcile\"")
                .doesNotContain("hx-trigger");
    }

    @Test
    void approversRetryAFailedWriteBackFromThePageAndViewersCannot() {
        Msp m = msp(false);
        UUID line = line(m, "10");
        psa.script(line, Op.SET, Script.fail(PsaException.Kind.PERMANENT, "Agreement is closed for changes"));
        UUID id = approve(request(m, line, "10", "15", AUGUST_1));
        awaitStatus(m, id, "failed");

        BrowserSession viewer = signIn(m.tenant().viewer().email());
        var asViewer = viewer.get("/write-backs?status=failed");
        assertThat(asViewer.body())
                .contains("Agreement is closed for changes")
                .contains("Acme Dental Group")
                .contains("Keeper Business")
                .doesNotContain("/write-backs/" + id + "/retry");
        assertThat(viewer.submit("/write-backs", "/write-backs/" + id + "/retry", Map.of())
                        .status())
                .isEqualTo(403);
        assertThat(psa.calls(Op.SET, line)).hasSize(1);

        BrowserSession approver = signIn(m.tenant().approver().email());
        var page = approver.get("/write-backs?status=failed");
        assertThat(page.body()).contains("Agreement is closed for changes").contains("/write-backs/" + id + "/retry");
        var retried = approver.submit("/write-backs", "/write-backs/" + id + "/retry", Map.of());
        assertThat(retried.status()).isEqualTo(302);
        assertThat(retried.header("Location")).contains("/write-backs");
        assertThat(approver.get(retried.header("Location").replaceFirst("^https?://[^/]+", ""))
                        .body())
                .contains("Queued again");

        awaitStatus(m, id, "written");
        assertThat(psa.quantity(line)).isEqualByComparingTo("15");
        assertThat(approver.get("/write-backs").body()).contains("Written").contains("ADD-");
    }

    @Test
    void thePageRefreshesItselfWhileADeliveryIsPending() {
        Msp m = msp(false);
        UUID line = line(m, "10");
        psa.script(line, Op.SET, Script.rateLimited(Duration.ofMinutes(10)));
        UUID id = approve(request(m, line, "10", "15", AUGUST_1));
        org.awaitility.Awaitility.await()
                .until(() -> psa.calls(Op.SET, line).size() == 1
                        && "queued"
                                .equals(m.tenant()
                                        .api()
                                        .get("/api/v1/write-backs/" + id)
                                        .json()
                                        .get("status")
                                        .asString()));

        BrowserSession browser = signIn(m.tenant().viewer().email());
        var page = browser.get("/write-backs");
        assertThat(page.body())
                .contains("hx-trigger=\"every 3s\"")
                .contains("hx-get=\"/write-backs/table")
                .contains("429 Too Many Requests")
                .contains("Next attempt");
        var fragment = browser.get("/write-backs/table");
        assertThat(fragment.status()).isEqualTo(200);
        assertThat(fragment.body())
                .startsWith("<div")
                .contains("id=\"write-backs\"")
                .contains("Queued")
                .doesNotContain("<html");

        Msp other = msp(false);
        assertThat(signIn(other.tenant().viewer().email()).get("/write-backs").body())
                .doesNotContain("429 Too Many Requests")
                .contains("No write-backs yet");
    }

    private BrowserSession signIn(String email) {
        BrowserSession browser = new BrowserSession(baseUrl());
        assertThat(browser.login(email, TestTenants.PASSWORD).status()).isEqualTo(302);
        return browser;
    }
}
