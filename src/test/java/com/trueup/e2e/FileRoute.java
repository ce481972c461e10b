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
import com.trueup.support.KeeperUsage;
import com.trueup.support.TestTenants;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The file route of a PSA whose API cannot read its recurring lines nor write changes, walked by an admin in a real
 * browser: connect the PSA (credentials typed on its form), test, sync, import the lines file (with the one-time column
 * mapping when no profile fits), Keeper's usage mapped to the PSA's companies and product, reconcile, approve a change,
 * find it on the Write-backs page as to apply by hand with the reason, download the change sheet, mark it applied and
 * see it confirmed by the next import. Each step asserts what the pages and the API show; every page is checked for
 * labels, contrast and console errors.
 */
public final class FileRoute implements AutoCloseable {

    private static final Duration SLOW = Duration.ofSeconds(60);

    private final Browser browser;
    private final Page page;
    private final Http api;
    private final Http anonymous;
    private String connectionId;
    private String psaName;

    /** Signs in {@code tenant}'s admin in a new browser. */
    public FileRoute(TestTenants.TestTenant tenant, String baseUrl) {
        this.browser = Browser.open(baseUrl);
        this.page = browser.signIn(tenant.admin().email(), TestTenants.PASSWORD).page();
        this.api = tenant.api();
        this.anonymous = new Http(baseUrl);
    }

    public Page page() {
        return page;
    }

    public Browser browser() {
        return browser;
    }

    public String connectionId() {
        return connectionId;
    }

    /**
     * Opens the new-connection form of {@code type}, checks the capabilities it states, names the connection after the
     * PSA ({@code psa}, as the change sheet's reasons name it), types the {@code fields} (label → value, in order),
     * saves, tests the connection (the flash names {@code connected}).
     */
    public FileRoute connect(
            String type, String capabilities, String psa, Map<String, String> fields, String connected) {
        String name = psa;
        page.navigate(browser.url("/psa/new?type=" + type));
        assertThat(page.locator(".capabilities")).containsText(capabilities);
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill(name);
        fields.forEach((label, value) -> page.getByLabel(label).fill(value));
        check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save connection"))
                .click();
        assertThat(page.locator("h1")).hasText(name);
        psaName = name;
        connectionId = page.url().replaceFirst(".*/psa/connections/", "").replaceFirst("[?#/].*", "");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Test connection"))
                .click();
        assertThat(page.locator(".flash").first()).containsText(connected);
        check();
        return this;
    }

    /** Syncs from the connection page and waits until the page tells what the sync read. */
    public FileRoute sync() {
        page.navigate(browser.url("/psa/connections/" + connectionId));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sync now"))
                .click();
        page.waitForCondition(
                () -> {
                    if (!page.content().contains("Last sync read")) {
                        page.reload();
                        return false;
                    }
                    return true;
                },
                new Page.WaitForConditionOptions().setTimeout(SLOW.toMillis()));
        check();
        return this;
    }

