package com.trueup.mapping;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.SelectOption;
import com.trueup.support.Browser;
import com.trueup.support.IntegrationTest;
import com.trueup.support.TestTenants;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The mapping page in a real browser (Debian's Chromium): drag and drop, picker, suggestions, filters, finish. */
class MappingBrowserIT extends IntegrationTest {

    @Test
    void mapsAnAccountByDragAndDropAndTheMappingSurvivesAReload() {
        var s = MappingScenario.demo(tenants.create(), baseUrl());
        try (Browser browser = Browser.open(baseUrl())) {
            Page page = browser.signIn(s.tenant.admin().email(), TestTenants.PASSWORD)
                    .page();
            page.navigate(browser.url("/mapping"));
            assertThat(page.locator("#board")).hasAttribute("data-can-edit", "true");

            page.locator("#psa-search").fill("acme dental");
            page.locator("#vendor-search").fill("kc-1001");
            Locator source = page.locator(".psa-item", new Page.LocatorOptions().setHasText("Acme Dental Group, LLC"));
            assertThat(source).isVisible();
            assertThat(page.locator(".vendor-list > .map-row:visible")).hasCount(1);
            browser.screenshot("mapping-before-drag");

            browser.dragAndDrop(source, row(page, "kc-1001").locator(".drop-zone"));

            assertThat(row(page, "kc-1001").locator(".drop-zone .chip")).hasText("Acme Dental Group, LLC");
            assertThat(page.locator("#board .map-message")).hasText("Account mapped.");
            browser.screenshot("mapping-after-drag");

            page.reload();
            assertThat(row(page, "kc-1001").locator(".drop-zone .chip")).hasText("Acme Dental Group, LLC");
            assertThat(row(page, "kc-1001").locator(".pill.warn")).hasCount(0);

            JsonNode account = s.account("kc-1001");
            assertThat(account.get("status").asString()).isEqualTo("mapped");
            assertThat(account.get("psaCompanyName").asString()).isEqualTo("Acme Dental Group, LLC");
            assertThat(account.get("auto").asBoolean()).isFalse();
            assertThat(account.get("mappedBy").asString())
                    .isEqualTo(s.tenant.admin().email());
        }
    }

    @Test
    void mapsWithTheKeyboardPickerAndSuggestionsBuildsABundleFiltersAndFinishes() {
        var s = MappingScenario.demo(tenants.create(), baseUrl());
        try (Browser browser = Browser.open(baseUrl())) {
            Page page = browser.signIn(s.tenant.admin().email(), TestTenants.PASSWORD)
                    .page();
            page.navigate(browser.url("/mapping"));

            // Keyboard / select box: Choose… opens a labelled select, focused.
            row(page, "kc-1004").getByText("Choose…").click();
            Locator select =
                    page.getByLabel("PSA company for Harbor Point Marine", new Page.GetByLabelOptions().setExact(true));
            assertThat(select).isFocused();
            select.selectOption(new SelectOption().setLabel("Harbor Point Marine Inc."));
            select.press("Tab");
            page.keyboard().press("Enter");
            assertThat(row(page, "kc-1004").locator(".drop-zone .chip")).hasText("Harbor Point Marine Inc.");

            // One-click suggestion.
            row(page, "kc-1019").locator("button.suggestion").first().click();
            assertThat(row(page, "kc-1019").locator(".drop-zone .chip")).hasText("Sterling and Hale CPAs");

            // Exclude, then the Unmapped filter shows what is left.
            row(page, "kc-1025")
                    .getByText("Exclude", new Locator.GetByTextOptions().setExact(true))
                    .click();
            assertThat(row(page, "kc-1025").locator(".pill.neutral")).hasText("Excluded");
            page.locator("[data-filter=unmapped]").click();
            assertThat(page.locator(".vendor-list > .map-row:visible")).hasCount(1);
            assertThat(page.locator("[data-filter=unmapped] .count")).hasText("1");
            assertThat(page.locator("[data-filter=excluded] .count")).hasText("1");
            assertThat(page.locator("nav.main a[href$='/mapping'] .badge")).hasText("2");
            browser.screenshot("mapping-filtered");

            // Services: search products by identifier and drop a second product on a service: a bundle.
            page.locator(".map-steps a", new Page.LocatorOptions().setHasText("Services"))
                    .click();
            page.waitForURL(url -> url.contains("step=services"));
            assertThat(page.locator("#board")).hasAttribute("data-step", "services");
            page.locator("#psa-search").fill("KEEPER-BW");
            Locator breachWatch = page.locator(".psa-item", new Page.LocatorOptions().setHasText("KEEPER-BW"));
            assertThat(page.locator(".psa-list > .psa-item:visible")).hasCount(1);
            Locator enterprise = page.locator(
                    ".vendor-list > .map-row",
                    new Page.LocatorOptions()
                            .setHas(page.locator(
                                    ".map-name", new Page.LocatorOptions().setHasText("Keeper Enterprise"))));
            browser.dragAndDrop(breachWatch, enterprise.locator(".drop-zone"));
            assertThat(enterprise.locator(".drop-zone .chip")).hasCount(2);
            assertThat(enterprise.locator(".pill.info")).hasText("Bundle");
            assertThat(s.service("Keeper Enterprise").get("psaProductIds")).hasSize(2);
            browser.screenshot("mapping-bundle");

            // Finish: the sync indicator spins, then lights up Refresh.
            page.locator("#finish-button").click();
            assertThat(page.locator("#finish-result")).containsText("Mapping finished");
            Locator refresh = page.locator("#sync-indicator.done [data-refresh]");
            assertThat(refresh)
                    .isVisible(new com.microsoft.playwright.assertions.LocatorAssertions.IsVisibleOptions()
                            .setTimeout(30_000));
            browser.screenshot("mapping-finished");
            refresh.click();
            page.waitForLoadState();
            assertThat(page.locator("#sync-indicator.idle")).isVisible();
        }
        assertThat(s.account("kc-1004").get("psaCompanyName").asString()).isEqualTo("Harbor Point Marine Inc.");
        assertThat(s.account("kc-1019").get("psaCompanyName").asString()).isEqualTo("Sterling and Hale CPAs");
        assertThat(s.api()
                        .get("/api/v1/audit-events?kind=mapping.finished")
                        .json()
                        .get("items"))
                .hasSize(1);
    }

    private static Locator row(Page page, String vendorAccountId) {
        return page.locator(
                ".vendor-list > .map-row",
                new Page.LocatorOptions()
                        .setHas(page.locator("code", new Page.LocatorOptions().setHasText(vendorAccountId))));
    }
}
