package com.trueup.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.trueup.support.Browser;
import com.trueup.support.Http;
import com.trueup.support.IntegrationTest;
import com.trueup.support.KeeperUsage;
import com.trueup.support.TestTenants;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * An admin, in a real browser, connects a PSA that has no connector: creates a file connection, uploads its CSV export,
 * maps the columns on the mapping page and saves them as a profile, sees the import's changes, then finds the PSA's
 * lines on the Reconcile page and approves one; the change waits on the change sheet, is downloaded, marked applied
 * and confirmed by the next import of the export. Every page is checked for labels,
 * contrast and console errors.
 */
class FileImportBrowserIT extends IntegrationTest {

    static final String EXPORT = """
            Recurring services export;;;;;;
            Customer;Agreement;Item code;Item;Qty;Price;Status
            Acme Dental Group, LLC;Managed services;KEEPER-BIZ;Keeper Business;20;3,75;Active
            Harbor Point Marine Inc.;Managed services;KEEPER-BIZ;Keeper Business;12;3,75;Active
            Old Mill Bakery;Managed services;KEEPER-BIZ;Keeper Business;6;3,75;Cancelled
            """;

    @Test
    void aFileConnectionIsImportedMappedReconciledAndApproved() throws Exception {
        clock.set(Instant.parse("2026-08-04T05:00:00Z"));
        TestTenants.TestTenant t = tenants.create("UTC");
        Http api = t.api();
        KeeperUsage keeper = new KeeperUsage(api, http(), List.of("Acme Dental Group", "Harbor Point Marine"));
        Path export = Files.createTempDirectory("trueup-e2e").resolve("agreements.csv");
        Files.writeString(export, EXPORT, StandardCharsets.UTF_8);

        String connectionId;
        try (Browser browser = Browser.open(baseUrl())) {
            Page page = browser.signIn(t.admin().email(), TestTenants.PASSWORD).page();
            page.navigate(browser.url("/psa"));
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Connect Other PSA (CSV files)"))
                    .click();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save connection"))
                    .click();
            connectionId = page.url().replaceFirst(".*/psa/connections/", "").replaceFirst("[?#].*", "");
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Import files"))
                    .click();
            assertThat(page.locator("h1")).hasText("Import files");
            check(browser, page);

            // no profile knows these columns: the mapping page opens with the file's first rows
            page.getByLabel("CSV file").setInputFiles(export);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Import"))
                    .click();
            assertThat(page.locator("h1")).hasText("Map the columns of agreements.csv");
            assertThat(page.getByLabel("Delimiter")).hasValue(";");
            page.getByLabel("Column headers on line").fill("2");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Preview"))
                    .click();
            assertThat(page.locator("#raw-preview thead")).containsText("Customer");
            page.getByLabel("Decimal separator").selectOption(",");
            page.getByLabel("company_name", new Page.GetByLabelOptions().setExact(true))
                    .selectOption("Customer");
            page.getByLabel("contract_name", new Page.GetByLabelOptions().setExact(true))
                    .selectOption("Agreement");
            page.getByLabel("product_id", new Page.GetByLabelOptions().setExact(true))
                    .selectOption("Item code");
            page.getByLabel("product_name", new Page.GetByLabelOptions().setExact(true))
                    .selectOption("Item");
            page.getByLabel("quantity", new Page.GetByLabelOptions().setExact(true))
                    .selectOption("Qty");
            page.getByLabel("unit_price", new Page.GetByLabelOptions().setExact(true))
                    .selectOption("Price");
            page.getByLabel("status", new Page.GetByLabelOptions().setExact(true))
                    .selectOption("Status");
            page.getByLabel("Status values that mean").fill("Cancelled");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Preview"))
                    .click();
            Locator read = page.locator("#read-preview tbody tr");
            assertThat(read).hasCount(3);
            assertThat(read.nth(0)).containsText("Acme Dental Group, LLC");
            assertThat(read.nth(0)).containsText("3.75");
            assertThat(read.nth(2)).containsText("no (Cancelled)");
            check(browser, page);

            page.getByLabel("Save the mapping as profile").fill("Agreement export");
            page.getByRole(
                            AriaRole.BUTTON,
                            new Page.GetByRoleOptions().setName("Import").setExact(true))
                    .click();
            assertThat(page.locator(".flash.ok"))
                    .containsText("with the profile \"Agreement export\": 3 rows read: 3 added");
            assertThat(page.locator("#changes tbody tr")).hasCount(3);
            check(browser, page);

            // the same export again is read with the saved profile at once, and changes nothing
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Back to Import files"))
                    .click();
            page.getByLabel("CSV file").setInputFiles(export);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Import"))
                    .click();
            assertThat(page.locator("#nothing-changed")).isVisible();

            // map the accounts to the imported companies and the service to the product (through the API)
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> api.get("/api/v1/psa-connections/" + connectionId + "/companies")
                                    .json()
                                    .get("items")
                                    .size()
                            == 3);
            Map<String, String> companies = new java.util.HashMap<>();
            api.get("/api/v1/psa-connections/" + connectionId + "/companies")
                    .json()
                    .get("items")
                    .forEach(c ->
                            companies.put(c.get("name").asString(), c.get("id").asString()));
            String product = api.get("/api/v1/psa-connections/" + connectionId + "/products")
                    .json()
                    .get("items")
                    .get(0)
                    .get("id")
                    .asString();
            keeper.mapAccount("Acme Dental Group", companies.get("Acme Dental Group, LLC"));
            keeper.mapAccount("Harbor Point Marine", companies.get("Harbor Point Marine Inc."));
            keeper.mapService(product);
            keeper.count("Acme Dental Group", "2026-07-01", 22);
            keeper.count("Harbor Point Marine", "2026-07-01", 12);
            JsonNode acme = await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(300))
                    .until(
                            () -> {
                                JsonNode items = api.get("/api/v1/reconciliation?period=2026-07&companyId="
                                                + companies.get("Acme Dental Group, LLC"))
                                        .json()
                                        .get("items");
                                return items.isEmpty() ? null : items.get(0);
                            },
                            line -> line != null
                                    && line.get("vendorQuantity").decimalValue().intValue() == 22);
            assertThat(acme.get("psaQuantity").decimalValue()).isEqualByComparingTo("20");
            assertThat(acme.get("status").asString()).isEqualTo("reconcile");

