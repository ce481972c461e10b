package com.trueup.automation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.trueup.support.BrowserSession;
import com.trueup.support.Http;
import com.trueup.support.IntegrationTest;
import com.trueup.support.SandboxScenario;
import com.trueup.support.TestTenants;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Approval rules end to end with the real modules (Keeper through the Vendor API, the Sandbox PSA, real write-backs), on
 * both databases, with the test clock: previews equal live runs, guard-rails hold with their reasons, the switch stops
 * everything, stale vendor data holds everything back, schedules run when the clock says, the rule is the actor.
 */
class AutomationIT extends IntegrationTest {

    /** Tuesday 4 August 2026, 05:00 UTC: the 2nd business day of August (1 August is a Saturday). */
    static final Instant START = Instant.parse("2026-08-04T05:00:00Z");

    static final String JULY = "2026-07";

    /** Sandbox demo data bills Keeper Business: Redwood 10, Granite 14, Blue Ridge 25, Cedar Creek 8, Maple 4, Lakeside 60. */
    static final Map<String, Integer> JULY_SEATS = seats();

    @Autowired
    AutomationJobs.ScheduledRuns scheduled;

    static Map<String, Integer> seats() {
        Map<String, Integer> seats = new LinkedHashMap<>();
        seats.put("Redwood Architecture", 12); // +2 (20 %)
        seats.put("Granite State Realty", 16); // +2 (14.3 %)
        seats.put("Blue Ridge Logistics", 15); // -10 (40 %)
        seats.put("Cedar Creek Veterinary", 3); // -5 (62.5 %)
        seats.put("Maple Street Bakery", 2); // -2 (50 %)
        seats.put("Lakeside Credit Union", 70); // +10 (16.7 %)
        return seats;
    }

    SandboxScenario scenario() {
        clock.set(START);
        SandboxScenario s = new SandboxScenario(tenants.create("UTC"), http(), "2026-07-01", JULY_SEATS);
        s.awaitLine(JULY, "Lakeside Credit Union", "70");
        JULY_SEATS.forEach((company, seats) -> s.awaitLine(JULY, company, seats.toString()));
        return s;
    }

    static Map<String, Object> smallChanges(String name, String trigger) {
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("name", name);
        rule.put("scope", Map.of("kind", "all"));
        rule.put("direction", "both");
        rule.put("maxUnits", 5);
        rule.put("maxPercent", 25);
        rule.put("allowNewLines", false);
        rule.put("maxVendorAgeHours", 24);
        rule.put("maxPsaAgeHours", 24);
        rule.put(
                "schedule",
                trigger.equals("after-rebuild")
                        ? Map.of("trigger", trigger, "period", "previous")
                        : Map.of("trigger", trigger, "time", "06:00", "period", "previous"));
        return rule;
    }

