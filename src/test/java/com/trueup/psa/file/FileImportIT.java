package com.trueup.psa.file;

import static org.assertj.core.api.Assertions.assertThat;

import com.trueup.psa.PsaCompany;
import com.trueup.psa.PsaContractLine;
import com.trueup.psa.PsaProduct;
import com.trueup.psa.PsaSnapshot;
import com.trueup.support.Http;
import com.trueup.support.Http.Part;
import com.trueup.support.IntegrationTest;
import com.trueup.support.TestTenants.TestTenant;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/** Importing CSV files into a file-fed connection over the API, on both databases. */
class FileImportIT extends IntegrationTest {

    static final String TRUEUP_CSV = """
            company_id,company_name,contract_id,contract_name,product_id,product_name,quantity,unit_price,unit_cost,status
            C-1,Acme Dental,K-1,Managed services,KEEPER-BIZ,Keeper Business,12,3.75,2.10,active
            C-1,Acme Dental,K-1,Managed services,KEEPER-SFS,Keeper Secure File Storage,5,1.50,0.80,active
            C-2,Harbor Point Marine,K-2,MSA,KEEPER-BIZ,Keeper Business,30,3.50,2.10,active
            C-3,Old Client,K-3,MSA,KEEPER-BIZ,Keeper Business,9,3.50,2.10,cancelled
            """;

    @Autowired
    PsaSnapshot snapshot;

    @Autowired
    JdbcClient jdbc;

