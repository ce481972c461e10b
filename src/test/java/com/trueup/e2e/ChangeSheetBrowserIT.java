package com.trueup.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Media;
import com.trueup.support.Browser;
import com.trueup.support.IntegrationTest;
import com.trueup.support.TestTenants;
import com.trueup.writeback.LedgerPsaConfig;
import com.trueup.writeback.LedgerScenario;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;

/**
 * An approver, in a real browser, approves a change on a PSA whose API cannot write it, finds it on the Write-backs
 * page's change sheet with the reason, downloads the sheet (its content checked), opens the printable sheet (print
 * styles checked), marks the change applied, and sees it confirmed after the next PSA sync. Every page on the way is
 * checked for labels, contrast and console errors.
 */
@Import(LedgerPsaConfig.class)
class ChangeSheetBrowserIT extends IntegrationTest {

    @Test
    void aChangeThePsaCannotTakeIsDownloadedPrintedAndMarkedApplied() throws IOException {
        clock.set(Instant.parse("2026-08-04T05:00:00Z"));
        LedgerScenario s =
                new LedgerScenario(tenants.create("UTC"), http(), "2026-07-01", Map.of("Acme Dental Group", 15));
        String lineId =
                s.awaitLine("2026-07", "Acme Dental Group", "15").get("id").asString();

        try (Browser browser = Browser.open(baseUrl())) {
            Page page = browser.signIn(s.tenant.approver().email(), TestTenants.PASSWORD)
                    .page();

            // approve on the Reconcile page: it waits on the change sheet, with the reason, and is not offered again
            page.navigate(browser.url("/reconcile?period=2026-07"));
            Locator line = page.locator("#line-" + lineId);
            line.getByRole(
                            AriaRole.BUTTON,
                            new Locator.GetByRoleOptions()
                                    .setName("Approve Acme Dental Group – Keeper Business: write 15"))
                    .click();
            line = page.locator("#line-" + lineId);
            assertThat(line).containsText("to_apply");
            assertThat(line).containsText("On the change sheet: Ledger PSA's API cannot change a line's quantity");
            assertThat(line.getByRole(
                            AriaRole.BUTTON,
                            new Locator.GetByRoleOptions()
                                    .setName("Approve Acme Dental Group – Keeper Business: write 15")))
                    .hasCount(0);
            check(browser, page);

            // the Write-backs page shows the sheet
            page.navigate(browser.url("/write-backs"));
            assertThat(page.locator("#change-sheet")).containsText("Change sheet: 1 change to apply by hand");
            Locator row = page.locator("#write-backs tbody tr")
                    .filter(new Locator.FilterOptions().setHasText("Acme Dental Group"));
            assertThat(row).containsText("To apply by hand");
            assertThat(row).containsText("Ledger PSA's API cannot change a line's quantity");
            String writeBackId = row.getAttribute("id").substring("wb-".length());
            check(browser, page);

            // download the sheet
            Download download = page.waitForDownload(
                    () -> page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Download CSV"))
                            .click());
            assertThat(download.suggestedFilename()).isEqualTo("change-sheet-2026-08-04.csv");
            assertThat(Files.readString(download.path(), StandardCharsets.UTF_8))
                    .isEqualTo(""
                            + "company,contract,product_code,product_name,current_quantity,new_quantity,difference,effective_date,write_back_id\r\n"
                            + "Acme Dental Group,Managed Services (k1),KEEPER-BIZ,Keeper Business,10,15,5,"
                            + "applies from the contract's next invoice (2026-09-01)," + writeBackId + "\r\n");

            // the printable sheet opens in its own tab; printed, only the sheet remains
            Page sheet = page.waitForPopup(
                    () -> page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Printable sheet"))
                            .click());
            sheet.waitForLoadState();
            assertThat(sheet.locator("h1")).hasText("Change sheet");
            assertThat(sheet.locator(".sheet-group h2")).hasText("Acme Dental Group · Managed Services (k1)");
            Locator sheetRow = sheet.locator("#sheet-" + writeBackId);
            assertThat(sheetRow).containsText("KEEPER-BIZ");
            assertThat(sheetRow.locator("td").nth(2)).hasText("10");
            assertThat(sheetRow.locator("td").nth(3)).hasText("15");
            assertThat(sheetRow.locator("td").nth(4)).hasText("+5");
            assertThat(sheetRow).containsText("applies from the contract's next invoice (2026-09-01)");
            assertThat(sheet.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Print")))
                    .isVisible();
            sheet.emulateMedia(new Page.EmulateMediaOptions().setMedia(Media.PRINT));
            assertThat(sheet.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Print")))
                    .isHidden();
            assertThat(sheet.locator(".sheet-table")).isVisible();
            assertThat(PageChecks.accessibilityProblems(sheet)).isEmpty();
            sheet.close();
            browser.assertNoConsoleErrors();

            // mark it applied
            row.getByRole(
                            AriaRole.BUTTON,
                            new Locator.GetByRoleOptions().setName("Mark applied: Acme Dental Group – Keeper Business"))
                    .click();
            assertThat(page.locator(".flash.ok")).containsText("Marked applied by hand");
            row = page.locator("#wb-" + writeBackId);
            assertThat(row).containsText("Applied by hand");
            assertThat(row).containsText("Applied by " + s.tenant.approver().email());
            assertThat(page.locator("#change-sheet")).hasCount(0);
            check(browser, page);

            // the person changed it in the PSA; the next sync confirms it
            s.books.quantity("l1", 15);
            s.syncPsa();
            s.awaitWriteBack(java.util.UUID.fromString(writeBackId), "confirmed");
            page.reload();
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
