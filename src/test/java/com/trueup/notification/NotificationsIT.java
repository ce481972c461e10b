package com.trueup.notification;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.serverError;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.trueup.reconciliation.Reconciliations;
import com.trueup.support.Http;
import com.trueup.support.SandboxScenario;
import com.trueup.support.TestTenants;
import jakarta.mail.internet.MimeMessage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Digests and alerts through a real SMTP server (GreenMail) and a real HTTP server (WireMock), on both databases. */
class NotificationsIT extends NotificationItBase {

    @Autowired
    Watch watch;

    @Autowired
    Reconciliations reconciliations;

    @Autowired
    com.trueup.audit.AuditLog auditLog;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate transactions;

    /** An organisation with Keeper connected through the Vendor API and no PSA. */
    record Keeper(TestTenants.TestTenant t, String integrationId, Http vendorApi) {}

    Keeper keeper() {
        var t = tenants.create("UTC");
        String id = t.api()
                .post("/api/v1/integrations", Map.of("vendor", "keeper", "name", "Keeper"))
                .json()
                .get("id")
                .asString();
        String token = t.api()
                .post("/api/v1/integrations/" + id + "/token", null)
                .json()
                .get("token")
                .asString();
        return new Keeper(t, id, http().header("GRADIENT-TOKEN", token));
    }

    static void service(Keeper k) {
        assertThat(k.vendorApi()
                        .post(
                                "/api/vendor-api/organization/services",
                                List.of(Map.of("id", "svc-biz", "name", "Keeper Business")))
                        .status())
                .isEqualTo(201);
    }

    static String path(String name) {
        return "/hooks/" + name + "/" + UUID.randomUUID();
    }

    static JsonNode createWebhook(Http api, String name, String format, String url, List<String> events) {
        var r = api.post(
                "/api/v1/notifications/webhooks", Map.of("name", name, "format", format, "url", url, "events", events));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json();
    }

    static List<LoggedRequest> received(String path) {
        return WEBHOOKS.findAll(postRequestedFor(urlEqualTo(path)));
    }