    static UUID fileConnection(TestTenant t) {
        var created = t.api().post("/api/v1/psa-connections", Map.of("type", "file", "name", "Tigerpaw by file"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return UUID.fromString(created.json().get("id").asString());
    }

    static Http.Response upload(Http api, UUID connection, String fileName, byte[] content, UUID profileId) {
        var parts = new java.util.ArrayList<Part>();
        parts.add(Part.file("file", fileName, content));
        return api.multipart(
                "/api/v1/psa-connections/" + connection + "/imports"
                        + (profileId == null ? "" : "?profileId=" + profileId),
                parts);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] withBom(String text) {
        byte[] body = utf8(text);
        byte[] all = new byte[body.length + 3];
        all[0] = (byte) 0xEF;
        all[1] = (byte) 0xBB;
        all[2] = (byte) 0xBF;
        System.arraycopy(body, 0, all, 3, body.length);
        return all;
    }

    JsonNode waitForSync(TestTenant t, JsonNode imported) {
        assertThat(imported.get("syncRunId").isNull()).as(imported.toString()).isFalse();
        String runId = imported.get("syncRunId").asString();
        JsonNode run = Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> t.api().get("/api/v1/sync-runs/" + runId).json(),
                        r -> r.get("status").asString().equals("succeeded")
                                || r.get("status").asString().equals("failed"));
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("succeeded");
        return run;
    }

    /** company name · product name → quantity of the billable lines. */
    Map<String, BigDecimal> billable(TestTenant t, UUID connection) {
        Map<UUID, String> companies = new java.util.HashMap<>();
        snapshot.companies(t.id(), connection).forEach(c -> companies.put(c.id(), c.name()));
        Map<UUID, String> products = new java.util.HashMap<>();
        snapshot.products(t.id(), connection).forEach(p -> products.put(p.id(), p.name()));
        Map<String, BigDecimal> lines = new java.util.TreeMap<>();
        for (PsaContractLine l : snapshot.billableLines(t.id(), connection)) {
            lines.put(
                    companies.get(l.companyId()) + " · " + products.get(l.productId()),
                    new BigDecimal(l.quantity().stripTrailingZeros().toPlainString()));
        }
        return lines;
    }

    long syncRuns(TestTenant t, UUID connection) {
        return jdbc.sql("select count(*) from psa_sync_run where tenant_id = :t and connection_id = :c")
                .param("t", t.id())
                .param("c", connection)
                .query(Long.class)
                .single();
    }

    static Map<String, Object> tigerpawProfile(String name) {
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("company_name", "Kunde");
        columns.put("contract_name", "Vertrag");
        columns.put("product_id", "Artikelnr");
        columns.put("product_name", "Artikel");
        columns.put("quantity", "Menge");
        columns.put("unit_price", "Preis");
        columns.put("start_date", "Beginn");
        columns.put("status", "Status");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("part", "LINES");
        body.put("headerRow", 2);
        body.put("delimiter", ";");
        body.put("encoding", "UTF-8");
        body.put("dateFormat", "dd.MM.yyyy");
        body.put("decimalSeparator", ",");
        body.put("columns", columns);
        body.put("inactiveValues", List.of("Gekündigt"));
        return body;
    }

    @Test
    void anApprovedChangeGoesOnTheChangeSheetIsMarkedAppliedAndTheNextImportConfirmsIt() {
        clock.set(java.time.Instant.parse("2026-08-04T05:00:00Z"));
        TestTenant t = tenants.create("UTC");
        Http api = t.api();
        UUID connection = fileConnection(t);
        waitForSync(
                t, upload(api, connection, "lines.csv", utf8(TRUEUP_CSV), null).json());
        String integration = api.post("/api/v1/integrations", Map.of("vendor", "keeper", "name", "Keeper"))
                .json()
                .get("id")
                .asString();
        Http vendor = http().header(
                        "GRADIENT-TOKEN",
                        api.post("/api/v1/integrations/" + integration + "/token", null)
                                .json()
                                .get("token")
                                .asString());
        assertThat(vendor.post("/api/vendor-api/organization/accounts", List.of(Map.of("id", "kc-1", "name", "Acme")))
                        .status())
                .isEqualTo(201);
        assertThat(vendor.post("/api/vendor-api/organization/services", List.of(Map.of("id", "svc-biz", "name", "Biz")))
                        .status())
                .isEqualTo(201);
        PsaCompany acme = snapshot.companies(t.id(), connection).stream()
                .filter(c -> c.externalId().equals("C-1"))
                .findFirst()
                .orElseThrow();
        PsaProduct biz = snapshot.products(t.id(), connection).stream()
                .filter(p -> p.externalId().equals("KEEPER-BIZ"))
                .findFirst()
                .orElseThrow();
        assertThat(api.put(
                                "/api/v1/integrations/" + integration + "/mappings/accounts/kc-1",
                                Map.of("psaCompanyId", acme.id().toString()))
                        .status())
                .isBetween(200, 204);
        assertThat(api.put(
                                "/api/v1/integrations/" + integration + "/mappings/services/svc-biz",
                                Map.of("psaProductIds", List.of(biz.id().toString())))
                        .status())
                .isBetween(200, 204);
        assertThat(vendor.post(
                                "/api/vendor-api/service/svc-biz/count?date=2026-07-01",
                                Map.of("accountId", "kc-1", "unitCount", 15))
                        .status())
                .isEqualTo(201);
        JsonNode line = Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(300))
                .until(
                        () -> {
                            JsonNode items = api.get("/api/v1/reconciliation?period=2026-07&companyId=" + acme.id())
                                    .json()
                                    .get("items");
                            return items.isEmpty() ? null : items.get(0);
                        },
                        l -> l != null && l.get("vendorQuantity").decimalValue().compareTo(new BigDecimal("15")) == 0);
        assertThat(line.get("psaQuantity").decimalValue()).isEqualByComparingTo("12");

        // nothing can be written to a PSA known by its files: the approval waits on the change sheet
        var approved = api.post("/api/v1/reconciliation/lines/" + line.get("id").asString() + "/approve", null);
        assertThat(approved.status()).as(approved.body()).isEqualTo(202);
        JsonNode writeBack = Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> api.get("/api/v1/write-backs").json().get("items"), items -> items.size() == 1)
                .get(0);
        String id = writeBack.get("id").asString();
        assertThat(writeBack.get("status").asString()).isEqualTo("to_apply");
        assertThat(api.get("/api/v1/write-backs/change-sheet.csv?connectionId=" + connection)
                        .body())
                .isEqualTo(""
                        + "company,contract,product_code,product_name,current_quantity,new_quantity,difference,effective_date,write_back_id\r\n"
                        + "Acme Dental,Managed services (K-1),KEEPER-BIZ,Keeper Business,12,15,3,2026-09-01," + id
                        + "\r\n");

