package com.trueup.psa.tigerpaw;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.trueup.support.Browser;
import com.trueup.support.IntegrationTest;
import com.trueup.support.TestTenants;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An admin, in a real browser, connects Tigerpaw (against a stub checking every signature) and tests the connection;
 * the page says everything comes from files. The file import, mapping, reconcile and change sheet steps follow once the
 * file import is in.
 */
class TigerpawBrowserIT extends IntegrationTest {

    private TigerpawStub tigerpaw;

    @AfterEach
    void stopStub() {
        if (tigerpaw != null) {
            tigerpaw.close();
        }
    }

    @Test
    void anAdminConnectsTigerpawWithSignedRequests() {
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        tigerpaw = new TigerpawStub(clock);
        TestTenants.TestTenant t = tenants.create("UTC");

        try (Browser browser = Browser.open(baseUrl())) {
            Page page = browser.signIn(t.admin().email(), TestTenants.PASSWORD).page();
            page.navigate(browser.url("/psa/new?type=tigerpaw"));
            assertThat(page.locator(".capabilities")).containsText("Reads nothing from the PSA's API: everything comes from "
                    + "files you import.");
            page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill("Tigerpaw");
            page.getByLabel("REST API address").fill(tigerpaw.server().orElseThrow().url());
            page.getByLabel("Public key").fill(TigerpawStub.PUBLIC_KEY);
            page.getByLabel("Private key").fill(TigerpawStub.PRIVATE_KEY);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save connection")).click();
            assertThat(page.locator("h1")).hasText("Tigerpaw");

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Test connection")).click();
            assertThat(page.locator(".flash").first()).containsText("Connected to Tigerpaw: the signed request was accepted");
            org.assertj.core.api.Assertions.assertThat(tigerpaw.server().orElseThrow().calls())
                    .allSatisfy(call -> org.assertj.core.api.Assertions.assertThat(TigerpawStub.signedCorrectly(call)).isTrue());
            browser.assertNoConsoleErrors();
        }
    }
}
