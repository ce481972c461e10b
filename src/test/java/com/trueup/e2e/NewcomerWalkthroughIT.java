package com.trueup.e2e;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.trueup.shared.Role;
import com.trueup.simulator.KeeperPlan;
import com.trueup.simulator.KeeperSimulator;
import com.trueup.support.Browser;
import com.trueup.support.Http;
import com.trueup.support.IntegrationTest;
import com.trueup.tenant.Organisations;
import com.trueup.tenant.UserAccounts;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A newcomer's first ten minutes, in a real browser, exactly as the README's quick start tells it: sign in, connect
 * Keeper and generate its token, run the Keeper simulator with that token, connect the Sandbox PSA and load its demo
 * data, map (auto-mapped accounts, one drag and drop, one by keyboard), Finish and watch the sync, reconcile (approve
 * one line with the keyboard, bulk-approve the other Reconcile lines), watch the write-backs land in the Sandbox PSA,
 * read the audit log, and disconnect. Every page on the way is checked for labels, contrast and console errors, and
 * photographed under {@code target/screenshots}; with {@code -Dtrueup.docs.screenshots=docs/screenshots} the main
 * pages are also saved there for the documentation.
 */
class NewcomerWalkthroughIT extends IntegrationTest {

    /**
     * A known day (10:00 in New York), so the simulator's plan and the statuses it leads to are always the same. The
     * application's clock runs on from there; it must not be ahead of the machine's (jobs would wait for it), so a
     * machine set to an earlier date runs from two days ago instead.
     */
    private static final Instant START = Instant.parse("2026-11-20T15:00:00Z");

    private static final ZoneId ZONE = ZoneId.of("America/New_York");
    private static final String PASSWORD = "first-ten-minutes";
    private static final Duration SLOW = Duration.ofSeconds(90);
    private static final Pattern UUID_IN_PATH =
            Pattern.compile("/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");

    @Autowired
    Organisations organisations;

    @Autowired
    UserAccounts users;

    private Browser browser;
    private Page page;
    private int step;
    private final List<String> accessibilityProblems = new ArrayList<>();

    @Test
    void fromSignInToAnApprovedWriteBackInTheSandboxPsaAndBackToDisconnected() {
        Instant now = Instant.now();
        clock.runFrom(START.isBefore(now) ? START : now.minus(Duration.ofDays(2)));
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZONE);
        var organisation = organisations.create("Bluewave IT", ZONE.getId(), "USD");
        String email = "alex@bluewave-it.example";
        users.create(organisation.id(), email, "Alex Admin", Role.ADMIN, PASSWORD, "test");
        Http api = http().basic(email, PASSWORD);