        // applied in the PSA by hand and marked so; the next export shows 15 and confirms it
        assertThat(api.post("/api/v1/write-backs/" + id + "/applied", null)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("applied");
        String changed = TRUEUP_CSV.replace("KEEPER-BIZ,Keeper Business,12,", "KEEPER-BIZ,Keeper Business,15,");
        waitForSync(t, upload(api, connection, "lines.csv", utf8(changed), null).json());
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(
                        () -> api.get("/api/v1/write-backs/" + id)
                                .json()
                                .get("status")
                                .asString(),
                        "confirmed"::equals);
    }

    static final String GERMAN_CSV = """
            Export Verträge;;;;;;
            Kunde;Vertrag;Artikelnr;Artikel;Menge;Preis;Beginn;Status
            Müller GmbH;Wartung;KB;Keeper Business;1.234,5;3,75;01.01.2026;Aktiv
            Müller GmbH;Wartung;KE;Keeper Enterprise;7;5,00;15.02.2026;Aktiv
            Schmidt AG;Wartung;KB;Keeper Business;12,25;3,50;;Gekündigt
            """;

    @Test
    void importWithASavedProfileSemicolonsDecimalCommasAndAByteOrderMark() {
        var t = tenants.create("Europe/Berlin");
        UUID connection = fileConnection(t);
        var profile = t.api().post("/api/v1/import-profiles", tigerpawProfile("Tigerpaw agreement export"));
        assertThat(profile.status()).as(profile.toString()).isEqualTo(201);
        UUID profileId = UUID.fromString(profile.json().get("id").asString());

        // no profileId: the saved profile fits the file's columns and is used at once
        var imported = upload(t.api(), connection, "vertraege.csv", withBom(GERMAN_CSV), null);
        assertThat(imported.status()).as(imported.toString()).isEqualTo(201);
        JsonNode body = imported.json();
        assertThat(body.get("profile").asString()).isEqualTo("Tigerpaw agreement export");
        assertThat(body.get("rows").asInt()).isEqualTo(3);
        assertThat(body.get("added").asInt()).isEqualTo(3);
        waitForSync(t, body);

        assertThat(billable(t, connection))
                .containsExactly(
                        Map.entry("Müller GmbH · Keeper Business", new BigDecimal("1234.5")),
                        Map.entry("Müller GmbH · Keeper Enterprise", new BigDecimal("7")));
        PsaProduct keeper = snapshot.products(t.id(), connection).stream()
                .filter(p -> "KB".equals(p.identifier()))
                .findFirst()
                .orElseThrow();
        assertThat(keeper.name()).isEqualTo("Keeper Business");
        assertThat(snapshot.billableLines(t.id(), connection))
                .allSatisfy(l -> assertThat(l.contractName()).isEqualTo("Wartung"));
        assertThat(snapshot.billableLines(t.id(), connection).stream()
                        .map(PsaContractLine::unitPrice)
                        .map(BigDecimal::stripTrailingZeros)
                        .toList())
                .containsExactlyInAnyOrder(new BigDecimal("3.75"), new BigDecimal("5"));

        // with the profile named explicitly, the same file changes nothing
        var again = upload(t.api(), connection, "vertraege.csv", withBom(GERMAN_CSV), profileId);
        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        assertThat(again.json().get("changed").asInt()).isZero();
        assertThat(again.json().get("unchanged").asInt()).isEqualTo(3);
    }