    /**
     * The notices a webhook received, each once: delivery is at least once (an attempt that timed out may have arrived,
     * and is sent again), receivers drop repeats by the notice's id.
     */
    static List<JsonNode> notices(String path) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        received(path).stream()
                .sorted(Comparator.comparing(LoggedRequest::getLoggedDate))
                .map(r -> Http.JSON.readTree(r.getBodyAsString()))
                .forEach(b -> byId.putIfAbsent(b.path("id").asString(b.toString()), b));
        return new ArrayList<>(byId.values());
    }

    static String money(BigDecimal amount) {
        return "USD " + amount.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    @Test
    void theDailyDigestByEmailCarriesTheReconcilePagesFiguresExactly() throws Exception {
        clock.set(Instant.parse("2026-08-03T12:00:00Z"));
        Map<String, Integer> seats = new LinkedHashMap<>();
        seats.put("Redwood Architecture", 12);
        seats.put("Granite State Realty", 16);
        seats.put("Blue Ridge Logistics", 15);
        seats.put("Lakeside Credit Union", 70);
        seats.put("Maple Street Bakery", 2);
        SandboxScenario s = new SandboxScenario(tenants.create("UTC"), http(), "2026-08-01", seats);
        seats.forEach((company, n) -> s.awaitLine("2026-08", company, n.toString()));

        // yesterday (3 August): a person approves Redwood, a rule approves Granite
        String redwood = s.line("2026-08", "Redwood Architecture").get("id").asString();
        assertThat(s.tenant
                        .as(s.tenant.approver())
                        .post("/api/v1/reconciliation/lines/" + redwood + "/approve", Map.of())
                        .status())
                .isEqualTo(202);
        var rule = s.api.post(
                "/api/v1/automation/rules",
                Map.of(
                        "name",
                        "Granite only",
                        "mode",
                        "on",
                        "scope",
                        Map.of("kind", "company", "id", s.companyId("Granite State Realty")),
                        "schedule",
                        Map.of("trigger", "daily", "time", "23:00", "period", "current")));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        assertThat(s.api.post(
                                "/api/v1/automation/rules/"
                                        + rule.json().get("id").asString() + "/run",
                                null)
                        .json()
                        .get("approved")
                        .asInt())
                .isEqualTo(1);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> s.api.get("/api/v1/write-backs?status=queued,writing")
                                .json()
                                .get("total")
                                .asLong()
                        == 0);
        assertThat(s.api.put("/api/v1/notifications/preferences", Map.of("events", List.of("digest-daily")))
                        .status())
                .isEqualTo(200);
        assertThat(s.api.put("/api/v1/notifications/settings", Map.of("digestTime", "07:00"))
                        .status())
                .isEqualTo(200);

        // 4 August 06:59: not yet; 07:05: the digest of 3 August, once
        clock.set(Instant.parse("2026-08-04T06:59:00Z"));
        watch.run(s.tenant.id());
        assertThat(mailTo(s.tenant.admin().email())).isEmpty();
        clock.set(Instant.parse("2026-08-04T07:05:00Z"));
        reconciliations.rebuild(s.tenant.id(), YearMonth.of(2026, 8));
        reconciliations.rebuild(s.tenant.id(), YearMonth.of(2026, 7));
        watch.run(s.tenant.id());
        watch.run(s.tenant.id());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> mailTo(s.tenant.admin().email()).size() == 1);

        // the figures the Reconcile page shows, by the API
        JsonNode august =
                s.api.get("/api/v1/reconciliation?period=2026-08").json().get("totals");
        JsonNode july =
                s.api.get("/api/v1/reconciliation?period=2026-07").json().get("totals");
        long waiting = august.get("byStatus").get("new-revenue").asLong()
                + august.get("byStatus").get("reconcile").asLong();
        long julyWaiting = july.get("byStatus").get("new-revenue").asLong()
                + july.get("byStatus").get("reconcile").asLong();
        record Client(String name, BigDecimal unbilled, BigDecimal atRisk, long waiting) {}
        List<Client> clients = new ArrayList<>();
        for (String company : seats.keySet()) {
            JsonNode totals = s.api.get("/api/v1/reconciliation?period=2026-08&status=new-revenue,reconcile&companyId="
                            + s.companyId(company))
                    .json()
                    .get("totals");
            if (totals.get("lines").asLong() > 0) {
                clients.add(new Client(
                        company,
                        totals.get("unbilledRevenue").decimalValue(),
                        totals.get("revenueAtRisk").decimalValue(),
                        totals.get("lines").asLong()));
            }
        }
        clients.sort(Comparator.comparing((Client c) -> c.unbilled().add(c.atRisk()))
                .reversed()
                .thenComparing(Client::name));
        assertThat(waiting).isEqualTo(3);
        StringBuilder expected = new StringBuilder();
        expected.append("Daily digest, 3 Aug 2026 · ")
                .append(s.tenant.name())
                .append("\n\n")
                .append(waiting)
                .append(" lines wait for a decision in August 2026; the clients that differ most:\n\n")
                .append("Revenue leak still open (August 2026 to date): ")
                .append(money(august.get("unbilledRevenue").decimalValue()))
                .append('\n')
                .append("Revenue at risk (August 2026 to date): ")
                .append(money(august.get("revenueAtRisk").decimalValue()))
                .append('\n')
                .append("Lines waiting for a decision: ")
                .append(waiting)
                .append('\n')
                .append("Still waiting in July 2026: ")
                .append(julyWaiting)
                .append(" lines, ")
                .append(money(july.get("unbilledRevenue").decimalValue()))
                .append(" unbilled\n")
                .append("Changes approved by rules: 1\n")
                .append("Changes approved by people: 1\n")
                .append("Write-backs failed: 0\n\n");
        for (Client c : clients) {
            expected.append("- ")
                    .append(c.name())
                    .append(": ")
                    .append(money(c.unbilled()))
                    .append(" unbilled, ")
                    .append(money(c.atRisk()))
                    .append(" at risk, ")
                    .append(c.waiting())
                    .append(c.waiting() == 1 ? " line" : " lines")
                    .append(" waiting\n");
        }
        expected.append("\nOpen in TrueUp: https://trueup.example.com/reconcile\n\n")
                .append(
                        "You receive this because you chose \"Daily digest\" under Settings → Notifications in TrueUp.\n");
        MimeMessage mail = mailTo(s.tenant.admin().email()).get(0);
        assertThat(mail.getSubject()).isEqualTo("TrueUp: Daily digest, 3 Aug 2026 · " + s.tenant.name());
        assertThat(mail.getFrom()[0].toString()).isEqualTo("trueup@msp.test");
        assertThat(((String) mail.getContent()).replace("\r\n", "\n").strip())
                .isEqualTo(expected.toString().strip());
        assertThat(clients)
                .extracting(Client::name)
                .containsExactly("Blue Ridge Logistics", "Lakeside Credit Union", "Maple Street Bakery");
    }

    @Test
    void exceptionsReachSlackTeamsASignedGenericWebhookAndEmailAsTheyHappen() throws Exception {
        Keeper k = keeper();
        String slack = path("slack");
        String teams = path("teams");
        String generic = path("generic");
        WEBHOOKS.stubFor(post(urlEqualTo(slack)).willReturn(ok("ok")));
        WEBHOOKS.stubFor(post(urlEqualTo(teams)).willReturn(aResponse().withStatus(202)));
        WEBHOOKS.stubFor(post(urlEqualTo(generic)).willReturn(aResponse().withStatus(204)));
        Http api = k.t().api();
        createWebhook(api, "Slack #billing", "slack", webhookUrl(slack), List.of("unmapped"));
        createWebhook(api, "Teams billing", "teams", webhookUrl(teams), List.of("unmapped", "vendor-silent"));
        JsonNode created = createWebhook(api, "Our ticketing", "generic", webhookUrl(generic), List.of("unmapped"));
        String secret = created.get("signingSecret").asString();
        assertThat(secret).startsWith("whsec_");
        createWebhook(api, "Not for this", "generic", webhookUrl(path("never")), List.of("psa-sync-failed"));
        assertThat(api.put(
                                "/api/v1/notifications/preferences",
                                Map.of("events", List.of("unmapped", "writeback-failed")))
                        .status())
                .isEqualTo(200);

        // the URL is never shown again, nor the secret
        String listing = api.get("/api/v1/notifications/webhooks").body();
        assertThat(listing)
                .doesNotContain(slack)
                .doesNotContain(secret)
                .contains("http://localhost:" + WEBHOOKS.port() + "/…");

        // Keeper adds a client nobody mapped: after the grace time everyone who chose "unmapped" hears of it
        assertThat(k.vendorApi()
                        .post(
                                "/api/vendor-api/organization/accounts",
                                List.of(Map.of("id", "kc-9", "name", "Newcomer Ltd")))
                        .status())
                .isEqualTo(201);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> notices(slack).size() == 1
                        && notices(teams).size() == 1
                        && notices(generic).size() == 1
                        && mailTo(k.t().admin().email()).size() == 1);

        JsonNode slackBody = Http.JSON.readTree(received(slack).get(0).getBodyAsString());
        assertThat(slackBody.get("text").asString())
                .startsWith("1 new Keeper account not mapped: Their usage is not billed");
        assertThat(slackBody.get("blocks").get(0).get("text").get("text").asString())
                .isEqualTo("1 new Keeper account not mapped");
        assertThat(slackBody.toString())
                .contains("Newcomer Ltd (kc-9)")
                .contains("<https://trueup.example.com/mapping|Open in TrueUp>");

        JsonNode teamsBody = Http.JSON.readTree(received(teams).get(0).getBodyAsString());
        assertThat(teamsBody.get("type").asString()).isEqualTo("message");
        JsonNode card = teamsBody.get("attachments").get(0).get("content");
        assertThat(card.get("type").asString()).isEqualTo("AdaptiveCard");
        assertThat(card.get("body").get(0).get("text").asString()).isEqualTo("1 new Keeper account not mapped");
        assertThat(card.get("actions").get(0).get("url").asString()).isEqualTo("https://trueup.example.com/mapping");

        LoggedRequest signed = received(generic).get(0);
        String timestamp = signed.getHeader("X-TrueUp-Timestamp");
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "sha256="
                + HexFormat.of()
                        .formatHex(mac.doFinal(
                                (timestamp + "." + signed.getBodyAsString()).getBytes(StandardCharsets.UTF_8)));
        assertThat(signed.getHeader("X-TrueUp-Signature")).isEqualTo(expected);
        assertThat(signed.getHeader("X-TrueUp-Event")).isEqualTo("unmapped");
        JsonNode genericBody = Http.JSON.readTree(signed.getBodyAsString());
        assertThat(genericBody.get("type").asString()).isEqualTo("unmapped");
        assertThat(genericBody.get("organisationId").asString())
                .isEqualTo(k.t().id().toString());
        assertThat(genericBody.get("data").get("count").asInt()).isEqualTo(1);

        MimeMessage mail = mailTo(k.t().admin().email()).get(0);
        assertThat(mail.getSubject()).isEqualTo("TrueUp: 1 new Keeper account not mapped");
        assertThat((String) mail.getContent())
                .contains("- Newcomer Ltd (kc-9)")
                .contains("https://trueup.example.com/mapping");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> api.get("/api/v1/notifications/deliveries?status=sent")
                                .json()
                                .get("total")
                                .asLong()
                        == 4);
        assertThat(api.get("/api/v1/notifications/deliveries")
                        .json()
                        .get("total")
                        .asLong())
                .isEqualTo(4);

        // send a test: at once, with the receiver's answer
        String gone = path("gone");
        WEBHOOKS.stubFor(
                post(urlEqualTo(gone)).willReturn(aResponse().withStatus(404).withBody("no_service")));
        String goneId = createWebhook(api, "Revoked", "slack", webhookUrl(gone), List.of())
                .get("webhook")
                .get("id")
                .asString();
        JsonNode test = api.post("/api/v1/notifications/webhooks/" + goneId + "/test", null)
                .json();
        assertThat(test.get("delivered").asBoolean()).isFalse();
        assertThat(test.get("detail").asString()).isEqualTo("The webhook answered HTTP 404: no_service");
        assertThat(test.get("detail").asString()).doesNotContain(gone);
        assertThat(api.post("/api/v1/notifications/preferences/test", null)
                        .json()
                        .get("delivered")
                        .asBoolean())
                .isTrue();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> mailTo(k.t().admin().email()).size() == 2);
        assertThat(mailTo(k.t().admin().email()).get(1).getSubject()).isEqualTo("TrueUp: Test message from TrueUp");
    }

    @Test
    void aWriteBackConflictAndAFailedPsaSyncAreToldToThoseWhoChoseThem() throws Exception {
        clock.set(Instant.parse("2026-08-04T05:00:00Z"));
        SandboxScenario s =
                new SandboxScenario(tenants.create("UTC"), http(), "2026-07-01", Map.of("Redwood Architecture", 12));
        s.awaitLine("2026-07", "Redwood Architecture", "12");
        String hook = path("ops");
        WEBHOOKS.stubFor(post(urlEqualTo(hook)).willReturn(ok()));
        createWebhook(s.api, "Ops", "generic", webhookUrl(hook), List.of("writeback-conflict", "psa-sync-failed"));
        var approver = s.tenant.as(s.tenant.approver());
        assertThat(approver.put("/api/v1/notifications/preferences", Map.of("events", List.of("writeback-conflict")))
                        .status())
                .isEqualTo(200);

        // someone sets the line to 11 in the PSA; TrueUp's approval of 12 was based on 10: conflict, not overwritten
        s.editInSandbox("Redwood Architecture", 11);
        String line = s.line("2026-07", "Redwood Architecture").get("id").asString();
        assertThat(approver.post("/api/v1/reconciliation/lines/" + line + "/approve", Map.of())
                        .status())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> notices(hook).size() == 1
                        && mailTo(s.tenant.approver().email()).size() == 1);
        JsonNode conflict = notices(hook).get(0);
        assertThat(conflict.get("type").asString()).isEqualTo("writeback-conflict");
        assertThat(conflict.get("title").asString())
                .isEqualTo("Write-back conflict: Redwood Architecture · Keeper Business");
        assertThat(conflict.get("summary").asString())
                .startsWith("The PSA line now holds 11, but the approval was based on 10.");
        assertThat(conflict.get("link").asString()).isEqualTo("https://trueup.example.com/write-backs?status=conflict");
        MimeMessage mail = mailTo(s.tenant.approver().email()).get(0);
        assertThat(mail.getSubject()).isEqualTo("TrueUp: Write-back conflict: Redwood Architecture · Keeper Business");
        assertThat((String) mail.getContent()).contains("Quantity: 12").contains("The PSA line now holds 11");

        // a PSA sync fails: the psa module's audit entry is what tells
        transactions.executeWithoutResult(tx -> auditLog.record(
                s.tenant.id(), "system", "psa.sync.failed", "Sandbox", "The PSA answered 503 Service Unavailable"));
        await().atMost(Duration.ofSeconds(30)).until(() -> notices(hook).size() == 2);
        JsonNode failed = notices(hook).get(1);
        assertThat(failed.get("type").asString()).isEqualTo("psa-sync-failed");
        assertThat(failed.get("title").asString()).isEqualTo("PSA sync failed: Sandbox");
        assertThat(failed.get("summary").asString())
                .isEqualTo(
                        "The PSA answered 503 Service Unavailable. The previous snapshot stays in use until a sync succeeds.");
        assertThat(mailTo(s.tenant.approver().email())).hasSize(1);
    }

    @Test
    void aFailingWebhookIsRetriedWithBackoffAndNeverHoldsUpReconciliation() {
        // Keeper last sent something five days ago
        clock.set(Instant.now().minus(Duration.ofDays(5)));
        Keeper k = keeper();
        service(k);
        assertThat(k.vendorApi()
                        .post(
                                "/api/vendor-api/organization/accounts",
                                List.of(Map.of("id", "kc-7", "name", "Slowpoke Inc")))
                        .status())
                .isEqualTo(201);
        clock.reset();
        Http api = k.t().api();
        String flaky = path("flaky");
        String scenario = "flaky-" + UUID.randomUUID();
        WEBHOOKS.stubFor(post(urlEqualTo(flaky))
                .inScenario(scenario)
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(serverError())
                .willSetStateTo("second"));
        WEBHOOKS.stubFor(post(urlEqualTo(flaky))
                .inScenario(scenario)
                .whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(503))
                .willSetStateTo("third"));
        WEBHOOKS.stubFor(post(urlEqualTo(flaky))
                .inScenario(scenario)
                .whenScenarioStateIs("third")
                .willReturn(ok()));
        String hanging = path("hanging");
        WEBHOOKS.stubFor(post(urlEqualTo(hanging)).willReturn(ok().withFixedDelay(5000)));
        createWebhook(api, "Flaky", "generic", webhookUrl(flaky), List.of("vendor-silent"));
        for (int i = 0; i < 4; i++) {
            createWebhook(api, "Hanging " + i, "slack", webhookUrl(hanging), List.of("vendor-silent"));
        }

        // the silent vendor is reported: five deliveries, four of them to a receiver that never answers in time
        watch.run(k.t().id());
        await().atMost(Duration.ofSeconds(20)).until(() -> received(hanging).size() >= 2);

        // meanwhile Keeper counts again, and reconciliation shows the usage as fast as ever
        String firstOfMonth = java.time.LocalDate.now(java.time.ZoneOffset.UTC)
                .withDayOfMonth(1)
                .toString();
        var count = k.vendorApi()
                .post(
                        "/api/vendor-api/service/svc-biz/count?date=" + firstOfMonth,
                        Map.of("accountId", "kc-7", "unitCount", 9));
        assertThat(count.status()).as(count.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    JsonNode items = api.get("/api/v1/reconciliation?status=unmapped")
                            .json()
                            .get("items");
                    return items.size() == 1
                            && items.get(0).get("vendorQuantity").decimalValue().compareTo(new BigDecimal(9)) == 0;
                });
        assertThat(api.get("/api/v1/notifications/deliveries?status=sent")
                        .json()
                        .get("total")
                        .asLong())
                .isLessThan(5);

        // the flaky webhook: 500, 503, then 200, each wait longer than the one before (1 s base, doubling, jittered)
        await().atMost(Duration.ofSeconds(30)).until(() -> received(flaky).size() == 3);
        List<LoggedRequest> attempts = received(flaky).stream()
                .sorted(Comparator.comparing(LoggedRequest::getLoggedDate))
                .toList();
        long firstWait = attempts.get(1).getLoggedDate().getTime()
                - attempts.get(0).getLoggedDate().getTime();
        long secondWait = attempts.get(2).getLoggedDate().getTime()
                - attempts.get(1).getLoggedDate().getTime();
        assertThat(firstWait).isGreaterThanOrEqualTo(450);
        assertThat(secondWait).isGreaterThanOrEqualTo(950);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> api.get("/api/v1/notifications/deliveries?status=queued")
                                .json()
                                .get("total")
                                .asLong()
                        == 0);
        JsonNode sent =
                api.get("/api/v1/notifications/deliveries?status=sent").json().get("items");
        assertThat(sent.size()).isEqualTo(1);
        assertThat(sent.get(0).get("attempts").asInt()).isEqualTo(3);
        JsonNode failed =
                api.get("/api/v1/notifications/deliveries?status=failed").json().get("items");
        assertThat(failed.size()).isEqualTo(4);
        failed.forEach(d -> {
            assertThat(d.get("attempts").asInt()).isEqualTo(3);
            assertThat(d.get("lastError").asString())
                    .isEqualTo("Gave up after 3 attempts. Last error: Could not reach the webhook "
                            + "(HttpTimeoutException)");
        });
    }

    @Autowired
    NoticeSources sources;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Test
    void aNoUsageCheckOfAMonthTheOrganisationsCalendarDoesNotReachIsSkipped() {
        clock.set(Instant.parse("2026-08-04T10:00:00Z"));
        Keeper k = keeper();

        sources.check("no-usage/" + k.t().id() + "/2026-09");

        assertThat(jdbc.sql("select count(*) from notification_event where tenant_id = :t")
                        .param("t", k.t().id())
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aSilentVendorAndAMonthWithoutUsageAreReportedOnceEach() {
        clock.set(Instant.parse("2026-08-04T10:00:00Z"));
        Keeper k = keeper();
        service(k);
        Http api = k.t().api();
        String hook = path("alerts");
        WEBHOOKS.stubFor(post(urlEqualTo(hook)).willReturn(ok()));
        createWebhook(api, "Alerts", "generic", webhookUrl(hook), List.of("vendor-silent", "no-usage"));
        assertThat(k.vendorApi()
                        .post("/api/vendor-api/organization/accounts", List.of(Map.of("id", "kc-1", "name", "Acme")))
                        .status())
                .isEqualTo(201);

        // Keeper counted 5 seats in July and 0 from 1 August: August read no usage at all
        var usage = api.post(
                "/api/v1/integrations/" + k.integrationId() + "/usage",
                Map.of(
                        "records",
                        List.of(
                                Map.of(
                                        "accountId",
                                        "kc-1",
                                        "serviceId",
                                        "svc-biz",
                                        "date",
                                        "2026-07-01",
                                        "quantity",
                                        5),
                                Map.of(
                                        "accountId",
                                        "kc-1",
                                        "serviceId",
                                        "svc-biz",
                                        "date",
                                        "2026-08-01",
                                        "quantity",
                                        0))));
        assertThat(usage.status()).as(usage.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode july = api.get("/api/v1/reconciliation?period=2026-07&status=unmapped")
                    .json()
                    .get("items");
            return july.size() == 1
                    && july.get(0).get("vendorQuantity").decimalValue().compareTo(new BigDecimal(5)) == 0;
        });
        reconciliations.rebuild(k.t().id(), YearMonth.of(2026, 8));
        reconciliations.rebuild(k.t().id(), YearMonth.of(2026, 8));
        await().atMost(Duration.ofSeconds(30)).until(() -> notices(hook).size() == 1);
        JsonNode noUsage = notices(hook).get(0);
        assertThat(noUsage.get("type").asString()).isEqualTo("no-usage");
        assertThat(noUsage.get("title").asString()).isEqualTo("No usage read for August 2026");
        assertThat(noUsage.get("data").get("previousLinesWithUsage").asInt()).isEqualTo(1);

        // four days without a word from Keeper: reported once
        clock.set(Instant.parse("2026-08-08T11:00:00Z"));
        watch.run(k.t().id());
        watch.run(k.t().id());
        await().atMost(Duration.ofSeconds(30)).until(() -> notices(hook).size() >= 2);
        // and only once: nothing more arrives while the watch runs again
        watch.run(k.t().id());
        await().during(Duration.ofMillis(1500))
                .atMost(Duration.ofSeconds(5))
                .until(() -> notices(hook).size() == 2);
        assertThat(notices(hook))
                .extracting(b -> b.get("type").asString())
                .containsExactly("no-usage", "vendor-silent");
        JsonNode silent = notices(hook).get(1);
        assertThat(silent.get("title").asString()).isEqualTo("Keeper has sent nothing for 4 days");
    }

    @Test
    void webhooksAreValidatedAdminOnlyAndInvisibleToOtherOrganisations() {
        var t = tenants.create();
        Http api = t.api();
        for (String bad : List.of(
                "ftp://files.example.com/x", "javascript:alert(1)", "hooks.slack.com/services/x", "https:///path")) {
            var r = api.post(
                    "/api/v1/notifications/webhooks",
                    Map.of("name", "x", "format", "slack", "url", bad, "events", List.of()));
            assertThat(r.status()).as(bad + " " + r.body()).isEqualTo(400);
            assertThat(r.json().get("field").asString()).isEqualTo("url");
        }
        var badFormat = api.post(
                "/api/v1/notifications/webhooks",
                Map.of("name", "x", "format", "pager", "url", "https://a.example", "events", List.of()));
        assertThat(badFormat.json().get("field").asString()).isEqualTo("format");
        var badEvent = api.put("/api/v1/notifications/preferences", Map.of("events", List.of("everything")));
        assertThat(badEvent.status()).isEqualTo(400);
        assertThat(badEvent.json().get("field").asString()).isEqualTo("events");
        assertThat(api.put("/api/v1/notifications/settings", Map.of("vendorSilentDays", 0))
                        .json()
                        .get("field")
                        .asString())
                .isEqualTo("vendorSilentDays");
        assertThat(t.as(t.approver())
                        .post(
                                "/api/v1/notifications/webhooks",
                                Map.of("name", "x", "format", "slack", "url", "https://a.example", "events", List.of()))
                        .status())
                .isEqualTo(403);
        String id = createWebhook(
                        api,
                        "Mine",
                        "slack",
                        "https://hooks.example.com/services/T1/B2/secret-token",
                        List.of("unmapped"))
                .get("webhook")
                .get("id")
                .asString();
        assertThat(api.get("/api/v1/audit-events?kind=notification").body()).doesNotContain("secret-token");
        var other = tenants.create();
        assertThat(other.api().get("/api/v1/notifications/webhooks/" + id).status())
                .isEqualTo(404);
        assertThat(other.api()
                        .post("/api/v1/notifications/webhooks/" + id + "/test", null)
                        .status())
                .isEqualTo(404);
        assertThat(other.api().get("/api/v1/notifications/webhooks").json().size())
                .isZero();
        // a viewer chooses their own e-mails
        assertThat(t.as(t.viewer())
                        .put("/api/v1/notifications/preferences", Map.of("events", List.of("digest-weekly")))
                        .json()
                        .get("events")
                        .get(0)
                        .asString())
                .isEqualTo("digest-weekly");
        assertThat(api.get("/api/v1/notifications/preferences")
                        .json()
                        .get("events")
                        .size())
                .isZero();
    }
}