    static String create(Http api, Map<String, Object> rule) {
        var r = api.post("/api/v1/automation/rules", rule);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("mode").asString()).isEqualTo("off");
        return r.json().get("id").asString();
    }

    static Map<String, String> decisions(JsonNode preview, String list) {
        Map<String, String> byCompany = new LinkedHashMap<>();
        preview.get(list)
                .forEach(l -> byCompany.put(
                        l.get("companyName").asString(),
                        l.get("reason").isNull() ? "" : l.get("reason").asString()));
        return byCompany;
    }

    static List<JsonNode> writeBacksBy(Http api, String actor) {
        List<JsonNode> mine = new ArrayList<>();
        api.get("/api/v1/write-backs?size=200").json().get("items").forEach(w -> {
            if (actor.equals(w.get("createdBy").asString())) {
                mine.add(w);
            }
        });
        return mine;
    }

    @Test
    void aRuleApprovesTheTwoSeatIncreaseAndHoldsTheFortyPercentDecreaseExactlyAsItsPreviewSaid() {
        SandboxScenario s = scenario();
        String id = create(s.api, smallChanges("Small seat changes", "after-rebuild"));

        var preview = s.api.get("/api/v1/automation/rules/" + id + "/preview");
        assertThat(preview.status()).as(preview.body()).isEqualTo(200);
        JsonNode p = preview.json();
        assertThat(p.get("period").asString()).isEqualTo(JULY);
        assertThat(decisions(p, "approve").keySet())
                .containsExactlyInAnyOrder("Redwood Architecture", "Granite State Realty");
        Map<String, String> held = decisions(p, "hold");
        assertThat(held)
                .containsOnlyKeys(
                        "Blue Ridge Logistics",
                        "Cedar Creek Veterinary",
                        "Maple Street Bakery",
                        "Lakeside Credit Union");
        assertThat(held.get("Blue Ridge Logistics"))
                .isEqualTo(
                        "a change of 10 units is more than the limit of 5; a change of 40 % is more than the limit of 25 %");
        assertThat(held.get("Maple Street Bakery")).isEqualTo("a change of 50 % is more than the limit of 25 %");
        assertThat(held.get("Lakeside Credit Union")).isEqualTo("a change of 10 units is more than the limit of 5");
        Set<String> previewed = new TreeSet<>();
        p.get("approve").forEach(l -> previewed.add(l.get("lineId").asString()));
        assertThat(writeBacksBy(s.api, "rule: Small seat changes")).isEmpty();

        // switched on: it runs once right away (after-rebuild rule) and approves exactly what it previewed
        var on = s.api.put("/api/v1/automation/rules/" + id + "/mode", Map.of("mode", "on"));
        assertThat(on.status()).as(on.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> s.api.get("/api/v1/automation/runs?ruleId=" + id)
                                .json()
                                .get("total")
                                .asLong()
                        >= 1);
        JsonNode run = s.api.get("/api/v1/automation/runs/"
                        + s.api.get("/api/v1/automation/runs?ruleId=" + id)
                                .json()
                                .get("items")
                                .get(0)
                                .get("id")
                                .asString())
                .json();
        assertThat(run.get("mode").asString()).isEqualTo("on");
        assertThat(run.get("trigger").asString()).isEqualTo("after-rebuild");
        assertThat(run.get("approved").asInt()).isEqualTo(2);
        assertThat(run.get("held").asInt()).isEqualTo(4);
        List<JsonNode> written = writeBacksBy(s.api, "rule: Small seat changes");
        Set<String> approvedLines = new TreeSet<>();
        written.forEach(w -> approvedLines.add(w.get("lineId").asString()));
        assertThat(approvedLines).isEqualTo(previewed);
        assertThat(s.line(JULY, "Redwood Architecture").get("status").asString())
                .isEqualTo("approved");
        assertThat(s.line(JULY, "Blue Ridge Logistics").get("status").asString())
                .isEqualTo("reconcile");

        // the rule is the actor: line history, audit log, write-backs; and the PSA gets the quantities
        String redwood = s.line(JULY, "Redwood Architecture").get("id").asString();
        JsonNode history = s.api.get("/api/v1/reconciliation/lines/" + redwood + "/history")
                .json()
                .get("items");
        assertThat(history.get(0).get("actor").asString()).isEqualTo("rule: Small seat changes");
        assertThat(history.get(0).get("action").asString()).isEqualTo("approved");
        JsonNode audit = s.api.get("/api/v1/audit-events?kind=reconciliation.approved")
                .json()
                .get("items");
        assertThat(audit.size()).isEqualTo(2);
        audit.forEach(e -> assertThat(e.get("actor").asString()).isEqualTo("rule: Small seat changes"));
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> s.sandboxQuantity("Redwood Architecture").compareTo(new java.math.BigDecimal("12")) == 0
                        && s.sandboxQuantity("Granite State Realty").compareTo(new java.math.BigDecimal("16")) == 0);
        assertThat(s.sandboxQuantity("Blue Ridge Logistics")).isEqualByComparingTo("25");

        // the held lines carry the reason on the Reconcile page
        var ui = new BrowserSession(baseUrl());
        ui.login(s.tenant.admin().email(), TestTenants.PASSWORD);
        String page = ui.get("/reconcile?period=" + JULY + "&status=reconcile").body();
        assertThat(page)
                .contains("Held back by rule &quot;Small seat changes&quot;")
                .contains(
                        "a change of 10 units is more than the limit of 5; a change of 40 % is more than the limit of 25 %");

        // a person reverses the rule's approval like any other (after a sync shows the written 12): Adjust to 10
        s.syncPsa();
        assertThat(s.line(JULY, "Redwood Architecture").get("psaQuantity").decimalValue())
                .isEqualByComparingTo("12");
        var reversed = s.tenant
                .as(s.tenant.approver())
                .post("/api/v1/reconciliation/lines/" + redwood + "/approve", Map.of("quantity", 10));
        assertThat(reversed.status()).as(reversed.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(() -> s.sandboxQuantity("Redwood Architecture").compareTo(java.math.BigDecimal.TEN) == 0);
        s.syncPsa();
        assertThat(s.line(JULY, "Redwood Architecture").get("status").asString())
                .isEqualTo("reconcile");
        // ... and the rule does not approve the same 12 again: the person's word stands
        var again = s.api.post("/api/v1/automation/rules/" + id + "/run", null);
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().get("approved").asInt()).isZero();
        assertThat(again.body()).contains("a rule already approved 12 for this line and the PSA bills 10 again");
        assertThat(writeBacksBy(s.api, "rule: Small seat changes")).hasSize(2);
        JsonNode redwoodHistory = s.api.get("/api/v1/reconciliation/lines/" + redwood + "/history")
                .json()
                .get("items");
        List<String> actors = new ArrayList<>();
        redwoodHistory.forEach(e ->
                actors.add(e.get("actor").asString() + " " + e.get("action").asString()));
        assertThat(actors)
                .contains(
                        "rule: Small seat changes approved", s.tenant.approver().email() + " adjusted");
    }

    @Test
    void floorAndCeilingHoldAndTheFirstRuleCoveringALineDecidesIt() {
        SandboxScenario s = scenario();
        Map<String, Object> anything = smallChanges("Anything", "daily");
        anything.put("maxUnits", null);
        anything.put("maxPercent", null);
        String general = create(s.api, anything);
        Map<String, Object> maple = smallChanges("Maple floor", "daily");
        maple.put("scope", Map.of("kind", "company", "id", s.companyId("Maple Street Bakery")));
        maple.put("maxUnits", null);
        maple.put("maxPercent", null);
        maple.put("floor", 5);
        maple.put("position", 1);
        String floor = create(s.api, maple);
        Map<String, Object> lakeside = smallChanges("Lakeside ceiling", "daily");
        lakeside.put("scope", Map.of("kind", "company", "id", s.companyId("Lakeside Credit Union")));
        lakeside.put("maxUnits", null);
        lakeside.put("maxPercent", null);
        lakeside.put("ceiling", 50);
        lakeside.put("position", 1);
        String ceiling = create(s.api, lakeside);
        JsonNode order = s.api.get("/api/v1/automation/rules").json();
        assertThat(order.get(0).get("name").asString()).isEqualTo("Lakeside ceiling");
        assertThat(order.get(1).get("name").asString()).isEqualTo("Maple floor");
        assertThat(order.get(2).get("name").asString()).isEqualTo("Anything");

        JsonNode floorPreview =
                s.api.get("/api/v1/automation/rules/" + floor + "/preview").json();
        assertThat(decisions(floorPreview, "approve")).isEmpty();
        assertThat(decisions(floorPreview, "hold"))
                .containsExactly(Map.entry("Maple Street Bakery", "would go below the floor of 5"));
        JsonNode ceilingPreview =
                s.api.get("/api/v1/automation/rules/" + ceiling + "/preview").json();
        assertThat(decisions(ceilingPreview, "hold"))
                .containsExactly(Map.entry("Lakeside Credit Union", "would go above the ceiling of 50"));

        // while the two are off, the general rule takes every line; switched on, they take theirs first
        assertThat(decisions(
                        s.api.get("/api/v1/automation/rules/" + general + "/preview")
                                .json(),
                        "approve"))
                .hasSize(6);
        s.api.put("/api/v1/automation/rules/" + floor + "/mode", Map.of("mode", "on"));
        s.api.put("/api/v1/automation/rules/" + ceiling + "/mode", Map.of("mode", "on"));
        JsonNode generalPreview =
                s.api.get("/api/v1/automation/rules/" + general + "/preview").json();
        assertThat(decisions(generalPreview, "approve").keySet())
                .containsExactlyInAnyOrder(
                        "Redwood Architecture",
                        "Granite State Realty",
                        "Blue Ridge Logistics",
                        "Cedar Creek Veterinary");
        assertThat(generalPreview.get("coveredByRulesAbove").asInt()).isEqualTo(2);

        // live: the floor and the ceiling hold, nothing of Maple or Lakeside is written
        var run = s.api.post("/api/v1/automation/rules/" + floor + "/run", null).json();
        assertThat(run.get("approved").asInt()).isZero();
        assertThat(run.get("items").get(0).get("reason").asString()).isEqualTo("would go below the floor of 5");
        assertThat(s.api.post("/api/v1/automation/rules/" + ceiling + "/run", null)
                        .json()
                        .get("held")
                        .asInt())
                .isEqualTo(1);
        assertThat(writeBacksBy(s.api, "rule: Maple floor")).isEmpty();
        assertThat(writeBacksBy(s.api, "rule: Lakeside ceiling")).isEmpty();
    }

    @Test
    void theSwitchStopsEverythingAndStaleVendorDataHoldsEverythingBack() {
        SandboxScenario s = scenario();
        Map<String, Object> rule = smallChanges("Anything fresh", "daily");
        rule.put("maxUnits", null);
        rule.put("maxPercent", null);
        String id = create(s.api, rule);
        assertThat(s.api.put("/api/v1/automation/rules/" + id + "/mode", Map.of("mode", "on"))
                        .status())
                .isEqualTo(200);

        // stopped: a run approves nothing and says why
        assertThat(s.tenant
                        .as(s.tenant.approver())
                        .put("/api/v1/automation/switch", Map.of("approvalsPaused", true))
                        .status())
                .isEqualTo(403);
        var stop = s.api.put("/api/v1/automation/switch", Map.of("approvalsPaused", true));
        assertThat(stop.status()).as(stop.body()).isEqualTo(200);
        assertThat(stop.json().get("approvalsPaused").asBoolean()).isTrue();
        JsonNode paused =
                s.api.post("/api/v1/automation/rules/" + id + "/run", null).json();
        assertThat(paused.get("outcome").asString()).isEqualTo("paused");
        assertThat(paused.get("approved").asInt()).isZero();
        assertThat(s.api.get("/api/v1/automation/rules/" + id + "/preview")
                        .json()
                        .get("approvalsPaused")
                        .asBoolean())
                .isTrue();
        assertThat(writeBacksBy(s.api, "rule: Anything fresh")).isEmpty();
        assertThat(s.api.get("/api/v1/audit-events?kind=automation.paused")
                        .json()
                        .get("total")
                        .asLong())
                .isEqualTo(1);

        // allowed again, but 30 hours later nothing has come from Keeper: everything is held back
        s.api.put("/api/v1/automation/switch", Map.of("approvalsPaused", false));
        clock.set(START.plus(Duration.ofHours(30)));
        JsonNode stale =
                s.api.get("/api/v1/automation/rules/" + id + "/preview").json();
        assertThat(stale.get("approve").size()).isZero();
        assertThat(stale.get("hold").size()).isEqualTo(6);
        stale.get("hold")
                .forEach(l -> assertThat(l.get("reason").asString())
                        .contains("the vendor's data is 30 h old, more than the 24 h this rule allows")
                        .contains("the PSA snapshot is 30 h old, more than the 24 h this rule allows"));
        assertThat(s.api.post("/api/v1/automation/rules/" + id + "/run", null)
                        .json()
                        .get("approved")
                        .asInt())
                .isZero();
        assertThat(writeBacksBy(s.api, "rule: Anything fresh")).isEmpty();

        // fresh counts and a sync: the same rule approves all six
        JULY_SEATS.forEach((company, seats) -> s.count(company, "2026-07-01", seats));
        s.syncPsa();
        JsonNode run =
                s.api.post("/api/v1/automation/rules/" + id + "/run", null).json();
        assertThat(run.get("approved").asInt()).isEqualTo(6);
        assertThat(writeBacksBy(s.api, "rule: Anything fresh")).hasSize(6);
    }

    @Test
    void aMonthlyRuleRunsOnTheSecondBusinessDayForTheMonthJustClosedAndADryRunRecordsWithoutApproving() {
        SandboxScenario s = scenario();
        Map<String, Object> monthly = smallChanges("Month end", "monthly");
        monthly.put("schedule", Map.of("trigger", "monthly", "businessDay", 2, "time", "06:00"));
        String id = create(s.api, monthly);
        JsonNode rule = s.api.put("/api/v1/automation/rules/" + id + "/mode", Map.of("mode", "dry-run"))
                .json();
        assertThat(rule.get("schedule").get("period").asString()).isEqualTo("previous");
        assertThat(rule.get("nextRunAt").asString()).isEqualTo("2026-08-04T06:00:00Z");

        scheduled.due();
        assertThat(s.api.get("/api/v1/automation/runs?ruleId=" + id)
                        .json()
                        .get("total")
                        .asLong())
                .isZero();

        clock.set(Instant.parse("2026-08-04T06:01:00Z"));
        scheduled.due();
        scheduled.due();
        JsonNode runs = s.api.get("/api/v1/automation/runs?ruleId=" + id).json();
        assertThat(runs.get("total").asLong()).isEqualTo(1);
        JsonNode run = s.api.get("/api/v1/automation/runs/"
                        + runs.get("items").get(0).get("id").asString())
                .json();
        assertThat(run.get("trigger").asString()).isEqualTo("schedule");
        assertThat(run.get("mode").asString()).isEqualTo("dry-run");
        assertThat(run.get("period").asString()).isEqualTo(JULY);
        assertThat(run.get("approved").asInt()).isEqualTo(2);
        List<String> outcomes = new ArrayList<>();
        run.get("items")
                .forEach(i -> outcomes.add(
                        i.get("companyName").asString() + " " + i.get("outcome").asString()));
        assertThat(outcomes)
                .contains(
                        "Redwood Architecture would-approve",
                        "Granite State Realty would-approve",
                        "Blue Ridge Logistics held");
        assertThat(writeBacksBy(s.api, "rule: Month end")).isEmpty();
        // the next run: the 2nd business day of September (1 September 2026 is a Tuesday)
        assertThat(s.api.get("/api/v1/automation/rules/" + id)
                        .json()
                        .get("nextRunAt")
                        .asString())
                .isEqualTo("2026-09-02T06:00:00Z");
    }

    @Test
    void rulesAreValidatedAdminOnlyAndInvisibleToOtherOrganisations() {
        clock.set(START);
        var t = tenants.create();
        Map<String, Object> rule = smallChanges("Small", "daily");
        assertThat(t.as(t.approver()).post("/api/v1/automation/rules", rule).status())
                .isEqualTo(403);
        String id = create(t.api(), rule);

        assertField(t.api().post("/api/v1/automation/rules", rule), "name");
        Map<String, Object> bad = smallChanges("Bad", "daily");
        bad.put("direction", "sideways");
        assertField(t.api().post("/api/v1/automation/rules", bad), "direction");
        bad = smallChanges("Bad", "daily");
        bad.put("floor", 10);
        bad.put("ceiling", 5);
        assertField(t.api().post("/api/v1/automation/rules", bad), "floor");
        bad = smallChanges("Bad", "daily");
        bad.put("schedule", Map.of("trigger", "daily", "time", "25:99"));
        assertField(t.api().post("/api/v1/automation/rules", bad), "schedule.time");
        bad = smallChanges("Bad", "daily");
        bad.put(
                "scope",
                Map.of("kind", "company", "id", java.util.UUID.randomUUID().toString()));
        assertField(t.api().post("/api/v1/automation/rules", bad), "scope.id");
        bad = smallChanges("Bad", "daily");
        bad.put("maxPercent", -1);
        assertField(t.api().post("/api/v1/automation/rules", bad), "maxPercent");
        assertField(t.api().get("/api/v1/automation/rules/" + id + "/preview?period=2030-01"), "period");

        var other = tenants.create();
        assertThat(other.api().get("/api/v1/automation/rules/" + id).status()).isEqualTo(404);
        assertThat(other.api()
                        .put("/api/v1/automation/rules/" + id + "/mode", Map.of("mode", "on"))
                        .status())
                .isEqualTo(404);
        assertThat(other.api().get("/api/v1/automation/rules").json().size()).isZero();
        assertThat(t.as(t.viewer())
                        .get("/api/v1/automation/rules/" + id + "/preview")
                        .status())
                .isEqualTo(200);
        assertThat(t.api().delete("/api/v1/automation/rules/" + id).status()).isEqualTo(204);
        String openApi = http().get("/v3/api-docs").body();
        assertThat(openApi)
                .contains("/api/v1/automation/rules/{id}/preview")
                .contains("/api/v1/automation/switch")
                .contains("/api/v1/notifications/webhooks/{id}/test")
                .contains("/api/v1/notifications/preferences");
        assertThat(t.api()
                        .get("/api/v1/audit-events?kind=automation.rule")
                        .json()
                        .get("total")
                        .asLong())
                .isEqualTo(2);
    }

    static void assertField(Http.Response r, String field) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.header("Content-Type")).contains("application/problem+json");
        assertThat(r.json().get("field").asString()).isEqualTo(field);
    }
}