    @Test
    void trueUpsLayoutIsAPresetAndAReimportThatChangesNothingWritesNothing() {
        var t = tenants.create();
        UUID connection = fileConnection(t);
        var first = upload(t.api(), connection, "trueup.csv", utf8(TRUEUP_CSV), null);
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        assertThat(first.json().get("profile").asString()).isEqualTo("TrueUp CSV layout");
        waitForSync(t, first.json());
        assertThat(billable(t, connection))
                .containsExactly(
                        Map.entry("Acme Dental · Keeper Business", new BigDecimal("12")),
                        Map.entry("Acme Dental · Keeper Secure File Storage", new BigDecimal("5")),
                        Map.entry("Harbor Point Marine · Keeper Business", new BigDecimal("30")));
        assertThat(snapshot.companies(t.id(), connection))
                .extracting(PsaCompany::name)
                .containsExactly("Acme Dental", "Harbor Point Marine", "Old Client");
        long runs = syncRuns(t, connection);
        var fingerprints = jdbc.sql(
                        "select row_key, fingerprint, source_row from psa_file_row where tenant_id = :t order by row_key")
                .param("t", t.id())
                .query()
                .listOfRows();

        var same = upload(t.api(), connection, "trueup.csv", utf8(TRUEUP_CSV.replace("\n", "\r\n")), null);
        assertThat(same.status()).as(same.toString()).isEqualTo(201);
        JsonNode body = same.json();
        assertThat(List.of(
                        body.get("added").asInt(),
                        body.get("removed").asInt(),
                        body.get("changed").asInt(),
                        body.get("unchanged").asInt()))
                .containsExactly(0, 0, 0, 4);
        assertThat(body.get("changes")).isEmpty();
        assertThat(body.get("syncRunId").isNull()).isTrue();
        assertThat(syncRuns(t, connection)).isEqualTo(runs);
        assertThat(jdbc.sql(
                                "select row_key, fingerprint, source_row from psa_file_row where tenant_id = :t order by row_key")
                        .param("t", t.id())
                        .query()
                        .listOfRows())
                .isEqualTo(fingerprints);

        var history = t.api()
                .get("/api/v1/psa-connections/" + connection + "/imports")
                .json();
        assertThat(history.get("items")).hasSize(2);
        assertThat(history.get("storedRows").get("LINES").asInt()).isEqualTo(4);
    }

    @Test
    void anImportChangesTheSnapshotVersionThroughItsSyncAReimportOfTheSameFileDoesNot() {
        var t = tenants.create();
        UUID connection = fileConnection(t);
        String created = snapshot.snapshotVersion(t.id(), connection);
        assertThat(created).isNotNull();

        var first = upload(t.api(), connection, "trueup.csv", utf8(TRUEUP_CSV), null);
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        waitForSync(t, first.json());
        assertThat(billable(t, connection)).containsEntry("Acme Dental · Keeper Business", new BigDecimal("12"));
        String imported = snapshot.snapshotVersion(t.id(), connection);
        assertThat(imported).isNotNull().isNotEqualTo(created);

        var same = upload(t.api(), connection, "trueup.csv", utf8(TRUEUP_CSV), null);
        assertThat(same.status()).as(same.toString()).isEqualTo(201);
        assertThat(same.json().get("syncRunId").isNull()).isTrue();
        assertThat(snapshot.snapshotVersion(t.id(), connection)).isEqualTo(imported);

        var changed = upload(
                t.api(),
                connection,
                "trueup.csv",
                utf8(TRUEUP_CSV.replace("Keeper Business,12,", "Keeper Business,14,")),
                null);
        assertThat(changed.status()).as(changed.toString()).isEqualTo(201);
        waitForSync(t, changed.json());
        assertThat(billable(t, connection)).containsEntry("Acme Dental · Keeper Business", new BigDecimal("14"));
        assertThat(snapshot.snapshotVersion(t.id(), connection)).isNotEqualTo(imported);
        assertThat(snapshot.snapshotVersion(tenants.create().id(), connection)).isNull();
    }