        try (Browser opened = Browser.open(baseUrl())) {
            browser = opened;
            page = browser.page();
            // confirmations (bulk approval, disconnect) are accepted, as a person clicking OK would; the test reads
            // them
            List<String> confirmations = new java.util.concurrent.CopyOnWriteArrayList<>();
            page.onDialog(dialog -> {
                confirmations.add(dialog.type() + ": " + dialog.message());
                dialog.accept();
            });

            // ---- sign in: the home page's checklist is the way in
            page.navigate(browser.url("/"));
            page.waitForURL(u -> u.contains("/login"));
            check("sign-in");
            browser.signIn(email, PASSWORD);
            assertThat(page.locator(".steps li")).hasCount(4);
            assertThat(page.locator(".steps li.done")).hasCount(0);
            assertThat(page.locator(".steps li").first()).containsText("Connect a vendor");
            check("home");
            docs("home");

            // ---- Integrations: connect Keeper ("Billing only") and read the token, shown once
            nav("Integrations");
            assertThat(page.locator(".empty")).containsText("No vendor connected yet");
            check("integrations-empty");
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Connect Keeper Security"))
                    .click();
            Locator billingOnly = page.getByLabel("Billing only");
            billingOnly.check();
            assertThat(billingOnly).isChecked();
            check("integrations-connect");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Generate API token"))
                    .click();
            assertThat(page.locator(".flash.ok")).containsText("Copy the API token now");
            String token = page.locator("#token-value").textContent().trim();
            assertThat(token).isNotBlank().doesNotContainAnyWhitespaces();
            assertThat(page.locator("#token-base-url")).containsText("/api/vendor-api");
            UUID integrationId = idIn(page.url());
            page.getByText("No Keeper account at hand?").click();
            String command = page.locator("#simulator-command").textContent().trim();
            Matcher url = Pattern.compile("--url (\\S+)").matcher(command);
            Matcher tokenArgument = Pattern.compile("--token (\\S+)\"$").matcher(command);
            assertThat(command)
                    .startsWith("mvn -q compile exec:java -Dexec.mainClass=com.trueup.simulator.KeeperSimulator");
            assertThat(url.find() && tokenArgument.find()).as(command).isTrue();
            assertThat(url.group(1)).isEqualTo(baseUrl() + "/api/vendor-api");
            assertThat(tokenArgument.group(1)).isEqualTo(token);
            check("integrations-token");
            docs("integrations-token");
            page.reload();
            assertThat(page.locator("#token-value")).hasCount(0);
            assertThat(page.locator("body")).not().containsText(token);

            // ---- the Keeper simulator pushes accounts, SKUs and three months of counts with that token
            KeeperSimulator.Result simulated = KeeperSimulator.run(url.group(1), tokenArgument.group(1), today);
            assertThat(simulated.accounts()).isEqualTo(25);
            assertThat(simulated.services()).isEqualTo(6);
            page.reload();
            assertThat(page.locator(".lead .pill")).hasText("Active");
            assertThat(page.locator("#accounts tbody tr")).hasCount(25);
            assertThat(page.locator("#services tbody tr")).hasCount(6);
            assertThat(page.locator("#usage tbody tr").first()).isVisible();
            check("integration-with-usage");
            long usageDays = api.get("/api/v1/integrations/" + integrationId + "/usage/daily")
                    .json()
                    .get("total")
                    .asLong();
            assertThat(usageDays).isPositive();

            // ---- PSA: connect the Sandbox PSA, load its demo data, watch the sync it starts
            nav("PSA");
            check("psa-empty");
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Connect Sandbox PSA"))
                    .click();
            assertThat(page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)))
                    .hasValue("Sandbox PSA");
            check("psa-connect");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save connection"))
                    .click();
            page.waitForURL(u -> u.contains("/psa/connections/"));
            UUID connectionId = idIn(page.url());
            assertThat(page.locator(".flash.ok")).containsText("Next: open the Sandbox PSA and load its demo data");
            check("psa-connection");
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Open the Sandbox PSA"))
                    .click();
            assertThat(page.locator(".empty h2")).hasText("The Sandbox PSA is empty");
            check("sandbox-empty");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Load demo data"))
                    .click();
            assertThat(page.locator(".flash.ok")).containsText("Demo data loaded");
            assertThat(page.locator(".flash.ok"))
                    .containsText("Next: map your vendor's accounts and services under Mapping");
            assertThat(page.locator("h2", new Page.LocatorOptions().setHasText("Companies")))
                    .containsText("(26)");
            check("sandbox-demo-data");
            docs("psa-sandbox");
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Connection and sync"))
                    .first()
                    .click();
            assertThat(page.locator("#runs .pill", new Page.LocatorOptions().setHasText("succeeded"))
                            .first())
                    .isVisible(visibleWithin(SLOW));
            assertThat(page.locator("#runs")).not().containsText("A sync is running");
            check("psa-synced");

            // ---- Mapping: 21 accounts mapped by exact name; the near-misses by drag and drop, keyboard, suggestion
            await().atMost(SLOW)
                    .until(() -> accounts(api, integrationId).stream()
                                    .filter(a -> a.get("auto").asBoolean())
                                    .count()
                            == 21);
            nav("Mapping");
            assertThat(page.locator(".vendor-list .chip .pill", new Page.LocatorOptions().setHasText("Auto")))
                    .hasCount(21);
            assertThat(page.locator("[data-filter=unmapped] .count")).hasText("4");
            check("mapping-accounts");

            page.locator("#psa-search").fill("acme");
            Locator acmeLlc = page.locator(".psa-item", new Page.LocatorOptions().setHasText("Acme Dental Group, LLC"));
            assertThat(acmeLlc).isVisible();
            browser.dragAndDrop(acmeLlc, row(page, "kc-1001").locator(".drop-zone"));
            assertThat(row(page, "kc-1001").locator(".drop-zone .chip")).hasText("Acme Dental Group, LLC");
            assertThat(page.locator("#board .map-message")).hasText("Account mapped.");
            page.locator("#psa-search").fill("");

            // keyboard only: Choose… opens the picker with the select focused; arrow to the suggestion, Tab to Map,
            // Enter
            Locator choose = row(page, "kc-1004")
                    .getByRole(
                            AriaRole.BUTTON,
                            new Locator.GetByRoleOptions().setName("Choose a PSA company for Harbor Point Marine"));
            choose.focus();
            page.keyboard().press("Enter");
            Locator picker =
                    page.getByLabel("PSA company for Harbor Point Marine", new Page.GetByLabelOptions().setExact(true));
            assertThat(picker).isFocused();
            page.keyboard().press("ArrowDown");
            assertThat(picker.locator("option:checked")).containsText("Harbor Point Marine Inc.");
            page.keyboard().press("Tab");
            assertThat(page.getByRole(
                            AriaRole.BUTTON,
                            new Page.GetByRoleOptions().setName("Map").setExact(true)))
                    .isFocused();
            page.keyboard().press("Enter");
            assertThat(row(page, "kc-1004").locator(".drop-zone .chip")).hasText("Harbor Point Marine Inc.");

            row(page, "kc-1019").locator("button.suggestion").first().click();
            assertThat(row(page, "kc-1019").locator(".drop-zone .chip")).hasText("Sterling and Hale CPAs");
            // Horizon Travel Co is not in the PSA yet: it stays unmapped
            assertThat(page.locator("[data-filter=unmapped] .count")).hasText("1");
            assertThat(row(page, "kc-1025").locator(".pill.warn")).hasText("Unmapped");
            assertThat(row(page, "kc-1025").locator(".hint")).containsText("No matching company in your PSA?");
            check("mapping-accounts-done");
            docs("mapping");

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Continue to services"))
                    .click();
            page.waitForURL(u -> u.contains("step=services"));
            assertThat(page.locator(".vendor-list .chip .pill", new Page.LocatorOptions().setHasText("Auto")))
                    .hasCount(5);
            page.locator("#psa-search").fill("KEEPER-SFS");
            Locator storageProduct =
                    page.locator(".psa-item", new Page.LocatorOptions().setHasText("Keeper Secure File Storage 100GB"));
            assertThat(page.locator(".psa-list > .psa-item:visible")).hasCount(1);
            Locator storage = serviceRow(page, "Secure File Storage");
            browser.dragAndDrop(storageProduct, storage.locator(".drop-zone"));
            assertThat(storage.locator(".drop-zone .chip")).containsText("Keeper Secure File Storage 100GB");
            assertThat(page.locator("[data-filter=unmapped] .count")).hasText("0");
            page.locator("#psa-search").fill("");
            check("mapping-services");
            docs("mapping-services");

            // Finish: the sync indicator spins, then lights up Refresh
            page.locator("#finish-button").click();
            assertThat(page.locator("#finish-result")).containsText("Mapping finished");
            Locator refresh = page.locator("#sync-indicator.done [data-refresh]");
            assertThat(refresh).isVisible(visibleWithin(SLOW));
            check("mapping-finished");
            refresh.click();
            assertThat(page.locator("#sync-indicator.idle")).isVisible();

            // ---- Reconcile: statuses, one approval with the keyboard, bulk approval of the other Reconcile lines
            await().atMost(SLOW).pollInterval(Duration.ofMillis(500)).until(() -> {
                JsonNode acme = line(api, "Acme Dental Group, LLC", "Keeper Business");
                return acme != null
                        && !api.get("/api/v1/sync-status").json().get("running").asBoolean();
            });
            JsonNode listing = api.get("/api/v1/reconciliation?size=500").json();
            Map<String, Long> byStatus = new LinkedHashMap<>();
            listing.get("totals")
                    .get("byStatus")
                    .properties()
                    .forEach(e -> byStatus.put(e.getKey(), e.getValue().asLong()));
            assertThat(byStatus.get("reconcile")).isPositive();
            assertThat(byStatus.get("new-revenue")).isPositive();
            assertThat(byStatus.get("no-change")).isPositive();
            assertThat(byStatus.get("unmapped")).as("Horizon Travel Co's lines").isPositive();
            for (JsonNode l : listing.get("items")) {
                if (l.get("status").asString().equals("unmapped")) {
                    assertThat(l.get("companyName").asString()).isEqualTo("Horizon Travel Co");
                }
            }

            nav("Reconcile");
            for (String status : List.of("reconcile", "new-revenue", "no-change", "unmapped")) {
                assertThat(page.locator(".recon-counts a[href*='status=" + status + "']"))
                        .hasText(Pattern.compile(": " + byStatus.get(status) + "$"));
            }
            JsonNode acme = line(api, "Acme Dental Group, LLC", "Keeper Business");
            BigDecimal expectedAcme = dailyAverage(
                    KeeperPlan.of(today), "Acme Dental Group", KeeperPlan.BUSINESS, today.withDayOfMonth(1), today);
            assertThat(acme.get("vendorQuantity").decimalValue()).isEqualByComparingTo(expectedAcme);
            assertThat(acme.get("psaQuantity").decimalValue()).isEqualByComparingTo("12");
            assertThat(acme.get("status").asString()).isEqualTo("reconcile");
            Locator acmeRow = page.locator("#line-" + acme.get("id").asString());
            assertThat(acmeRow.locator("td.num").first()).hasText(plain(expectedAcme));
            assertThat(acmeRow.locator(".pill").first()).hasText("Reconcile");
            check("reconcile");
            docs("reconcile");

            Map<String, BigDecimal> toWrite = new LinkedHashMap<>();
            for (JsonNode l : listing.get("items")) {
                if (l.get("status").asString().equals("reconcile")) {
                    toWrite.put(l.get("id").asString(), l.get("quantityToWrite").decimalValue());
                }
            }
            Locator approve = acmeRow.getByRole(
                    AriaRole.BUTTON, new Locator.GetByRoleOptions().setName(Pattern.compile("^Approve ")));
            approve.focus();
            page.keyboard().press("Enter");
            assertThat(page.locator(".flash.ok"))
                    .containsText(
                            "Approved: " + plain(acme.get("quantityToWrite").decimalValue()) + " will be written");
            assertThat(page.locator("#line-" + acme.get("id").asString() + " .pill")
                            .first())
                    .hasText("Approved");

            page.getByLabel("Status", new Page.GetByLabelOptions().setExact(true))
                    .selectOption("reconcile");
            page.getByRole(
                            AriaRole.BUTTON,
                            new Page.GetByRoleOptions().setName("Apply").setExact(true))
                    .click();
            page.waitForURL(u -> u.contains("status=reconcile"));
            int rest = toWrite.size() - 1;
            assertThat(page.locator("tbody tr[id^=line-]")).hasCount(rest);
            page.getByLabel("Select all lines on this page").check();
            assertThat(page.locator("#bulk-count")).hasText(rest + " selected");
            assertThat(page.getByLabel("With the selected lines")).hasValue("approve");
            check("reconcile-bulk");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Apply to selected"))
                    .click();
            assertThat(page.locator(".flash.ok"))
                    .hasText(rest + " lines approved. Follow the changes under Write-backs.");
            assertThat(confirmations).containsExactly("confirm: Apply this action to the selected lines?");
            assertThat(page.locator(".empty h2")).hasText("No lines in this view");
            check("reconcile-approved");

            // ---- the write-backs are written
            await().atMost(SLOW)
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> writeBacks(api).stream()
                                    .filter(w ->
                                            toWrite.containsKey(w.get("lineId").asString()))
                                    .filter(w -> w.get("status").asString().equals("written"))
                                    .count()
                            == toWrite.size());
            page.locator(".lead a", new Page.LocatorOptions().setHasText("Write-backs"))
                    .click();
            assertThat(page.locator("#write-backs .pill", new Page.LocatorOptions().setHasText("Written")))
                    .hasCount(toWrite.size());
            assertThat(page.locator(
                            "#write-backs .pill",
                            new Page.LocatorOptions().setHasText(Pattern.compile("Queued|Failed|Conflict"))))
                    .hasCount(0);
            check("write-backs");
            docs("write-backs");

            // ---- the Sandbox PSA holds exactly the approved quantities, on its pages and in the snapshot API
            Map<String, JsonNode> byLine = new LinkedHashMap<>();
            writeBacks(api).forEach(w -> byLine.put(w.get("lineId").asString(), w));
            Map<String, BigDecimal> snapshotQuantities = new LinkedHashMap<>();
            for (JsonNode contract : api.get("/api/v1/psa-connections/" + connectionId + "/contracts?size=1000")
                    .json()
                    .get("items")) {
                for (JsonNode l : contract.get("lines")) {
                    snapshotQuantities.put(
                            l.get("id").asString(), l.get("quantity").decimalValue());
                }
            }
            nav("PSA");
            page.locator(".card a", new Page.LocatorOptions().setHasText("Sandbox PSA"))
                    .first()
                    .click();
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Open the Sandbox PSA"))
                    .click();
            assertThat(page.locator("td .pill", new Page.LocatorOptions().setHasText("write-back"))
                            .first())
                    .isVisible();
            check("sandbox-changes");
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Recurring contracts"))
                    .click();
            for (Map.Entry<String, BigDecimal> e : toWrite.entrySet()) {
                JsonNode w = byLine.get(e.getKey());
                assertThat(w.get("quantity").decimalValue()).isEqualByComparingTo(e.getValue());
                assertThat(snapshotQuantities.get(w.get("psaLineId").asString()))
                        .as("snapshot line of " + e.getKey())
                        .isEqualByComparingTo(e.getValue());
                assertThat(page.locator("#lq-" + w.get("psaReference").asString()))
                        .hasValue(plain(e.getValue()));
            }
            check("sandbox-contracts");
            page.getByLabel("Search company or contract").fill("Acme Dental Group, LLC");
            page.getByRole(
                            AriaRole.BUTTON,
                            new Page.GetByRoleOptions().setName("Search").setExact(true))
                    .click();
            String acmeSandboxLine =
                    byLine.get(acme.get("id").asString()).get("psaReference").asString();
            assertThat(page.locator("#lq-" + acmeSandboxLine))
                    .hasValue(plain(acme.get("quantityToWrite").decimalValue()));
            docs("sandbox-contract");
            page.locator("a[href$='/lines/" + acmeSandboxLine + "']").click();
            assertThat(page.locator(".lead strong"))
                    .hasText(plain(acme.get("quantityToWrite").decimalValue()));
            assertThat(page.locator("tbody tr").first()).containsText("write-back");
            assertThat(page.locator("tbody tr").first()).containsText("12");
            check("sandbox-line");

            // ---- Insights, when the module has something to show
            nav("Insights");
            check("insights");
            if (page.getByText("No insights yet").count() == 0) {
                docs("insights");
            }

            // ---- the audit log tells the story
            nav("Audit log");
            check("audit");
            assertAudit("integration.created", 1);
            assertAudit("integration.token-generated", 1);
            assertAudit("psa.connection.created", 1);
            assertAudit("mapping.account-mapped", 24);
            assertAudit("mapping.service-mapped", 6);
            assertAudit("mapping.finished", 1);
            assertAudit("reconciliation.approved", toWrite.size());
            assertAudit("writeback.written", toWrite.size());

            // ---- Disconnect: the token stops working at once, mappings go, usage stays
            nav("Integrations");
            page.locator(".card h3 a", new Page.LocatorOptions().setHasText("Keeper Security"))
                    .click();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Disconnect"))
                    .click();
            assertThat(page.locator(".flash.ok")).containsText("disconnected");
            assertThat(confirmations).hasSize(2);
            assertThat(confirmations.get(1))
                    .startsWith("confirm: Disconnect Keeper Security?")
                    .contains("Usage history is kept");
            assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Disconnected")))
                    .isVisible();
            check("disconnected");

            Http.Response rejected = http().header("GRADIENT-TOKEN", token).get("/api/vendor-api/organization");
            assertThat(rejected.status()).as(rejected.body()).isEqualTo(403);
            for (String kind : List.of("accounts", "services")) {
                JsonNode items = api.get("/api/v1/integrations/" + integrationId + "/" + kind)
                        .json()
                        .get("items");
                assertThat(items).as(kind).hasSize(kind.equals("accounts") ? 25 : 6);
                items.forEach(item -> assertThat(item.get("mapping").isNull())
                        .as(item.toString())
                        .isTrue());
            }
            assertThat(api.get("/api/v1/integrations/" + integrationId + "/usage/daily")
                            .json()
                            .get("total")
                            .asLong())
                    .isEqualTo(usageDays);
            page.locator("table.data a", new Page.LocatorOptions().setHasText("Keeper Security"))
                    .click();
            assertThat(page.locator("#usage tbody tr").first()).isVisible();
            assertThat(page.locator("#accounts .pill.ok")).hasCount(0);
            check("disconnected-usage-kept");

            nav("Audit log");
            assertAudit("integration.disconnected", 1);
            assertAudit("mapping.integration-cleared", 1);
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Clear"))
                    .click();
            assertThat(page.locator("tbody")).containsText("integration.disconnected");
            docs("audit");
        }
        assertThat(accessibilityProblems)
                .as("accessibility problems on the pages of the walkthrough")
                .isEmpty();
    }

    // ---------------------------------------------------------------- steps and pictures

    /**
     * Photographs the page under target/screenshots, fails at once on console errors, and collects its accessibility
     * problems (the test fails on them at the end, with those of every page at once).
     */
    private void check(String name) {
        page.waitForLoadState();
        browser.assertNoConsoleErrors();
        List<String> problems = PageChecks.accessibilityProblems(page);
        problems.forEach(p -> System.out.println("ACCESSIBILITY " + p));
        accessibilityProblems.addAll(problems);
        browser.screenshot(String.format("walkthrough-%02d-%s", ++step, name));
    }

    /** With -Dtrueup.docs.screenshots=DIR: the top of the page, 1400 px wide, as DIR/name.png for the documentation. */
    private void docs(String name) {
        String dir = System.getProperty("trueup.docs.screenshots");
        if (dir == null || dir.isBlank()) {
            return;
        }
        try {
            Path target = Paths.get(dir);
            Files.createDirectories(target);
            page.evaluate("() => window.scrollTo(0, 0)");
            double height = ((Number) page.evaluate("() => document.documentElement.scrollHeight")).doubleValue();
            page.screenshot(new Page.ScreenshotOptions()
                    .setPath(target.resolve(name + ".png"))
                    .setFullPage(true)
                    .setClip(0, 0, 1400, Math.min(height, 1000)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void nav(String label) {
        page.locator("nav.main a", new Page.LocatorOptions().setHasText(label))
                .first()
                .click();
        page.waitForLoadState();
    }

    private void assertAudit(String kind, int count) {
        page.getByLabel("Kind").fill(kind);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Filter"))
                .click();
        page.waitForURL(u -> u.contains("kind=" + kind));
        assertThat(page.locator("tbody td code", new Page.LocatorOptions().setHasText(kind)))
                .hasCount(count);
    }

    private static LocatorAssertions.IsVisibleOptions visibleWithin(Duration timeout) {
        return new LocatorAssertions.IsVisibleOptions().setTimeout(timeout.toMillis());
    }

    private static Locator row(Page page, String vendorAccountId) {
        return page.locator(
                ".vendor-list > .map-row",
                new Page.LocatorOptions()
                        .setHas(page.locator("code", new Page.LocatorOptions().setHasText(vendorAccountId))));
    }

    private static Locator serviceRow(Page page, String name) {
        return page.locator(
                ".vendor-list > .map-row",
                new Page.LocatorOptions()
                        .setHas(page.locator(
                                ".map-name", new Page.LocatorOptions().setHasText(Pattern.compile("^" + name + "$")))));
    }

    // ---------------------------------------------------------------- API reads that back the page assertions

    private static List<JsonNode> accounts(Http api, UUID integrationId) {
        List<JsonNode> list = new ArrayList<>();
        api.get("/api/v1/integrations/" + integrationId + "/mappings/accounts")
                .json()
                .get("items")
                .forEach(list::add);
        return list;
    }

    private static JsonNode line(Http api, String company, String service) {
        for (JsonNode l : api.get("/api/v1/reconciliation?size=500").json().get("items")) {
            if (company.equals(l.get("companyName").asString())
                    && service.equals(l.get("serviceName").asString())) {
                return l;
            }
        }
        return null;
    }

    private static List<JsonNode> writeBacks(Http api) {
        List<JsonNode> list = new ArrayList<>();
        api.get("/api/v1/write-backs?size=500").json().get("items").forEach(list::add);
        return list;
    }

    /** The Keeper way: the mean over every day of [first, last] of the count in force that day. */
    private static BigDecimal dailyAverage(
            KeeperPlan plan, String company, String sku, LocalDate first, LocalDate last) {
        long sum = 0;
        int days = 0;
        for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
            sum += plan.countOn(company, sku, day);
            days++;
        }
        return BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(days), 4, RoundingMode.HALF_UP);
    }

    private static String plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    private static UUID idIn(String url) {
        Matcher m = UUID_IN_PATH.matcher(url);
        if (!m.find()) {
            throw new AssertionError("no id in " + url);
        }
        return UUID.fromString(m.group(1));
    }
}