            // the reconciliation shows the imported lines; approve Acme's
            page.navigate(browser.url("/reconcile?period=2026-07"));
            Locator line = page.locator("#line-" + acme.get("id").asString());
            assertThat(line).containsText("Acme Dental Group, LLC");
            check(browser, page);
            line.getByRole(
                            AriaRole.BUTTON,
                            new Locator.GetByRoleOptions()
                                    .setName(java.util.regex.Pattern.compile("^Approve Acme Dental Group")))
                    .click();
            page.waitForLoadState();
            JsonNode writeBacks = await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.get("/api/v1/write-backs").json().get("items"), items -> items.size() == 1);
            assertThat(writeBacks.get(0).get("quantity").decimalValue()).isEqualByComparingTo("22");
            String writeBackId = writeBacks.get(0).get("id").asString();

            // nothing can be written to a PSA known only by its files: the change waits on the change sheet
            page.navigate(browser.url("/write-backs"));
            Locator row = page.locator("#wb-" + writeBackId);
            assertThat(row).containsText("To apply by hand");
            check(browser, page);
            Download download = page.waitForDownload(
                    () -> page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Download CSV"))
                            .click());
            // a contract the export names only by client and agreement is known by both
            assertThat(Files.readString(download.path(), StandardCharsets.UTF_8))
                    .isEqualTo(""
                            + "company,contract,product_code,product_name,current_quantity,new_quantity,difference,effective_date,write_back_id\r\n"
                            + "\"Acme Dental Group, LLC\",\"Managed services (Acme Dental Group, LLC / Managed services)\",KEEPER-BIZ,"
                            + "Keeper Business,20,22,2,2026-09-01," + writeBackId + "\r\n");

            // applied in the PSA by hand and marked so; the next export shows 22 and confirms it
            row.getByRole(
                            AriaRole.BUTTON,
                            new Locator.GetByRoleOptions()
                                    .setName(java.util.regex.Pattern.compile("^Mark applied: Acme Dental Group")))
                    .click();
            assertThat(page.locator(".flash.ok")).containsText("Marked applied by hand");
            assertThat(page.locator("#wb-" + writeBackId)).containsText("Applied by hand");
            Files.writeString(
                    export,
                    EXPORT.replace(
                            "Acme Dental Group, LLC;Managed services;KEEPER-BIZ;Keeper Business;20;",
                            "Acme Dental Group, LLC;Managed services;KEEPER-BIZ;Keeper Business;22;"),
                    StandardCharsets.UTF_8);
            page.navigate(browser.url("/psa/files/" + connectionId));
            page.getByLabel("CSV file").setInputFiles(export);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Import"))
                    .click();
            assertThat(page.locator(".flash.ok")).containsText("1 changed");
            await().atMost(Duration.ofSeconds(60))
                    .until(
                            () -> api.get("/api/v1/write-backs")
                                    .json()
                                    .get("items")
                                    .get(0)
                                    .get("status")
                                    .asString(),
                            "confirmed"::equals);
            page.navigate(browser.url("/write-backs"));
            assertThat(page.locator("#wb-" + writeBackId)).containsText("Confirmed");
            check(browser, page);
        }
    }

    private static void check(Browser browser, Page page) {
        page.waitForLoadState();
        browser.assertNoConsoleErrors();
        assertThat(PageChecks.accessibilityProblems(page)).isEmpty();
    }
}
