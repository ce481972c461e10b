package com.trueup.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.trueup.integration.VendorDirectory;
import com.trueup.mapping.FakeMappings;
import com.trueup.mapping.MappingEvents;
import com.trueup.psa.FakePsaSnapshot;
import com.trueup.psa.PsaConnectionInfo;
import com.trueup.psa.PsaEvents;
import com.trueup.support.Browser;
import com.trueup.support.BrowserSession;
import com.trueup.support.Http;
import com.trueup.support.IntegrationTest;
import com.trueup.support.TestTenants;
import com.trueup.writeback.FakeWriteBacks;
import com.trueup.writeback.WriteBackRequest;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * Reconciliation's storage, rebuild jobs, API and page on both databases: real vendor counts (bulk API and Vendor API),
 * an in-memory PSA snapshot, mappings and outbox with exact inputs.
 */
@Import(FakePsaAndMappings.class)
class ReconciliationFlowIT extends IntegrationTest {

    @Autowired
    FakePsaSnapshot psa;

    @Autowired
    FakeMappings mappings;

    @Autowired
    FakeWriteBacks writeBacks;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    VendorDirectory vendor;

    @Autowired
    com.trueup.reconciliation.Reconciliations reconciliations;

    @Autowired
    RebuildInputs rebuildInputs;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    /** One organisation with a Keeper integration, Acme mapped, Keeper Business mapped, 10 billed at 5.00. */
    final class Org {
        final TestTenants.TestTenant t;
        final UUID integrationId;
        final String vendorToken;
        final UUID accountId;
        final UUID serviceId;
        final String serviceRef = "svc-biz";
        final com.trueup.psa.PsaCompany acme;
        final com.trueup.psa.PsaProduct business;
        final com.trueup.psa.PsaContractLine line;

        Org(String zone, boolean integerOnly) {
            t = tenants.create(zone);
            JsonNode created = t.api()
                    .post("/api/v1/integrations", Map.of("vendor", "keeper", "name", "Keeper"))
                    .json();
            integrationId = UUID.fromString(created.get("id").asString());
            vendorToken = t.api()
                    .post("/api/v1/integrations/" + integrationId + "/token", null)
                    .json()
                    .get("token")
                    .asString();
            Http v = vendorApi();
            assertThat(v.post(
                                    "/api/vendor-api/organization/accounts",
                                    List.of(
                                            Map.of("id", "kc-1001", "name", "Acme Dental Group"),
                                            Map.of("id", "kc-1025", "name", "Horizon Travel Co")))
                            .status())
                    .isEqualTo(201);
            assertThat(v.post(
                                    "/api/vendor-api/organization/services",
                                    List.of(Map.of("id", serviceRef, "name", "Keeper Business")))
                            .status())
                    .isEqualTo(201);
            accountId = vendor.accounts(t.id(), integrationId).stream()
                    .filter(a -> a.externalId().equals("kc-1001"))
                    .findFirst()
                    .orElseThrow()
                    .id();
            serviceId = vendor.services(t.id(), integrationId).get(0).id();
            PsaConnectionInfo connection = psa.connect(
                    t.id(), integerOnly ? FakePsaSnapshot.WHOLE_QUANTITIES : FakePsaSnapshot.WRITES_EVERYTHING);
            acme = psa.company(connection, "Acme Dental Group");
            business = psa.product(connection, "Keeper Business", "Keeper Business", "5.00", "3.25");
            line = psa.line(acme, business, "10");
            mappings.mapAccount(t.id(), integrationId, accountId, acme.id());
            mappings.mapService(t.id(), integrationId, serviceId, business.id());
            mappingsChanged(t.id(), integrationId);
        }

        Http vendorApi() {
            return http().header("GRADIENT-TOKEN", vendorToken);
        }

        void counts(Object... dayAndCount) {
            List<Map<String, Object>> records = new java.util.ArrayList<>();
            for (int i = 0; i < dayAndCount.length; i += 2) {
                records.add(Map.of(
                        "accountId",
                        "kc-1001",
                        "serviceId",
                        serviceRef,
                        "date",
                        dayAndCount[i],
                        "quantity",
                        dayAndCount[i + 1]));
            }
            var r = t.api().post("/api/v1/integrations/" + integrationId + "/usage", Map.of("records", records));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }

        JsonNode list(String query) {
            var r = t.api().get("/api/v1/reconciliation?" + query);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
            return r.json();
        }

        JsonNode acmeLine(String period) {
            for (JsonNode item : list("period=" + period).get("items")) {
                if (acme.id().toString().equals(item.get("psaCompanyId").asString())) {
                    return item;
                }
            }
            return null;
        }

