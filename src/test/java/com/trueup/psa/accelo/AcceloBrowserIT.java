package com.trueup.psa.accelo;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.trueup.psa.contract.PsaWorld;
import com.trueup.support.Browser;
import com.trueup.support.IntegrationTest;
import com.trueup.support.TestTenants;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An admin, in a real browser, connects Accelo (against a stub speaking its API), tests the connection, syncs, and
 * finds Accelo's companies and a contract with its value and period budgets in the snapshot. The steps after (import
 * the lines file, map, reconcile, approve, the change sheet) follow once the file import is in.
 */
class AcceloBrowserIT extends IntegrationTest {

    private AcceloStub accelo;

    @AfterEach
    void stopStub() {
        if (accelo != null) {
            accelo.close();
        }
    }

    @Test
    void anAdminConnectsAcceloSyncsAndSeesContractTerms() {
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        accelo = new AcceloStub(clock);
        accelo.load(PsaWorld.reference());
        TestTenants.TestTenant t = tenants.create("UTC");

        try (Browser browser = Browser.open(baseUrl())) {
            Page page = browser.signIn(t.admin().email(), TestTenants.PASSWORD).page();
            page.navigate(browser.url("/psa/new?type=accelo"));
            assertThat(page.locator(".capabilities")).containsText("Reads from the PSA's API: companies, products, contracts; "
                    + "the rest comes from files you import.");
            page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("Accelo");
            page.getByLabel("Deployment or address").fill(accelo.server().orElseThrow().url());
            page.getByLabel("Client ID").fill(AcceloStub.CLIENT_ID);
            page.getByLabel("Client secret").fill(AcceloStub.CLIENT_SECRET);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save connection")).click();
            assertThat(page.locator("h1")).hasText("Accelo");

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Test connection")).click();
            assertThat(page.locator(".flash").first()).containsText("Connected to Accelo deployment planet-express");

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sync now")).click();
            page.waitForCondition(() -> {
                if (!page.content().contains("Last sync read")) {
                    page.reload();
                    return false;
                }
                return true;
            }, new Page.WaitForConditionOptions().setTimeout(60_000));

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Browse the snapshot")).click();
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Companies")).click();
            assertThat(page.locator("table")).containsText("Acme Dental");
            page.navigate(page.url().split("\\?")[0] + "?tab=contracts&q=Acme");
            assertThat(page.locator(".terms").first()).containsText("Contract value 1,200.00");
            assertThat(page.locator("table.periods").first()).containsText("pre-paid");
            assertThat(page.locator("table.periods").first()).containsText("300.00");
            browser.assertNoConsoleErrors();
        }
    }
}
