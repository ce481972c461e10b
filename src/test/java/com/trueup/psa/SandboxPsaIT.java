package com.trueup.psa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.trueup.support.BrowserSession;
import com.trueup.support.TestTenants;
import com.trueup.support.TestTenants.TestTenant;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

class SandboxPsaIT extends PsaIntegrationTest {

    @Autowired
    PsaSnapshot snapshot;

    @Autowired
    PsaWriter writer;

    @Autowired
    JdbcClient jdbc;

    /** A sandbox connection with the demo data, synced. */
    private UUID demoSandbox(TestTenant t) {
        UUID id = createSandbox(t);
        var demo = t.api().post("/api/v1/psa-connections/" + id + "/sandbox/demo-data", null);
        assertThat(demo.status()).isEqualTo(201);
        var run = waitForRun(t, demo.json().get("syncRunId").asString());
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("succeeded");
        return id;
    }

    private PsaCompany company(TestTenant t, UUID connection, String name) {
        return snapshot.companies(t.id(), connection).stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private PsaProduct product(TestTenant t, UUID connection, String identifier) {
        return snapshot.products(t.id(), connection).stream()
                .filter(p -> identifier.equals(p.identifier()))
                .findFirst()
                .orElseThrow();
    }

    private List<PsaContractLine> lines(TestTenant t, UUID connection, String company, String identifier) {
        UUID companyId = company(t, connection, company).id();
        UUID productId = product(t, connection, identifier).id();
        return snapshot.billableLines(t.id(), connection).stream()
                .filter(l -> l.companyId().equals(companyId) && l.productId().equals(productId))
                .toList();
    }

    @Test
    void demoDataSyncsIntoTheSnapshotAndOnlyBillableLinesCount() {
        var t = tenants.create();
        UUID id = createSandbox(t);
        var demo = t.api().post("/api/v1/psa-connections/" + id + "/sandbox/demo-data", null);
        assertThat(demo.status()).isEqualTo(201);
        assertThat(demo.json().get("companies").asInt()).isEqualTo(26);
        var run = waitForRun(t, demo.json().get("syncRunId").asString());
        assertThat(run.get("status").asString()).isEqualTo("succeeded");
        JsonNode counts = run.get("counts");
        assertThat(counts.get("companies").asInt()).isEqualTo(26);
        assertThat(counts.get("products").asInt()).isEqualTo(8);
        assertThat(counts.get("contracts").asInt()).isEqualTo(27);
        assertThat(counts.get("lines").asInt()).isEqualTo(44);
        assertThat(counts.get("billableLines").asInt()).isEqualTo(41);

        var companies = snapshot.companies(t.id(), id);
        assertThat(companies)
                .hasSize(25)
                .extracting(PsaCompany::name)
                .contains(
                        "Acme Dental Group, LLC",
                        "Sterling and Hale CPAs",
                        "Harbor Point Marine Inc.",
                        "TrueUp Demo MSP (internal)")
                .doesNotContain("Old Town Florist", "Horizon Travel Co", "Acme Dental Group");
        assertThat(snapshot.products(t.id(), id))
                .hasSize(8)
                .extracting(PsaProduct::name)
                .contains("Keeper Secure File Storage 100GB", "Advanced Reporting & Alerts");
        var lines = snapshot.billableLines(t.id(), id);
        assertThat(lines).hasSize(41);
        // prospect company, cancelled line and non-recurring contract are not billable
        assertThat(lines(t, id, "Evergreen Schools Foundation", "KEEPER-BW")).isEmpty();
        assertThat(lines(t, id, "Evergreen Schools Foundation", "KEEPER-ENT")).hasSize(1);
        assertThat(lines(t, id, "Oakridge Accounting", "KEEPER-BIZ"))
                .hasSize(1)
                .allSatisfy(l -> assertThat(l.contractName()).isEqualTo("Managed Services"));
        assertThat(lines).noneMatch(l -> l.contractName().equals("Keeper rollout project"));
        assertThat(lines(t, id, "Lakeside Credit Union", "KEEPER-BIZ"))
                .singleElement()
                .satisfies(l -> {
                    assertThat(l.quantity()).isEqualByComparingTo("60");
                    assertThat(l.unitPrice()).isEqualByComparingTo("5.00");
                    assertThat(l.unitCost()).isEqualByComparingTo("3.25");
                });

        // the snapshot browser still shows the non-billable things, flagged
        var oakridge = t.api()
                .get("/api/v1/psa-connections/" + id + "/contracts?q=oakridge")
                .json();
        assertThat(oakridge.get("items")).hasSize(2);
        assertThat(oakridge.get("items")
                        .valueStream()
                        .filter(c -> !c.get("billable").asBoolean())
                        .count())
                .isEqualTo(1);
        var florist = t.api()
                .get("/api/v1/psa-connections/" + id + "/companies?q=florist")
                .json()
                .get("items");
        assertThat(florist).hasSize(1);
        assertThat(florist.get(0).get("billable").asBoolean()).isFalse();
        assertThat(t.api()
                        .get("/api/v1/psa-connections/" + id + "/products?q=keeper-b")
                        .json()
                        .get("total")
                        .asInt())
                .isEqualTo(2);
        assertThat(t.as(t.viewer())
                        .get("/api/v1/psa-connections/" + id + "/contracts")
                        .json()
                        .get("total")
                        .asInt())
                .isEqualTo(27);

        var again = t.api().post("/api/v1/psa-connections/" + id + "/sandbox/demo-data", null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(t.as(t.viewer())
                        .post("/api/v1/psa-connections/" + id + "/sandbox/demo-data", null)
                        .status())
                .isEqualTo(403);

        // deleting the connection takes its sandbox and snapshot with it
        assertThat(t.api().delete("/api/v1/psa-connections/" + id).status()).isEqualTo(204);
        for (String table : List.of(
                "psa_sandbox_line_change",
                "psa_sandbox_line",
                "psa_sandbox_company",
                "psa_contract_line",
                "psa_company",
                "psa_sync_run")) {
            assertThat(jdbc.sql("select count(*) from " + table + " where connection_id = :id")
                            .param("id", id)
                            .query(Long.class)
                            .single())
                    .as(table)
                    .isZero();
        }
    }

    @Test
    void writerSetsQuantitiesAndCreatesLinesInTheSandbox() {
        var t = tenants.create();
        UUID id = demoSandbox(t);
        LocalDate effective = LocalDate.of(2030, 1, 1);

        PsaContractLine lakeside =
                lines(t, id, "Lakeside Credit Union", "KEEPER-BIZ").get(0);
        var written = writer.setQuantity(t.id(), lakeside.id(), new BigDecimal("45"), effective, "wb-1", null);
        assertThat(written.quantity()).isEqualByComparingTo("45");
        assertThat(snapshot.line(t.id(), lakeside.id()).orElseThrow().quantity())
                .isEqualByComparingTo("45");
        assertThat(writer.readLine(t.id(), lakeside.id()))
                .isEqualTo(new PsaWriter.LineState(true, new BigDecimal("45.0000")));
        // asking again for the same target changes nothing
        writer.setQuantity(t.id(), lakeside.id(), new BigDecimal("45"), effective, "wb-1", null);

        var history = t.api()
                .get("/api/v1/psa-connections/" + id + "/sandbox/changes?lineId=" + lakeside.externalLineId())
                .json()
                .get("items");
        assertThat(history).hasSize(2);
        assertThat(history.get(0).get("oldQuantity").decimalValue()).isEqualByComparingTo("60");
        assertThat(history.get(0).get("newQuantity").decimalValue()).isEqualByComparingTo("45");
        assertThat(history.get(0).get("effectiveDate").asString()).isEqualTo("2030-01-01");
        assertThat(history.get(0).get("source").asString()).isEqualTo("write-back");
        assertThat(history.get(1).get("source").asString()).isEqualTo("demo-data");

        // new revenue: Redwood Architecture has no BreachWatch line
        PsaCompany redwood = company(t, id, "Redwood Architecture");
        PsaProduct breachWatch = product(t, id, "KEEPER-BW");
        assertThat(lines(t, id, "Redwood Architecture", "KEEPER-BW")).isEmpty();
        var created =
                writer.createLine(t.id(), id, redwood.id(), breachWatch.id(), new BigDecimal("10"), effective, "wb-2");
        var again =
                writer.createLine(t.id(), id, redwood.id(), breachWatch.id(), new BigDecimal("10"), effective, "wb-2");
        assertThat(again.psaReference()).isEqualTo(created.psaReference());
        var newLine = lines(t, id, "Redwood Architecture", "KEEPER-BW");
        assertThat(newLine).singleElement().satisfies(l -> {
            assertThat(l.quantity()).isEqualByComparingTo("10");
            assertThat(l.externalLineId()).isEqualTo(created.psaReference());
            assertThat(l.unitPrice()).isEqualByComparingTo("2.00");
        });
        var sandboxContracts = t.api()
                .get("/api/v1/psa-connections/" + id + "/sandbox/contracts?q=redwood")
                .json()
                .get("items");
        assertThat(sandboxContracts.get(0).get("lines")).hasSize(2);
        assertThat(t.api()
                        .get("/api/v1/psa-connections/" + id + "/sandbox/changes?size=1")
                        .json()
                        .get("items")
                        .get(0)
                        .get("source")
                        .asString())
                .isEqualTo("created");

        // a cancelled line cannot be written: a permanent failure with the PSA's message
        var evergreen = t.api()
                .get("/api/v1/psa-connections/" + id + "/contracts?q=evergreen")
                .json()
                .get("items")
                .get(0);
        String cancelledLineId = evergreen
                .get("lines")
                .valueStream()
                .filter(l -> !l.get("active").asBoolean())
                .findFirst()
                .orElseThrow()
                .get("id")
                .asString();
        assertThatThrownBy(() -> writer.setQuantity(
                        t.id(), UUID.fromString(cancelledLineId), BigDecimal.ONE, effective, "wb-3", null))
                .isInstanceOfSatisfying(PsaException.class, e -> {
                    assertThat(e.kind()).isEqualTo(PsaException.Kind.PERMANENT);
                    assertThat(e.getMessage()).contains("cancelled");
                });
        // another organisation's line is unknown
        var other = tenants.create();
        assertThatThrownBy(() -> writer.setQuantity(other.id(), lakeside.id(), BigDecimal.ONE, effective, "x", null))
                .isInstanceOf(PsaException.class);

        // the next sync agrees with what was written and keeps TrueUp's ids
        syncAndWait(t, id);
        assertThat(snapshot.line(t.id(), lakeside.id()).orElseThrow().quantity())
                .isEqualByComparingTo("45");
        assertThat(lines(t, id, "Redwood Architecture", "KEEPER-BW"))
                .singleElement()
                .satisfies(l -> assertThat(l.id()).isEqualTo(newLine.get(0).id()));
        assertThat(snapshot.billableLines(t.id(), id)).hasSize(42);
    }

    /** Without an effective date a write takes effect today: the organisation's day, not the server's or UTC's. */
    @Test
    void aWriteWithoutEffectiveDateTakesTheOrganisationsDay() {
        clock.set(Instant.parse("2026-08-05T13:00:00Z")); // 01:00 on 6 August in Auckland
        var t = tenants.create("Pacific/Auckland");
        UUID id = demoSandbox(t);
        PsaContractLine lakeside =
                lines(t, id, "Lakeside Credit Union", "KEEPER-BIZ").get(0);
        writer.setQuantity(t.id(), lakeside.id(), new BigDecimal("44"), null, "wb-today", null);
        var history = t.api()
                .get("/api/v1/psa-connections/" + id + "/sandbox/changes?lineId=" + lakeside.externalLineId())
                .json()
                .get("items");
        JsonNode write = null;
        for (JsonNode change : history) {
            if (change.get("source").asString().equals("write-back")) {
                write = change;
            }
        }
        assertThat(write).as(history.toString()).isNotNull();
        assertThat(write.get("newQuantity").decimalValue()).isEqualByComparingTo("44");
        assertThat(write.get("effectiveDate").asString()).isEqualTo("2026-08-06");
    }

    @Test
    void sandboxPagesShowAndEditThePsa() {
        var t = tenants.create();
        UUID id = demoSandbox(t);
        var admin = new BrowserSession(baseUrl());
        admin.login(t.admin().email(), TestTenants.PASSWORD);
        String page = "/psa/sandbox/" + id;
        var overview = admin.get(page);
        assertThat(overview.status()).isEqualTo(200);
        assertThat(overview.body())
                .contains("Acme Dental Group, LLC")
                .contains("KEEPER-SFS")
                .contains("Old Town Florist");
        String mapleContract = t.api()
                .get("/api/v1/psa-connections/" + id + "/sandbox/contracts?q=maple")
                .json()
                .get("items")
                .get(0)
                .get("id")
                .asString();
        var contractsPage = admin.get(page + "/contracts?q=lakeside");
        assertThat(contractsPage.body())
                .contains("Lakeside Credit Union")
                .contains("Keeper Business")
                .doesNotContain(mapleContract);
        assertThat(admin.get(page + "/contracts").body()).contains(mapleContract);

        String lineId = t.api()
                .get("/api/v1/psa-connections/" + id + "/sandbox/contracts?q=maple")
                .json()
                .get("items")
                .get(0)
                .get("lines")
                .get(0)
                .get("id")
                .asString();
        var edited = admin.submit(
                page + "/contracts",
                page + "/lines/" + lineId,
                Map.of("quantity", "6", "price", "5.00", "cost", "3.25", "effectiveDate", "2030-02-01"));
        assertThat(edited.status()).isEqualTo(302);
        var history = admin.get(page + "/lines/" + lineId);
        assertThat(history.status()).isEqualTo(200);
        assertThat(history.body()).contains("2030-02-01").contains(t.admin().email());
        var change = t.api()
                .get("/api/v1/psa-connections/" + id + "/sandbox/changes?lineId=" + lineId)
                .json()
                .get("items")
                .get(0);
        assertThat(change.get("newQuantity").decimalValue()).isEqualByComparingTo("6");
        assertThat(change.get("oldQuantity").decimalValue()).isEqualByComparingTo("4");
        assertThat(change.get("source").asString()).isEqualTo("edit");

        var added = admin.submit(page, page + "/companies", Map.of("name", "New Client Ltd", "status", "active"));
        assertThat(added.status()).isEqualTo(302);
        assertThat(t.api()
                        .get("/api/v1/psa-connections/" + id + "/sandbox/companies")
                        .body())
                .contains("New Client Ltd");

        var viewer = new BrowserSession(baseUrl());
        viewer.login(t.viewer().email(), TestTenants.PASSWORD);
        assertThat(viewer.get(page).status()).isEqualTo(200);
        assertThat(viewer.submit(page, page + "/companies", Map.of("name", "Sneaky", "status", "active"))
                        .status())
                .isEqualTo(403);

        var detail = admin.get("/psa/connections/" + id);
        assertThat(detail.body()).contains(page).contains("succeeded");
        var snapshotPage = admin.get("/psa/connections/" + id + "/snapshot?tab=contracts&q=lakeside");
        assertThat(snapshotPage.status()).isEqualTo(200);
        assertThat(snapshotPage.body()).contains("Lakeside Credit Union").contains("KEEPER-BIZ");
    }
}