        JsonNode awaitAcme(String period, String vendorQuantity) {
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(300))
                    .until(() -> {
                        JsonNode l = acmeLine(period);
                        return l != null
                                && l.get("vendorQuantity").decimalValue().compareTo(new BigDecimal(vendorQuantity))
                                        == 0;
                    });
            return acmeLine(period);
        }
    }

    @Test
    void workedExampleFromCountsToQueuedWriteBack() {
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        Org org = new Org("UTC", true);
        org.counts("2026-07-01", 10, "2026-07-16", 20);

        JsonNode line = org.awaitAcme("2026-07", "15.1613");
        assertThat(line.get("psaQuantity").decimalValue()).isEqualByComparingTo("10");
        assertThat(line.get("quantityToWrite").decimalValue()).isEqualByComparingTo("15");
        assertThat(line.get("difference").decimalValue()).isEqualByComparingTo("5.1613");
        assertThat(line.get("unitPrice").decimalValue()).isEqualByComparingTo("5.00");
        assertThat(line.get("revenueChange").decimalValue()).isEqualByComparingTo("25.8065");
        assertThat(line.get("unitCost").decimalValue()).isEqualByComparingTo("3.25");
        assertThat(line.get("profitChange").decimalValue()).isEqualByComparingTo("9.0323");
        assertThat(line.get("status").asString()).isEqualTo("reconcile");
        assertThat(line.get("vendorAccountId").asString()).isEqualTo("kc-1001");
        assertThat(line.get("vendorServiceId").asString()).isEqualTo("svc-biz");
        assertThat(line.get("contractLineId").asString())
                .isEqualTo(org.line.id().toString());
        assertThat(line.get("integrationId").asString()).isEqualTo(org.integrationId.toString());
        assertThat(line.get("period").asString()).isEqualTo("2026-07");
        assertThat(line.get("writeBack").isNull()).isTrue();
        assertThat(fieldNames(line))
                .containsExactlyInAnyOrder(
                        "id",
                        "period",
                        "integrationId",
                        "vendorAccountId",
                        "psaCompanyId",
                        "companyName",
                        "vendorServiceId",
                        "psaProductId",
                        "serviceName",
                        "contractLineId",
                        "vendorQuantity",
                        "psaQuantity",
                        "quantityToWrite",
                        "difference",
                        "unitPrice",
                        "revenueChange",
                        "unitCost",
                        "profitChange",
                        "status",
                        "writeBack");
        String id = line.get("id").asString();

        // a viewer cannot approve (API and UI)
        assertThat(org.t
                        .as(org.t.viewer())
                        .post("/api/v1/reconciliation/lines/" + id + "/approve", Map.of())
                        .status())
                .isEqualTo(403);
        var viewerUi = new BrowserSession(baseUrl());
        viewerUi.login(org.t.viewer().email(), TestTenants.PASSWORD);
        String viewerPage = viewerUi.get("/reconcile?period=2026-07").body();
        assertThat(viewerPage).contains("Acme Dental Group").contains("15.1613").doesNotContain(">Approve<");
        assertThat(viewerUi.submit("/reconcile?period=2026-07", "/reconcile/lines/" + id + "/approve", Map.of())
                        .status())
                .isEqualTo(403);
        assertThat(writeBacks.enqueued(org.t.id())).isEmpty();

        // the approver approves: one write-back with exactly the whole quantity, the PSA quantity seen and the default
        // date
        var approved = org.t.as(org.t.approver()).post("/api/v1/reconciliation/lines/" + id + "/approve", Map.of());
        assertThat(approved.status()).as(approved.body()).isEqualTo(202);
        assertThat(approved.json().get("effectiveDate").asString()).isEqualTo("2026-09-01");
        List<WriteBackRequest> queued = writeBacks.enqueued(org.t.id());
        assertThat(queued).hasSize(1);
        WriteBackRequest request = queued.get(0);
        assertThat(request.quantity()).isEqualByComparingTo("15");
        assertThat(request.exactQuantity()).isEqualByComparingTo("15.1613");
        assertThat(request.expectedPsaQuantity()).isEqualByComparingTo("10");
        assertThat(request.effectiveDate()).isEqualTo(LocalDate.of(2026, 9, 1));
        assertThat(request.psaLineId()).isEqualTo(org.line.id());
        assertThat(request.psaCompanyId()).isEqualTo(org.acme.id());
        assertThat(request.psaProductId()).isEqualTo(org.business.id());
        assertThat(request.reconciliationLineId()).hasToString(id);
        assertThat(request.actor()).isEqualTo(org.t.approver().email());

        JsonNode after = org.acmeLine("2026-07");
        assertThat(after.get("status").asString()).isEqualTo("approved");
        assertThat(after.get("writeBack").get("status").asString()).isEqualTo("queued");
        assertThat(after.get("writeBack").get("quantity").decimalValue()).isEqualByComparingTo("15");
        // while it is queued, a second approval is refused
        assertThat(org.t
                        .api()
                        .post("/api/v1/reconciliation/lines/" + id + "/approve", Map.of())
                        .status())
                .isEqualTo(409);
        assertThat(org.t.api().get("/api/v1/audit-events?kind=reconciliation").body())
                .contains("reconciliation.approved");
        assertThat(org.t
                        .api()
                        .get("/api/v1/reconciliation/lines/" + id + "/history")
                        .body())
                .contains("approved")
                .contains("15");
        assertThat(org.list("period=2026-07&status=approved")
                        .get("totals")
                        .get("byStatus")
                        .get("approved")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void adjustWritesAnotherQuantityAndDateAndRefusesFractionsForIntegerOnlyPsas() {
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        Org org = new Org("UTC", true);
        org.counts("2026-07-01", 10, "2026-07-16", 20);
        String id = org.awaitAcme("2026-07", "15.1613").get("id").asString();
        var fraction = org.t.api().post("/api/v1/reconciliation/lines/" + id + "/approve", Map.of("quantity", 14.5));
        assertThat(fraction.status()).isEqualTo(400);
        assertThat(fraction.json().get("field").asString()).isEqualTo("quantity");
        var negative = org.t.api().post("/api/v1/reconciliation/lines/" + id + "/approve", Map.of("quantity", -1));
        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.json().get("field").asString()).isEqualTo("quantity");
        var badDate = org.t
                .api()
                .send(
                        "POST",
                        "/api/v1/reconciliation/lines/" + id + "/approve",
                        "{\"effectiveDate\":\"next week\"}",
                        "application/json");
        assertThat(badDate.status()).isEqualTo(400);
        assertThat(badDate.json().get("field").asString()).isEqualTo("effectiveDate");
        // quantities that do not fit what is stored, or would cost minutes to round, are refused by the API and the
        // form
        for (String huge : List.of("1e400", "1000000000000000", "1e-999999999")) {
            var refused = org.t
                    .api()
                    .send(
                            "POST",
                            "/api/v1/reconciliation/lines/" + id + "/approve",
                            "{\"quantity\":" + huge + "}",
                            "application/json");
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.json().get("field").asString()).isEqualTo("quantity");
        }
        var ui = new BrowserSession(baseUrl());
        ui.login(org.t.approver().email(), TestTenants.PASSWORD);
        ui.submit("/reconcile?period=2026-07", "/reconcile/lines/" + id + "/adjust", Map.of("quantity", "1e400"));
        assertThat(ui.get("/reconcile?period=2026-07").body()).contains("quantity is out of range");
        assertThat(writeBacks.enqueued(org.t.id())).isEmpty();

        var adjusted = org.t
                .api()
                .post(
                        "/api/v1/reconciliation/lines/" + id + "/approve",
                        Map.of("quantity", 16, "effectiveDate", "2026-07-15"));
        assertThat(adjusted.status()).as(adjusted.body()).isEqualTo(202);
        WriteBackRequest request = writeBacks.enqueued(org.t.id()).get(0);
        assertThat(request.quantity()).isEqualByComparingTo("16");
        assertThat(request.effectiveDate()).isEqualTo(LocalDate.of(2026, 7, 15));
        assertThat(org.t
                        .api()
                        .get("/api/v1/audit-events?kind=reconciliation.adjusted")
                        .body())
                .contains("adjusted to 16");
    }

    @Test
    void oneNewCountRefreshesTheLineInPlaceAndDecisionsSurviveUntilQuantitiesChange() {
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        Org org = new Org("UTC", false);
        org.counts("2026-07-01", 10, "2026-07-16", 20);
        JsonNode line = org.awaitAcme("2026-07", "15.1613");
        String id = line.get("id").asString();
        assertThat(line.get("quantityToWrite").decimalValue()).isEqualByComparingTo("15.1613");

        // dismissed; a rebuild with unchanged quantities keeps it dismissed
        assertThat(org.t
                        .api()
                        .post("/api/v1/reconciliation/lines/" + id + "/dismiss", null)
                        .status())
                .isEqualTo(200);
        mappingsChanged(org.t.id(), org.integrationId);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !org.t
                        .api()
                        .get("/api/v1/sync-status")
                        .json()
                        .get("running")
                        .asBoolean());
        assertThat(org.acmeLine("2026-07").get("status").asString()).isEqualTo("dismissed");

        // August (month to date) is its own line: the dismissal does not carry over
        JsonNode august = org.acmeLine("2026-08");
        assertThat(august.get("status").asString()).isEqualTo("reconcile");
        assertThat(august.get("vendorQuantity").decimalValue()).isEqualByComparingTo("20");
        assertThat(august.get("id").asString()).isNotEqualTo(id);

        // a new count of the series: 30 from July 20th → (15×10 + 4×20 + 12×30) / 31; same line id, actionable again
        org.counts("2026-07-20", 30);
        JsonNode refreshed = org.awaitAcme("2026-07", "19.0323");
        assertThat(refreshed.get("id").asString()).isEqualTo(id);
        assertThat(refreshed.get("status").asString()).isEqualTo("reconcile");
        assertThat(org.t
                        .api()
                        .get("/api/v1/reconciliation/lines/" + id + "/history")
                        .body())
                .contains("reopened")
                .contains("dismissed");

        // the PSA changed behind the approval: approved → reopened, computed again from the new PSA quantity
        assertThat(org.t
                        .api()
                        .post("/api/v1/reconciliation/lines/" + id + "/approve", Map.of())
                        .status())
                .isEqualTo(202);
        psa.changeQuantity(org.line.id(), "19.0323");
        snapshotRefreshed(org.t.id(), org.line.connectionId());
        await().atMost(Duration.ofSeconds(20))
                .until(() ->
                        "no-change".equals(org.acmeLine("2026-07").get("status").asString()));
    }

    /**
     * A rebuild tells unchanged lines by their fingerprint: nothing is written when nothing changed, and a line whose
     * series change while its own figures stay the same (the same sum, split differently) gets its series rewritten, so
     * the next refresh of one series adds up from the right split.
     */
    @Test
    void aRebuildWritesOnlyLinesWhoseFiguresOrSeriesChanged() {
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        Org org = new Org("UTC", false);
        UUID branch = vendor.accounts(org.t.id(), org.integrationId).stream()
                .filter(a -> a.externalId().equals("kc-1025"))
                .findFirst()
                .orElseThrow()
                .id();
        mappings.mapAccount(org.t.id(), org.integrationId, branch, org.acme.id());
        mappingsChanged(org.t.id(), org.integrationId);
        String usage = "/api/v1/integrations/" + org.integrationId + "/usage";
        assertThat(org.t
                        .api()
                        .post(
                                usage,
                                Map.of(
                                        "records",
                                        List.of(
                                                Map.of(
                                                        "accountId",
                                                        "kc-1001",
                                                        "serviceId",
                                                        "svc-biz",
                                                        "date",
                                                        "2026-07-01",
                                                        "quantity",
                                                        10),
                                                Map.of(
                                                        "accountId",
                                                        "kc-1025",
                                                        "serviceId",
                                                        "svc-biz",
                                                        "date",
                                                        "2026-07-01",
                                                        "quantity",
                                                        4))))
                        .status())
                .isEqualTo(200);
        String id = org.awaitAcme("2026-07", "14").get("id").asString();
        var again = reconciliations.rebuild(org.t.id(), java.time.YearMonth.of(2026, 7));
        assertThat(again.lines()).isPositive();
        assertThat(again.inserted()).isZero();
        assertThat(again.updated()).isZero();

        // the same sum, split 11 + 3: the line's figures are unchanged, its series are not
        assertThat(org.t
                        .api()
                        .post(
                                usage,
                                Map.of(
                                        "records",
                                        List.of(
                                                Map.of(
                                                        "accountId",
                                                        "kc-1001",
                                                        "serviceId",
                                                        "svc-biz",
                                                        "date",
                                                        "2026-07-01",
                                                        "quantity",
                                                        11),
                                                Map.of(
                                                        "accountId",
                                                        "kc-1025",
                                                        "serviceId",
                                                        "svc-biz",
                                                        "date",
                                                        "2026-07-01",
                                                        "quantity",
                                                        3))))
                        .status())
                .isEqualTo(200);
        reconciliations.rebuild(org.t.id(), java.time.YearMonth.of(2026, 7));
        assertThat(org.acmeLine("2026-07").get("vendorQuantity").decimalValue()).isEqualByComparingTo("14");
        // one new count of the smaller series: 11 + (19 × 3 + 12 × 6) / 31 = 11 + 4.1613
        assertThat(org.t
                        .api()
                        .post(
                                usage,
                                Map.of(
                                        "records",
                                        List.of(Map.of(
                                                "accountId",
                                                "kc-1025",
                                                "serviceId",
                                                "svc-biz",
                                                "date",
                                                "2026-07-20",
                                                "quantity",
                                                6))))
                        .status())
                .isEqualTo(200);
        var refreshed = reconciliations.refreshSeries(
                org.t.id(), org.integrationId, branch, org.serviceId, java.time.YearMonth.of(2026, 7));
        assertThat(refreshed.incremental()).isTrue();
        JsonNode line = org.acmeLine("2026-07");
        assertThat(line.get("id").asString()).isEqualTo(id);
        assertThat(line.get("vendorQuantity").decimalValue()).isEqualByComparingTo("15.1613");
    }

    @Test
    void twoAccountsOfOneClientAddUpAndOneNewCountRefreshesTheSum() {
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        Org org = new Org("UTC", false);
        UUID branch = vendor.accounts(org.t.id(), org.integrationId).stream()
                .filter(a -> a.externalId().equals("kc-1025"))
                .findFirst()
                .orElseThrow()
                .id();
        mappings.mapAccount(org.t.id(), org.integrationId, branch, org.acme.id());
        mappingsChanged(org.t.id(), org.integrationId);
        var r = org.t
                .api()
                .post(
                        "/api/v1/integrations/" + org.integrationId + "/usage",
                        Map.of(
                                "records",
                                List.of(
                                        Map.of(
                                                "accountId",
                                                "kc-1001",
                                                "serviceId",
                                                "svc-biz",
                                                "date",
                                                "2026-07-01",
                                                "quantity",
                                                10),
                                        Map.of(
                                                "accountId",
                                                "kc-1025",
                                                "serviceId",
                                                "svc-biz",
                                                "date",
                                                "2026-07-01",
                                                "quantity",
                                                4))));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String id = org.awaitAcme("2026-07", "14").get("id").asString();
        assertThat(org.list("period=2026-07&status=unmapped").get("items").size())
                .isZero();

        // one new count of the smaller series: (19 × 4 + 12 × 6) / 31 = 4.7742, plus 10
        org.t
                .api()
                .post(
                        "/api/v1/integrations/" + org.integrationId + "/usage",
                        Map.of(
                                "records",
                                List.of(Map.of(
                                        "accountId",
                                        "kc-1025",
                                        "serviceId",
                                        "svc-biz",
                                        "date",
                                        "2026-07-20",
                                        "quantity",
                                        6))));
        JsonNode line = org.awaitAcme("2026-07", "14.7742");
        assertThat(line.get("id").asString()).isEqualTo(id);
        assertThat(line.get("vendorAccountId").asString()).isEqualTo("kc-1001");
        assertThat(org.list("period=2026-07&serviceId=svc-biz").get("items").size())
                .isEqualTo(1);
        assertThat(org.list("period=2026-07&integrationId=" + org.integrationId)
                        .get("items")
                        .size())
                .isEqualTo(1);
    }

    @Test
    void unmappedUsageIsShownAndCannotBeApproved() {
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        Org org = new Org("UTC", false);
        var r = org.t
                .api()
                .post(
                        "/api/v1/integrations/" + org.integrationId + "/usage",
                        Map.of(
                                "records",
                                List.of(Map.of(
                                        "accountId",
                                        "kc-1025",
                                        "serviceId",
                                        "svc-biz",
                                        "date",
                                        "2026-07-01",
                                        "quantity",
                                        4))));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        org.list("period=2026-07&status=unmapped").get("items").size() == 1);
        JsonNode unmapped =
                org.list("period=2026-07&status=unmapped").get("items").get(0);
        assertThat(unmapped.get("companyName").asString()).isEqualTo("Horizon Travel Co");
        assertThat(unmapped.get("vendorQuantity").decimalValue()).isEqualByComparingTo("4");
        assertThat(unmapped.get("psaCompanyId").isNull()).isTrue();
        assertThat(unmapped.get("quantityToWrite").isNull()).isTrue();
        var refused = org.t
                .api()
                .post("/api/v1/reconciliation/lines/" + unmapped.get("id").asString() + "/approve", Map.of());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString()).contains("Mapping");
    }

    @Test
    void aCountAt2330UtcLandsOnTheOrganisationsDay() {
        Map<String, String> expected = Map.of("America/New_York", "10.3226", "Europe/Berlin", "10");
        for (var e : expected.entrySet()) {
            clock.set(Instant.parse("2026-07-31T23:30:00Z"));
            Org org = new Org(e.getKey(), false);
            var backfill = org.vendorApi()
                    .post(
                            "/api/vendor-api/service/svc-biz/count?date=2026-07-01",
                            Map.of("accountId", "kc-1001", "unitCount", 10));
            assertThat(backfill.status()).as(backfill.body()).isEqualTo(201);
            var now = org.vendorApi()
                    .post("/api/vendor-api/service/svc-biz/count", Map.of("accountId", "kc-1001", "unitCount", 20));
            assertThat(now.status()).as(now.body()).isEqualTo(201);
            clock.set(Instant.parse("2026-08-02T12:00:00Z"));
            org.awaitAcme("2026-07", e.getValue());
        }
    }

    @Test
    void validationNamesTheField() {
        Org org = new Org("UTC", false);
        assertProblem(org.t.api().get("/api/v1/reconciliation?period=2026-7"), 400, "period");
        assertProblem(org.t.api().get("/api/v1/reconciliation?period=2999-01"), 400, "period");
        assertProblem(org.t.api().get("/api/v1/reconciliation?status=open"), 400, "status");
        assertProblem(org.t.api().get("/api/v1/reconciliation?sort=nonsense"), 400, "sort");
        assertProblem(org.t.api().get("/api/v1/reconciliation?size=0"), 400, "size");
        assertProblem(org.t.api().get("/api/v1/reconciliation?companyId=not-a-uuid"), 400, "companyId");
        assertProblem(
                org.t
                        .api()
                        .post(
                                "/api/v1/reconciliation/bulk",
                                Map.of("action", "explode", "lineIds", List.of(UUID.randomUUID()))),
                400,
                "action");
        assertProblem(
                org.t.api().post("/api/v1/reconciliation/bulk", Map.of("action", "dismiss", "lineIds", List.of())),
                400,
                "lineIds");
        assertProblem(
                org.t
                        .api()
                        .post(
                                "/api/v1/reconciliation/bulk",
                                Map.of("action", "set-effective-date", "lineIds", List.of(UUID.randomUUID()))),
                400,
                "effectiveDate");
    }

    @Test
    void everyEndpointIsTenantIsolated() {
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        Org mine = new Org("UTC", false);
        Org theirs = new Org("UTC", false);
        mine.counts("2026-07-01", 10);
        theirs.counts("2026-07-01", 10);
        String myLine = mine.awaitAcme("2026-07", "10").get("id").asString();
        theirs.awaitAcme("2026-07", "10");
        Http them = theirs.t.api();
        assertThat(them.get("/api/v1/reconciliation/lines/" + myLine).status()).isEqualTo(404);
        assertThat(them.get("/api/v1/reconciliation/lines/" + myLine + "/history")
                        .status())
                .isEqualTo(404);
        assertThat(them.post("/api/v1/reconciliation/lines/" + myLine + "/approve", Map.of())
                        .status())
                .isEqualTo(404);
        assertThat(them.post("/api/v1/reconciliation/lines/" + myLine + "/dismiss", null)
                        .status())
                .isEqualTo(404);
        assertThat(them.post("/api/v1/reconciliation/lines/" + myLine + "/notes", Map.of("text", "x"))
                        .status())
                .isEqualTo(404);
        JsonNode bulk = them.post(
                        "/api/v1/reconciliation/bulk", Map.of("action", "dismiss", "lineIds", List.of(myLine)))
                .json();
        assertThat(bulk.get("done").asInt()).isZero();
        assertThat(bulk.get("skipped").get(0).get("reason").asString()).contains("not found");
        assertThat(them.get("/api/v1/reconciliation?period=2026-07").body()).doesNotContain(myLine);
        assertThat(them.get("/api/v1/reconciliation/export.csv?period=2026-07").body())
                .doesNotContain(myLine);
        var ui = new BrowserSession(baseUrl());
        ui.login(theirs.t.approver().email(), TestTenants.PASSWORD);
        assertThat(ui.get("/reconcile?period=2026-07").body()).doesNotContain(myLine);
        assertThat(ui.get("/reconcile/lines/" + myLine + "/history").status()).isEqualTo(404);
        ui.submit("/reconcile?period=2026-07", "/reconcile/lines/" + myLine + "/dismiss", Map.of());
        assertThat(mine.acmeLine("2026-07").get("status").asString()).isEqualTo("no-change"); // not dismissed by them
        assertThat(writeBacks.enqueued(mine.t.id())).isEmpty();
    }

    @Test
    void pageFiltersGroupsBulkNotesCsvAndSyncStatus() {
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        Org org = new Org("UTC", false);
        org.counts("2026-07-01", 12);
        String id = org.awaitAcme("2026-07", "12").get("id").asString();

        var ui = new BrowserSession(baseUrl());
        ui.login(org.t.approver().email(), TestTenants.PASSWORD);
        String page = ui.get("/reconcile?period=2026-07&group=client&sort=revenueChange,desc")
                .body();
        assertThat(page)
                .contains("Closed month: 1 Jul 2026 – 31 Jul 2026 (all 31 days")
                .contains("Acme Dental Group")
                .contains(">Approve<")
                .contains("aria-label=\"Select all lines on this page\"")
                .contains("recon-group")
                .contains("aria-sort=\"descending\"");
        assertThat(ui.get("/reconcile?period=2026-08").body())
                .contains("Month to date: 1 Aug 2026 – 5 Aug 2026 (5 days, today included");

        var noted = ui.submit(
                "/reconcile?period=2026-07",
                "/reconcile/lines/" + id + "/notes",
                Map.of("text", "Client asked, call back", "back", "/reconcile?period=2026-07"));
        assertThat(noted.status()).isEqualTo(302);
        assertThat(noted.header("Location")).endsWith("/reconcile?period=2026-07");
        var bulk = ui.submit(
                "/reconcile?period=2026-07",
                "/reconcile/bulk",
                Map.of("action", "set-effective-date", "lineIds", id, "effectiveDate", "2026-08-15"));
        assertThat(bulk.status()).isEqualTo(302);
        var approved =
                ui.submit("/reconcile?period=2026-07", "/reconcile/bulk", Map.of("action", "approve", "lineIds", id));
        assertThat(approved.status()).isEqualTo(302);
        WriteBackRequest request = writeBacks.enqueued(org.t.id()).get(0);
        assertThat(request.effectiveDate()).isEqualTo(LocalDate.of(2026, 8, 15));
        assertThat(request.quantity()).isEqualByComparingTo("12");

        String csv = org.t
                .api()
                .get("/api/v1/reconciliation/export.csv?period=2026-07")
                .body();
        assertThat(csv)
                .startsWith("period,status,company")
                .contains("Acme Dental Group,Keeper Business,kc-1001")
                .contains("\"Client asked, call back\"")
                .contains("2026-08-15");
        assertThat(ui.get("/reconcile/export.csv?period=2026-07&status=approved")
                        .body())
                .contains(id);
        assertThat(org.list("period=2026-07&status=reconcile").get("items").size())
                .isZero();
        assertThat(org.list("period=2026-07&serviceId=svc-biz").get("items").size())
                .isEqualTo(1);
        assertThat(org.list("period=2026-07&serviceId=other").get("items").size())
                .isZero();
        assertThat(org.list("period=2026-07&client=acme").get("items").size()).isEqualTo(1);
        assertThat(org.list("period=2026-07&companyId=" + org.acme.id())
                        .get("items")
                        .size())
                .isEqualTo(1);
        assertThat(org.list("period=2026-07&integrationId=" + UUID.randomUUID())
                        .get("items")
                        .size())
                .isZero();
        assertThat(org.t.api().get("/api/v1/audit-events?kind=reconciliation").body())
                .contains("reconciliation.noted")
                .contains("reconciliation.effective-date-set")
                .contains("reconciliation.approved");

        JsonNode status = org.t.api().get("/api/v1/sync-status").json();
        assertThat(status.get("running").isBoolean()).isTrue();
        assertThat(status.get("lastCompletedAt").isNull()).isFalse();
        String indicator = ui.get("/sync-status/indicator?since=never").body();
        assertThat(indicator).containsAnyOf("Refresh", "Syncing");
        assertThat(ui.get("/sync-status/indicator?since=" + Instant.now().plusSeconds(3600))
                        .body())
                .containsAnyOf("Up to date", "Syncing");
        assertThat(ui.get("/").body()).contains("Review the reconciliation");
    }

    @Test
    void lessUsedLineActionsAreLoadedWhenTheMoreMenuOpens() {
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        Org org = new Org("UTC", false);
        org.counts("2026-07-01", 12);
        String id = org.awaitAcme("2026-07", "12").get("id").asString();
        String back = "/reconcile?period=2026-07";
        String actions = "/reconcile/lines/" + id + "/actions?back=" + URLEncoder.encode(back, StandardCharsets.UTF_8);
        Map<String, String> htmx = Map.of("HX-Request", "true");

        var ui = new BrowserSession(baseUrl());
        ui.login(org.t.approver().email(), TestTenants.PASSWORD);
        // the list has the Approve button and a More menu that loads the other actions; their forms are not in the list
        assertThat(ui.get(back).body())
                .contains(">Approve<")
                .contains("hx-get=\"/reconcile/lines/" + id + "/actions?back=")
                .contains("hx-trigger=\"toggle once\"")
                .doesNotContain("/reconcile/lines/" + id + "/adjust")
                .doesNotContain("/reconcile/lines/" + id + "/dismiss")
                .doesNotContain("/reconcile/lines/" + id + "/notes");

        var fragment = ui.get(actions, htmx);
        assertThat(fragment.status()).isEqualTo(200);
        assertThat(fragment.body())
                .doesNotContain("Sign out")
                .contains("action=\"/reconcile/lines/" + id + "/adjust\"")
                .contains("name=\"quantity\"")
                .contains("value=\"12\"")
                .contains("value=\"2026-09-01\"")
                .contains("action=\"/reconcile/lines/" + id + "/dismiss\"")
                .contains("action=\"/reconcile/lines/" + id + "/notes\"")
                .contains("/reconcile/lines/" + id + "/history")
                .contains("name=\"_csrf\"")
                .contains("name=\"back\" value=\"/reconcile?period=2026-07\"");
        // without JavaScript the link of the menu opens them as a page of their own
        var page = ui.get(actions);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("Sign out")
                .contains("action=\"/reconcile/lines/" + id + "/adjust\"")
                .contains("href=\"/reconcile?period=2026-07\"");

        var adjusted = ui.submit(
                actions,
                "/reconcile/lines/" + id + "/adjust",
                Map.of("quantity", "14", "effectiveDate", "2026-08-20", "back", back));
        assertThat(adjusted.status()).isEqualTo(302);
        assertThat(adjusted.header("Location")).endsWith(back);
        List<WriteBackRequest> queued = writeBacks.enqueued(org.t.id());
        assertThat(queued).hasSize(1);
        assertThat(queued.get(0).quantity()).isEqualByComparingTo("14");
        assertThat(queued.get(0).effectiveDate()).isEqualTo(LocalDate.of(2026, 8, 20));

        // only for approvers of the line's organisation; a "back" elsewhere is not kept
        var viewer = new BrowserSession(baseUrl());
        viewer.login(org.t.viewer().email(), TestTenants.PASSWORD);
        assertThat(viewer.get(actions, htmx).status()).isEqualTo(403);
        Org other = new Org("UTC", false);
        var them = new BrowserSession(baseUrl());
        them.login(other.t.approver().email(), TestTenants.PASSWORD);
        assertThat(them.get(actions, htmx).status()).isEqualTo(404);
        assertThat(ui.get("/reconcile/lines/" + id + "/actions?back=https://elsewhere.example/", htmx)
                        .body())
                .contains("name=\"back\" value=\"/reconcile\"");
    }

    @Test
    void moreMenuInTheBrowserAdjustsAndShowsTheHistory() {
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        Org org = new Org("UTC", false);
        org.counts("2026-07-01", 12);
        String id = org.awaitAcme("2026-07", "12").get("id").asString();
        try (Browser browser = Browser.open(baseUrl())) {
            Page page = browser.signIn(org.t.approver().email(), TestTenants.PASSWORD)
                    .page();
            page.navigate(browser.url("/reconcile?period=2026-07"));
            Locator row = page.locator("#line-" + id);
            row.locator("summary").focus();
            page.keyboard().press("Enter");
            Locator quantity = row.getByLabel("Quantity to bill in total");
            PlaywrightAssertions.assertThat(quantity).hasValue("12");
            PlaywrightAssertions.assertThat(row.getByLabel("Effective date")).hasValue("2026-09-01");
            row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Show history"))
                    .click();
            PlaywrightAssertions.assertThat(row.locator("#h-" + id)).containsText("No actions on this line yet.");
            quantity.fill("14");
            row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Adjust and approve"))
                    .click();
            PlaywrightAssertions.assertThat(page.locator(".flash.ok"))
                    .hasText("Adjusted: 14 will be written, effective 2026-09-01.");
            PlaywrightAssertions.assertThat(
                            page.locator("#line-" + id + " .pill").first())
                    .hasText("Approved");
            assertThat(page.url()).endsWith("/reconcile?period=2026-07");
        }
        List<WriteBackRequest> queued = writeBacks.enqueued(org.t.id());
        assertThat(queued).hasSize(1);
        assertThat(queued.get(0).quantity()).isEqualByComparingTo("14");
    }

    @Test
    void totalsAndTheNavigationBadgeFollowEveryChangeAtOnce() {
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        Org org = new Org("UTC", false);
        Org other = new Org("UTC", false);
        org.counts("2026-07-01", 12);
        other.counts("2026-07-01", 12);
        String id = org.awaitAcme("2026-08", "12").get("id").asString();
        other.awaitAcme("2026-08", "12");
        var ui = new BrowserSession(baseUrl());
        ui.login(org.t.approver().email(), TestTenants.PASSWORD);
        var theirUi = new BrowserSession(baseUrl());
        theirUi.login(other.t.approver().email(), TestTenants.PASSWORD);

        long actionable = actionable(org);
        assertThat(actionable).isPositive();
        for (int i = 0; i < 2; i++) { // the second view reuses what the first computed
            String page = ui.get("/reconcile?period=2026-08").body();
            assertThat(reconcileBadge(page)).isEqualTo(actionable);
            assertThat(pill(page, "Reconcile"))
                    .isEqualTo(org.list("period=2026-08")
                            .get("totals")
                            .get("byStatus")
                            .get("reconcile")
                            .asLong());
            assertThat(pill(page, "Dismissed")).isZero();
        }
        long theirs = actionable(other);
        assertThat(reconcileBadge(theirUi.get("/settings").body())).isEqualTo(theirs);

        // a decision: the next view shows it, in the badge, the totals and the API
        assertThat(ui.submit("/reconcile?period=2026-08", "/reconcile/lines/" + id + "/dismiss", Map.of())
                        .status())
                .isEqualTo(302);
        String afterDismiss = ui.get("/reconcile?period=2026-08").body();
        assertThat(reconcileBadge(afterDismiss)).isEqualTo(actionable - 1).isEqualTo(actionable(org));
        assertThat(pill(afterDismiss, "Dismissed")).isEqualTo(1);
        assertThat(reconcileBadge(ui.get("/settings").body())).isEqualTo(actionable - 1);
        assertThat(org.list("period=2026-08&status=dismissed")
                        .get("totals")
                        .get("lines")
                        .asLong())
                .isEqualTo(1);
        assertThat(reconcileBadge(theirUi.get("/settings").body())).isEqualTo(theirs); // not the other organisation's

        // a new count reopens the line (rebuild job): the badge counts it again
        org.counts("2026-08-03", 20);
        org.awaitAcme("2026-08", "16.8");
        String afterCount = ui.get("/reconcile?period=2026-08").body();
        assertThat(reconcileBadge(afterCount)).isEqualTo(actionable);
        assertThat(pill(afterCount, "Dismissed")).isZero();
    }

    @Test
    void rebuildsReuseWhatDidNotChangeAndStillSeeEveryChange() {
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        Org org = new Org("UTC", false);
        YearMonth july = YearMonth.of(2026, 7);
        org.counts("2026-07-01", 10, "2026-07-16", 20);
        org.awaitAcme("2026-07", "15.1613");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !reconciliations.syncStatus(org.t.id()).running());
        int lines = assertSameAsFullRead(org, july).lines();

        // nothing changed: the rebuild reads no large input and writes nothing
        double unchanged = inputs("usage", RebuildInputs.UNCHANGED);
        Reconciliations.RebuildSummary quiet = reconciliations.rebuild(org.t.id(), july);
        assertThat(inputs("usage", RebuildInputs.UNCHANGED)).isEqualTo(unchanged + 1);
        assertThat(quiet.lines()).isEqualTo(lines);
        assertThat(quiet.inserted() + quiet.updated() + quiet.deactivated()).isZero();

        // a count: the usage is read again and the line follows
        org.counts("2026-07-31", 51);
        reconciliations.rebuild(org.t.id(), july);
        assertThat(org.acmeLine("2026-07").get("vendorQuantity").decimalValue()).isEqualByComparingTo("16.1613");
        assertSameAsFullRead(org, july);

        // the PSA quantity changes without any event (a write-back's update): the snapshot is read again
        psa.changeQuantity(org.line.id(), "12");
        reconciliations.rebuild(org.t.id(), july);
        assertThat(org.acmeLine("2026-07").get("psaQuantity").decimalValue()).isEqualByComparingTo("12");
        assertSameAsFullRead(org, july);

        // a decision changes the stored lines: their states are read again, the decision is kept
        String id = org.acmeLine("2026-07").get("id").asString();
        assertThat(org.t
                        .api()
                        .post("/api/v1/reconciliation/lines/" + id + "/dismiss", null)
                        .status())
                .isEqualTo(200);
        double statesRead = inputs("lines", RebuildInputs.DATABASE);
        reconciliations.rebuild(org.t.id(), july);
        assertThat(inputs("lines", RebuildInputs.DATABASE)).isGreaterThan(statesRead);
        assertThat(org.acmeLine("2026-07").get("status").asString()).isEqualTo("dismissed");
        assertSameAsFullRead(org, july);

        // the month to date: a new day changes the days averaged over, whatever was kept
        YearMonth august = YearMonth.of(2026, 8);
        org.counts("2026-08-01", 8);
        reconciliations.rebuild(org.t.id(), august);
        assertThat(org.acmeLine("2026-08").get("vendorQuantity").decimalValue()).isEqualByComparingTo("8");
        clock.set(Instant.parse("2026-08-06T12:00:00Z"));
        org.counts("2026-08-06", 14);
        reconciliations.rebuild(org.t.id(), august);
        assertThat(org.acmeLine("2026-08").get("vendorQuantity").decimalValue()).isEqualByComparingTo("9");
        assertSameAsFullRead(org, august);
    }

    /**
     * What the rebuilds left is what a node that kept nothing computes: a rebuild from a full read changes no line.
     */
    private Reconciliations.RebuildSummary assertSameAsFullRead(Org org, YearMonth month) {
        rebuildInputs.clear();
        double read = inputs("usage", RebuildInputs.DATABASE);
        Reconciliations.RebuildSummary full = reconciliations.rebuild(org.t.id(), month);
        assertThat(inputs("usage", RebuildInputs.DATABASE)).isEqualTo(read + 1);
        assertThat(full.inserted() + full.updated() + full.deactivated())
                .as("lines a full read would change")
                .isZero();
        return full;
    }

    private double inputs(String input, String source) {
        var counter = meters.find(RebuildInputs.READS)
                .tag("input", input)
                .tag("source", source)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static long actionable(Org org) {
        return org.list("period=2026-08&status=reconcile,new-revenue")
                .get("totals")
                .get("lines")
                .asLong();
    }

    /** The count next to "Reconcile" in the navigation (no badge: 0). */
    private static long reconcileBadge(String html) {
        var m = java.util.regex.Pattern.compile(
                        "href=\"/reconcile\"[^>]*>\\s*<span>Reconcile</span>(<span class=\"badge\"[^>]*>(\\d+)</span>)?")
                .matcher(html);
        assertThat(m.find()).as("navigation entry Reconcile").isTrue();
        return m.group(2) == null ? 0 : Long.parseLong(m.group(2));
    }

    /** The count of a status in the page's totals ("Reconcile: 3"). */
    private static long pill(String html, String label) {
        var m = java.util.regex.Pattern.compile(">" + label + ": (\\d+)<").matcher(html);
        assertThat(m.find()).as(label).isTrue();
        return Long.parseLong(m.group(1));
    }

    private static java.util.List<String> fieldNames(JsonNode node) {
        java.util.List<String> names = new java.util.ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }

    private static void assertProblem(Http.Response response, int status, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().get("field").asString()).as(response.body()).isEqualTo(field);
    }

    /** What the mapping module announces after a change of the organisation's mappings. */
    private void mappingsChanged(UUID tenantId, UUID integrationId) {
        events.publishEvent(new MappingEvents.MappingsChanged(tenantId, integrationId));
    }

    /** What the PSA module announces after a sync brought a new snapshot. */
    private void snapshotRefreshed(UUID tenantId, UUID connectionId) {
        events.publishEvent(new PsaEvents.SnapshotRefreshed(tenantId, connectionId, UUID.randomUUID()));
    }
}
