package com.trueup.psa.cloudblue;

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
 * An admin, in a real browser, connects CloudBlue PSA (against a stub), tests, syncs the customers and finds them with
 * CloudBlue's account ids; the key is never on a page. The file import, mapping, reconcile and change sheet steps
 * follow once the file import is in.
 */
class CloudBlueBrowserIT extends IntegrationTest {

    private CloudBlueStub cloudblue;

    @AfterEach
    void stopStub() {
        if (cloudblue != null) {
            cloudblue.close();
        }
    }

    @Test
    void anAdminConnectsCloudBlueAndSyncsTheCustomers() {
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        cloudblue = new CloudBlueStub(clock);
        cloudblue.load(PsaWorld.reference());
        TestTenants.TestTenant t = tenants.create("UTC");

        try (Browser browser = Browser.open(baseUrl())) {
            Page page = browser.signIn(t.admin().email(), TestTenants.PASSWORD).page();
            page.navigate(browser.url("/psa/new?type=cloudblue"));
            assertThat(page.locator(".capabilities")).containsText("Reads from the PSA's API: companies; the rest comes from "
                    + "files you import.");
            page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("CloudBlue");
            page.getByLabel("Instance or address").fill(cloudblue.server().orElseThrow().url());
            page.getByLabel("API key").fill(CloudBlueStub.API_KEY);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save connection")).click();
            assertThat(page.locator("h1")).hasText("CloudBlue");

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Test connection")).click();
            assertThat(page.locator(".flash").first()).containsText("Connected to CloudBlue PSA (5 customers)");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sync now")).click();
            page.waitForCondition(() -> {
                if (!page.content().contains("Last sync read")) {
                    page.reload();
                    return false;
                }
                return true;
            }, new Page.WaitForConditionOptions().setTimeout(60_000));
            org.assertj.core.api.Assertions.assertThat(page.content()).doesNotContain(CloudBlueStub.API_KEY);

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Browse the snapshot")).click();
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Companies")).click();
            assertThat(page.locator("table")).containsText("Bayside Law");
            assertThat(page.locator("table")).containsText(cloudblue.id("c2"));
            browser.assertNoConsoleErrors();
        }
    }
}