    @Test
    void aReimportReplacesThePartAndShowsWhatChanged() {
        var t = tenants.create();
        UUID connection = fileConnection(t);
        waitForSync(
                t,
                upload(t.api(), connection, "july.csv", utf8(TRUEUP_CSV), null).json());
        String august = """
                company_id,company_name,contract_id,contract_name,product_id,product_name,quantity,unit_price,unit_cost,status
                C-1,Acme Dental,K-1,Managed services,KEEPER-BIZ,Keeper Business,14,3.75,2.10,active
                C-2,Harbor Point Marine,K-2,MSA,KEEPER-BIZ,Keeper Business,30,3.90,2.10,active
                C-3,Old Client,K-3,MSA,KEEPER-BIZ,Keeper Business,9,3.50,2.10,cancelled
                C-4,New Client,K-4,MSA,KEEPER-BIZ,Keeper Business,3,3.50,2.10,active
                """;
        var second = upload(t.api(), connection, "august.csv", utf8(august), null);
        assertThat(second.status()).as(second.toString()).isEqualTo(201);
        JsonNode body = second.json();
        assertThat(List.of(
                        body.get("added").asInt(),
                        body.get("removed").asInt(),
                        body.get("changed").asInt(),
                        body.get("unchanged").asInt()))
                .containsExactly(1, 1, 2, 1);
        Map<String, String> kinds = new java.util.TreeMap<>();
        body.get("changes")
                .forEach(c -> kinds.put(c.get("label").asString(), c.get("kind").asString()));
        assertThat(kinds)
                .containsExactly(
                        Map.entry("Acme Dental · Keeper Business (Managed services)", "quantity"),
                        Map.entry("Acme Dental · Keeper Secure File Storage (Managed services)", "removed"),
                        Map.entry("Harbor Point Marine · Keeper Business (MSA)", "price"),
                        Map.entry("New Client · Keeper Business (MSA)", "added"));
        JsonNode quantity = java.util.stream.StreamSupport.stream(
                        body.get("changes").spliterator(), false)
                .filter(c -> c.get("kind").asString().equals("quantity"))
                .findFirst()
                .orElseThrow();
        assertThat(quantity.get("oldQuantity").decimalValue()).isEqualByComparingTo("12");
        assertThat(quantity.get("newQuantity").decimalValue()).isEqualByComparingTo("14");
        waitForSync(t, body);
        assertThat(billable(t, connection))
                .containsExactly(
                        Map.entry("Acme Dental · Keeper Business", new BigDecimal("14")),
                        Map.entry("Harbor Point Marine · Keeper Business", new BigDecimal("30")),
                        Map.entry("New Client · Keeper Business", new BigDecimal("3")));
        var detail = t.api()
                .get("/api/v1/psa-connections/" + connection + "/imports/"
                        + body.get("id").asString());
        assertThat(detail.json().get("changes")).hasSize(4);
    }

