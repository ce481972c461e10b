package com.trueup.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.trueup.support.Browser;
import com.trueup.support.IntegrationTest;
import com.trueup.support.SandboxScenario;
import com.trueup.support.TestTenants;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An admin, in a real browser, creates an approval rule under Settings → Automation, previews it, switches it on, and
 * finds its approvals on the Write-backs page with the rule as the one who approved; the held line shows why on the
 * Reconcile page. Every page on the way is checked for labels, contrast and console errors.
 */
class AutomationBrowserIT extends IntegrationTest {

    @Test
    void aRuleIsCreatedPreviewedSwitchedOnAndItsApprovalsAreOnTheWriteBacksPage() {
        clock.set(Instant.parse("2026-08-04T05:00:00Z"));
        Map<String, Integer> seats = new LinkedHashMap<>();
        seats.put("Redwood Architecture", 12); // +2 of 10
        seats.put("Granite State Realty", 16); // +2 of 14
        seats.put("Blue Ridge Logistics", 15); // -10 of 25 (40 %)
        SandboxScenario s = new SandboxScenario(tenants.create("UTC"), http(), "2026-07-01", seats);
        seats.forEach((company, n) -> s.awaitLine("2026-07", company, n.toString()));

        try (Browser browser = Browser.open(baseUrl())) {
            Page page = browser.signIn(s.tenant.admin().email(), TestTenants.PASSWORD)
                    .page();
            page.navigate(browser.url("/settings"));
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Automation: approval rules"))
                    .click();
            assertThat(page.locator("h1")).hasText("Automation");
            assertThat(page.locator("#switch")).containsText("Allowed");
            check(browser, page);

            // create: small changes of the month just closed, after each rebuild
            page.getByLabel("Name").fill("Small seat changes");
            page.getByLabel("Lines it covers").selectOption("all");
            page.getByLabel("At most this many units").fill("5");
            page.getByLabel("At most this % of the PSA quantity").fill("25");
            page.getByLabel("Runs").selectOption("after-rebuild");
            page.getByLabel("On the month").selectOption("previous");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create rule"))
                    .click();
            assertThat(page.locator(".flash.ok")).containsText("Rule \"Small seat changes\" created, switched off");
            assertThat(page.locator("h1")).hasText("Small seat changes");
            check(browser, page);

            // preview: two to approve, one held back with its reasons
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Preview"))
                    .click();
            Locator lines = page.locator("tr.preview-line");
            assertThat(lines).hasCount(3);
            assertThat(lines.filter(new Locator.FilterOptions().setHasText("Blue Ridge Logistics")))
                    .containsText(
                            "a change of 10 units is more than the limit of 5; a change of 40 % is more than the limit of 25 %");
            assertThat(lines.filter(new Locator.FilterOptions().setHasText("Approve")))
                    .hasCount(2);
            check(browser, page);

            // switch on: it runs right away and its approvals go the way of every approval
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Switch on"))
                    .click();
            assertThat(page.locator(".flash.ok")).containsText("Rule switched on");
            page.getByRole(
                            AriaRole.LINK,
                            new Page.GetByRoleOptions().setName("Automation").setExact(true))
                    .click();
            page.navigate(browser.url("/write-backs"));
            Locator byRule = page.locator("#write-backs tbody tr")
                    .filter(new Locator.FilterOptions().setHasText("rule: Small seat changes"));
            page.waitForCondition(
                    () -> {
                        if (byRule.count() < 2) {
                            page.reload();
                            return false;
                        }
                        return true;
                    },
                    new Page.WaitForConditionOptions().setTimeout(60_000));
            assertThat(byRule).hasCount(2);
            assertThat(byRule.filter(new Locator.FilterOptions().setHasText("Redwood Architecture")))
                    .hasCount(1);
            assertThat(byRule.filter(new Locator.FilterOptions().setHasText("Granite State Realty")))
                    .hasCount(1);
            assertThat(page.locator("#write-backs tbody tr")
                            .filter(new Locator.FilterOptions().setHasText("Blue Ridge Logistics")))
                    .hasCount(0);
            check(browser, page);

            // the held line says why on the Reconcile page
            page.navigate(browser.url("/reconcile?period=2026-07"));
            assertThat(page.locator("#line-"
                            + s.line("2026-07", "Blue Ridge Logistics")
                                    .get("id")
                                    .asString()))
                    .containsText("Held back by rule \"Small seat changes\"");

            // the notifications page of the same settings
            page.navigate(browser.url("/settings/automation"));
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Notifications"))
                    .click();
            assertThat(page.locator("h1")).hasText("Notifications");
            page.getByLabel("Daily digest").first().check();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save my choices"))
                    .click();
            assertThat(page.locator(".flash.ok")).containsText("Your e-mail choices are saved.");
            check(browser, page);
        }
        assertThat(s.api.get("/api/v1/notifications/preferences")
                        .json()
                        .get("events")
                        .get(0)
                        .asString())
                .isEqualTo("digest-daily");
    }

    private static void check(Browser browser, Page page) {
        page.waitForLoadState();
        browser.assertNoConsoleErrors();
        assertThat(PageChecks.accessibilityProblems(page)).isEmpty();
    }
}