    /**
     * Uploads {@code csv} as {@code fileName} on the connection's Import files page (reached from the connection
     * page). Then either it is imported with a profile that fits ({@link #imported}) or the mapping page opens
     * ({@link #mapColumns}).
     */
    public FileRoute upload(String fileName, String csv) {
        Path file;
        try {
            file = Files.createTempDirectory("trueup-e2e").resolve(fileName);
            Files.writeString(file, csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        page.navigate(browser.url("/psa/connections/" + connectionId));
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Import files"))
                .click();
        assertThat(page.locator("h1")).hasText("Import files");
        page.getByLabel("CSV file").setInputFiles(file);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Import"))
                .click();
        return this;
    }

    /**
     * On the mapping page: the column headers on {@code headerRow}, each field (TrueUp's name) read from a column,
     * {@code inactive} status values; previews, checks the first row read names {@code firstRowShows}, and imports
     * saving the mapping as {@code profile}.
     */
    public FileRoute mapColumns(
            int headerRow, Map<String, String> columns, String inactive, String firstRowShows, String profile) {
        assertThat(page.locator("h1")).containsText("Map the columns of");
        if (headerRow != 1) {
            page.getByLabel("Column headers on line").fill(Integer.toString(headerRow));
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Preview"))
                    .click();
        }
        columns.forEach((field, header) -> page.getByLabel(field, new Page.GetByLabelOptions().setExact(true))
                .selectOption(header));
        if (inactive != null) {
            page.getByLabel("Status values that mean").fill(inactive);
        }
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Preview"))
                .click();
        assertThat(page.locator("#read-preview tbody tr").first()).containsText(firstRowShows);
        check();
        page.getByLabel("Save the mapping as profile").fill(profile);
        page.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName("Import").setExact(true))
                .click();
        return this;
    }

    /** The import's page: the flash tells what was read ({@code summary}, e.g. "2 rows read: 2 added"). */
    public FileRoute imported(String summary) {
        assertThat(page.locator(".flash.ok, .flash").first()).containsText(summary);
        check();
        awaitSyncsDone();
        return this;
    }

    /**
     * Keeper connected through its Vendor API, one account per PSA company named in {@code seats} (company → the
     * count Keeper reports on {@code day}), each mapped to that PSA company, and Keeper Business mapped to the PSA's
     * product {@code productCode}, through the API as the other browser tests do; the Mapping page then shows each
     * account on its PSA company.
     */
    public FileRoute keeperUsage(String day, String productCode, Map<String, Integer> seats) {
        KeeperUsage keeper = new KeeperUsage(api, anonymous, seats.keySet());
        seats.keySet().forEach(company -> keeper.mapAccount(company, companyId(company)));
        String product = null;
        for (JsonNode p : api.get("/api/v1/psa-connections/" + connectionId + "/products")
                .json()
                .get("items")) {
            if (productCode.equals(p.get("identifier").asString())) {
                product = p.get("id").asString();
            }
        }
        assertThat(product).as("PSA product " + productCode).isNotNull();
        keeper.mapService(product);
        seats.forEach((company, count) -> keeper.count(company, day, count));

        // the Mapping page shows each Keeper account on the PSA's company of the same name
        page.locator("nav.main a", new Page.LocatorOptions().setHasText("Mapping"))
                .first()
                .click();
        page.waitForLoadState();
        for (String company : seats.keySet()) {
            Locator row = page.locator(
                    ".vendor-list > .map-row",
                    new Page.LocatorOptions()
                            .setHas(page.locator(".map-name", new Page.LocatorOptions().setHasText(company))));
            assertThat(row.locator(".drop-zone .chip")).containsText(company);
        }
        check();
        return this;
    }

    /**
     * Waits until {@code company}'s line of {@code period} shows Keeper's {@code vendorQuantity} against the imported
     * {@code psaQuantity}, then approves it on the Reconcile page: it waits on the change sheet with the reason and is
     * not offered again. The line's id.
     */
    public String approve(String period, String company, String product, String psaQuantity, String vendorQuantity) {
        String companyId = companyId(company);
        JsonNode line = await().atMost(SLOW)
                .pollInterval(Duration.ofMillis(300))
                .until(
                        () -> {
                            JsonNode items = api.get(
                                            "/api/v1/reconciliation?period=" + period + "&companyId=" + companyId)
                                    .json()
                                    .get("items");
                            return items.isEmpty() ? null : items.get(0);
                        },
                        l -> l != null
                                && l.get("vendorQuantity").decimalValue().compareTo(new BigDecimal(vendorQuantity))
                                        == 0);
        assertThat(line.get("psaQuantity").decimalValue()).isEqualByComparingTo(psaQuantity);
        assertThat(line.get("status").asString()).isEqualTo("reconcile");
        String lineId = line.get("id").asString();

        page.navigate(browser.url("/reconcile?period=" + period));
        Locator row = page.locator("#line-" + lineId);
        assertThat(row).containsText(company);
        check();
        String approve = "Approve " + company + " – " + product + ": write " + vendorQuantity;
        row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(approve))
                .click();
        row = page.locator("#line-" + lineId);
        assertThat(row).containsText("to_apply");
        assertThat(row).containsText("On the change sheet: " + psaName + "'s API cannot change a line's quantity");
        assertThat(row.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(approve)))
                .hasCount(0);
        check();
        return lineId;
    }

    /**
     * The Write-backs page lists the change as to apply by hand with the reason; the downloaded change sheet holds
     * exactly {@code sheetRow} (its columns up to the effective date; the write-back's id follows). The write-back's
     * id.
     */
    public UUID changeSheet(String company, String sheetRow) {
        page.navigate(browser.url("/write-backs"));
        assertThat(page.locator("#change-sheet")).containsText("Change sheet: 1 change to apply by hand");
        Locator row = page.locator("#write-backs tbody tr").filter(new Locator.FilterOptions().setHasText(company));
        assertThat(row).containsText("To apply by hand");
        assertThat(row).containsText(psaName + "'s API cannot change a line's quantity");
        String writeBackId = row.getAttribute("id").substring("wb-".length());
        check();
        Download download = page.waitForDownload(
                () -> page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Download CSV"))
                        .click());
        try {
            assertThat(Files.readString(download.path(), StandardCharsets.UTF_8))
                    .isEqualTo(""
                            + "company,contract,product_code,product_name,current_quantity,new_quantity,difference,effective_date,"
                            + "write_back_id\r\n" + sheetRow + "," + writeBackId + "\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return UUID.fromString(writeBackId);
    }

    /** Marks the write-back applied on the Write-backs page; the sheet is empty then. */
    public FileRoute markApplied(UUID writeBack, String company, String product) {
        page.navigate(browser.url("/write-backs"));
        page.locator("#wb-" + writeBack)
                .getByRole(
                        AriaRole.BUTTON,
                        new Locator.GetByRoleOptions().setName("Mark applied: " + company + " – " + product))
                .click();
        assertThat(page.locator(".flash.ok")).containsText("Marked applied by hand");
        assertThat(page.locator("#wb-" + writeBack)).containsText("Applied by hand");
        assertThat(page.locator("#change-sheet")).hasCount(0);
        check();
        return this;
    }

    /** After an import that shows the new quantity, the Write-backs page shows the write-back confirmed. */
    public FileRoute confirmed(UUID writeBack) {
        await().atMost(SLOW)
                .pollInterval(Duration.ofMillis(300))
                .until(
                        () -> api.get("/api/v1/write-backs/" + writeBack)
                                .json()
                                .get("status")
                                .asString(),
                        "confirmed"::equals);
        page.navigate(browser.url("/write-backs"));
        assertThat(page.locator("#wb-" + writeBack)).containsText("Confirmed");
        check();
        return this;
    }

    /** The id TrueUp gives the connection's company named {@code name}. */
    public String companyId(String name) {
        for (JsonNode c : api.get("/api/v1/psa-connections/" + connectionId + "/companies")
                .json()
                .get("items")) {
            if (name.equals(c.get("name").asString())) {
                return c.get("id").asString();
            }
        }
        throw new AssertionError("no PSA company " + name);
    }

    /** Waits until no sync runs (an import starts one; reconciliation rebuilds after it). */
    private void awaitSyncsDone() {
        await().atMost(SLOW)
                .pollInterval(Duration.ofMillis(300))
                .until(() ->
                        !api.get("/api/v1/sync-status").json().get("running").asBoolean());
    }

    private void check() {
        page.waitForLoadState();
        browser.assertNoConsoleErrors();
        assertThat(PageChecks.accessibilityProblems(page)).isEmpty();
    }

    @Override
    public void close() {
        browser.close();
    }
}