    @Test
    void everyBrokenFileLeavesThePreviousImportAndSnapshotIntactAndNamesRowAndColumn() {
        var t = tenants.create();
        UUID connection = fileConnection(t);
        waitForSync(
                t,
                upload(t.api(), connection, "good.csv", utf8(TRUEUP_CSV), null).json());
        var profile = t.api().post("/api/v1/import-profiles", tigerpawProfile("German export"));
        UUID profileId = UUID.fromString(profile.json().get("id").asString());
        Map<String, BigDecimal> before = billable(t, connection);
        var rowsBefore = jdbc.sql("select * from psa_file_row where tenant_id = :t order by row_key")
                .param("t", t.id())
                .query()
                .listOfRows();
        long runs = syncRuns(t, connection);
        String header = "company_id,company_name,product_id,product_name,quantity,start_date\n";

        record Case(byte[] file, UUID profile, String code, int row, String column) {}
        List<Case> cases = List.of(
                new Case(utf8(GERMAN_CSV.replace("Menge", "Anzahl")), profileId, "missing-column", 2, "Menge"),
                new Case(
                        utf8(
                                header
                                        + "C-1,Acme Dental,KEEPER-BIZ,Keeper Business,14,\nC-2,Harbor,KEEPER-BIZ,Keeper,twelve,\n"),
                        null,
                        "not-a-number",
                        3,
                        "quantity"),
                new Case(
                        utf8(header + "C-1,Acme Dental,KEEPER-BIZ,Keeper Business,14,2026-13-01\n"),
                        null,
                        "unknown-date",
                        2,
                        "start_date"),
                new Case(
                        utf8(
                                header
                                        + "C-1,Acme,KEEPER-BIZ,Keeper,14,\nC-2,Harbor,KEEPER-BIZ,Keeper,1,\nC-1,Acme,KEEPER-BIZ,Keeper,3,\n"),
                        null,
                        "duplicate-line",
                        4,
                        "product_id"),
                new Case(new byte[0], profileId, "empty-file", 0, null),
                new Case(
                        (header + "C-1,Caf\u00e9 Zur Post,KEEPER-BIZ,Keeper,14,\n")
                                .getBytes(Charset.forName("windows-1252")),
                        null,
                        "wrong-encoding",
                        2,
                        "company_name"));
        for (Case c : cases) {
            var answer = upload(t.api(), connection, "broken.csv", c.file(), c.profile());
            assertThat(answer.status()).as(c.code() + ": " + answer).isEqualTo(400);
            assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
            JsonNode problem = answer.json();
            assertThat(problem.get("code").asString()).as(answer.toString()).isEqualTo(c.code());
            assertThat(problem.path("row").asInt(0)).as(answer.toString()).isEqualTo(c.row());
            assertThat(
                            problem.path("column").isMissingNode()
                                    ? null
                                    : problem.get("column").asString())
                    .as(answer.toString())
                    .isEqualTo(c.column());
            assertThat(problem.get("detail").asString()).contains("Nothing was changed");
        }
        assertThat(billable(t, connection)).isEqualTo(before);
        assertThat(jdbc.sql("select * from psa_file_row where tenant_id = :t order by row_key")
                        .param("t", t.id())
                        .query()
                        .listOfRows())
                .isEqualTo(rowsBefore);
        assertThat(syncRuns(t, connection)).isEqualTo(runs);
        assertThat(t.api()
                        .get("/api/v1/psa-connections/" + connection + "/imports")
                        .json()
                        .get("items"))
                .hasSize(1);
    }

    @Test
    void aFileNoProfileFitsIsAnsweredWithItsHeadersAndASuggestedMapping() {
        var t = tenants.create();
        UUID connection = fileConnection(t);
        var answer = upload(
                t.api(),
                connection,
                "export.csv",
                utf8("Client;Product Name;Qty;Unit Price\nAcme;Keeper;3;1,5\n"),
                null);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(422);
        JsonNode problem = answer.json();
        assertThat(problem.get("delimiter").asString()).isEqualTo(";");
        assertThat(problem.get("headers").toString()).isEqualTo("[\"Client\",\"Product Name\",\"Qty\",\"Unit Price\"]");
        assertThat(problem.get("suggestedColumns").get("quantity").asString()).isEqualTo("Qty");

        var preview = t.api()
                .multipart(
                        "/api/v1/psa-connections/" + connection + "/imports/preview",
                        List.of(
                                Part.file(
                                        "file",
                                        "export.csv",
                                        utf8("Client;Product Name;Qty;Unit Price\nAcme;Keeper;3;1,5\n")),
                                Part.json(
                                        "profile",
                                        Map.of(
                                                "name",
                                                "x",
                                                "delimiter",
                                                ";",
                                                "decimalSeparator",
                                                ",",
                                                "columns",
                                                Map.of(
                                                        "company_name",
                                                        "Client",
                                                        "product_name",
                                                        "Product Name",
                                                        "quantity",
                                                        "Qty",
                                                        "unit_price",
                                                        "Unit Price")))));
        assertThat(preview.status()).as(preview.toString()).isEqualTo(200);
        JsonNode read = preview.json().get("read").get(0);
        assertThat(read.get("companyName").asString()).isEqualTo("Acme");
        assertThat(read.get("unitPrice").decimalValue()).isEqualByComparingTo("1.5");
        assertThat(t.api()
                        .get("/api/v1/psa-connections/" + connection + "/imports")
                        .json()
                        .get("items"))
                .isEmpty();
    }

    @Test
    void organisationsNeverSeeOrUseEachOthersProfilesImportsOrConnections() {
        var a = tenants.create();
        var b = tenants.create();
        UUID connection = fileConnection(a);
        var imported =
                upload(a.api(), connection, "a.csv", utf8(TRUEUP_CSV), null).json();
        var profile = a.api()
                .post("/api/v1/import-profiles", tigerpawProfile("A's export"))
                .json();
        String profileId = profile.get("id").asString();
        String importId = imported.get("id").asString();

        assertThat(b.api().get("/api/v1/import-profiles").json().get("items")).isEmpty();
        assertThat(b.api().get("/api/v1/import-profiles/" + profileId).status()).isEqualTo(404);
        assertThat(b.api()
                        .put("/api/v1/import-profiles/" + profileId, tigerpawProfile("taken"))
                        .status())
                .isEqualTo(404);
        assertThat(b.api().delete("/api/v1/import-profiles/" + profileId).status())
                .isEqualTo(404);
        assertThat(b.api()
                        .get("/api/v1/psa-connections/" + connection + "/imports")
                        .status())
                .isEqualTo(404);
        assertThat(b.api()
                        .get("/api/v1/psa-connections/" + connection + "/imports/" + importId)
                        .status())
                .isEqualTo(404);
        assertThat(upload(b.api(), connection, "b.csv", utf8(TRUEUP_CSV), null).status())
                .isEqualTo(404);
        UUID own = fileConnection(b);
        assertThat(upload(b.api(), own, "b.csv", utf8(GERMAN_CSV), UUID.fromString(profileId))
                        .status())
                .isEqualTo(404);
        assertThat(b.api()
                        .get("/api/v1/psa-connections/" + own + "/imports/" + importId)
                        .status())
                .isEqualTo(404);
        // A's saved profile does not fit B's upload automatically either
        assertThat(upload(b.api(), own, "b.csv", utf8(GERMAN_CSV), null).status())
                .isEqualTo(422);

        var browserB = session(b);
        assertThat(browserB.get("/psa/files/" + connection).status()).isEqualTo(404);
        assertThat(browserB.get("/psa/files/" + connection + "/imports/" + importId)
                        .status())
                .isEqualTo(404);
        assertThat(browserB.get("/psa/files/" + own).body())
                .doesNotContain("A&#39;s export")
                .doesNotContain("A's export");
        assertThat(session(a).get("/psa/files/" + connection).body()).contains("A&#39;s export");

        // a viewer of A reads but does not import
        assertThat(upload(a.as(a.viewer()), connection, "v.csv", utf8(TRUEUP_CSV), null)
                        .status())
                .isEqualTo(403);
        assertThat(a.as(a.viewer())
                        .get("/api/v1/psa-connections/" + connection + "/imports")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aConnectionThatReadsEverythingFromItsApiTakesNoFiles() {
        var t = tenants.create();
        var sandbox = t.api().post("/api/v1/psa-connections", Map.of("type", "sandbox", "name", "Sandbox"));
        UUID id = UUID.fromString(sandbox.json().get("id").asString());
        var answer = upload(t.api(), id, "x.csv", utf8(TRUEUP_CSV), null);
        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.json().get("detail").asString()).contains("fed by files");
    }

    @Test
    void theOpenApiDocumentDescribesTheFileEndpoints() {
        var doc = http().get("/v3/api-docs").json();
        assertThat(doc.get("paths").has("/api/v1/psa-connections/{id}/imports")).isTrue();
        assertThat(doc.get("paths").has("/api/v1/psa-connections/{id}/imports/preview"))
                .isTrue();
        assertThat(doc.get("paths").has("/api/v1/import-profiles")).isTrue();
        assertThat(doc.get("paths").has("/api/v1/import-profiles/{profileId}")).isTrue();
        assertThat(doc.get("paths").has("/api/v1/psa-connections/{id}/imports/{importId}"))
                .isTrue();
    }

    com.trueup.support.BrowserSession session(TestTenant t) {
        var session = new com.trueup.support.BrowserSession(baseUrl());
        session.login(t.admin().email(), com.trueup.support.TestTenants.PASSWORD);
        return session;
    }
}
