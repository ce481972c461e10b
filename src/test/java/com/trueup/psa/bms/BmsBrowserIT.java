package com.trueup.psa.bms;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.trueup.e2e.FileRoute;
import com.trueup.psa.contract.PsaWorld;
import com.trueup.psa.contract.StubServer.Role;
import com.trueup.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An admin, in a real browser, connects Kaseya BMS (against a stub speaking its V2 API), tests, syncs the accounts,
 * services and contracts, imports the contracts' service units from a file (naming BMS's account, contract and service
 * ids), has Keeper's usage mapped, approves a unit change that goes to the change sheet (BMS's API cannot change a
 * service's units), downloads the sheet, marks the change applied and sees it confirmed by the next import; new
 * revenue, approved on the same page, is added to the contract through BMS's API.
 */
class BmsBrowserIT extends IntegrationTest {

    private BmsStub bms;

    @AfterEach
    void stopStub() {
        if (bms != null) {
            bms.close();
        }
    }

    @Test
    void anAdminWalksKaseyaBmsFromConnectionToAConfirmedChangeSheetLineAndNewRevenueWritten() {
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        bms = new BmsStub(KaseyaBmsConnector.DESCRIPTOR, clock);
        // Acme Dental and Bayside Law have Keeper Business on their contracts; Cedar Clinic's contract has none yet
        bms.load(new PsaWorld()
                .company("c1", "Acme Dental", PsaWorld.Standing.ACTIVE)
                .company("c2", "Bayside Law", PsaWorld.Standing.ACTIVE)
                .company("c3", "Cedar Clinic", PsaWorld.Standing.ACTIVE)
                .product("p1", "KEEPER-BIZ", "Keeper Business", "3.50", "2.00")
                .contract("k1", "c1", "Managed Services", PsaWorld.ContractKind.RECURRING)
                .contract("k2", "c2", "Managed Services", PsaWorld.ContractKind.RECURRING)
                .contract("k3", "c3", "Managed Services", PsaWorld.ContractKind.RECURRING)
                .line("l1", "k1", "p1", "10", false)
                .line("l2", "k2", "p1", "7", false));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("API server", bms.server().orElseThrow().url());
        form.put("User name", BmsStub.USER);
        form.put("Password", BmsStub.PASSWORD);
        form.put("Company (tenant)", BmsStub.TENANT);

        try (FileRoute route = new FileRoute(tenants.create("UTC"), baseUrl())) {
            route.connect(
                            "kaseya-bms",
                            "Reads from the PSA's API: companies, products, contracts; the rest comes from "
                                    + "files you import.",
                            "Kaseya BMS",
                            form,
                            "Connected to Kaseya BMS (Acme MSP) as TrueUp API (3 accounts)")
                    .sync();
            assertThat(route.page().content()).doesNotContain(BmsStub.PASSWORD);

            route.upload("bms-contract-services.csv", lines(10))
                    .imported("2 rows read: 2 added")
                    .keeperUsage(
                            "2026-07-01",
                            "Keeper Business",
                            Map.of("Acme Dental", 12, "Bayside Law", 7, "Cedar Clinic", 4));
            route.approve("2026-07", "Acme Dental", "Keeper Business", "10", "12");
            UUID writeBack = route.changeSheet(
                    "Acme Dental",
                    "Acme Dental,Managed Services (" + bms.id("k1")
                            + "),Keeper Business,Keeper Business,10,12,2,2026-09-01");
            route.markApplied(writeBack, "Acme Dental", "Keeper Business");

            // the person changed the units in BMS; the next export shows 12
            route.upload("bms-contract-services.csv", lines(12))
                    .imported("1 changed")
                    .confirmed(writeBack);

            // Cedar Clinic's contract has no Keeper Business yet: new revenue, added through BMS's API
            Page page = route.page();
            page.navigate(route.browser().url("/reconcile?period=2026-07"));
            Locator row = page.locator("tr[id^=line-]").filter(new Locator.FilterOptions().setHasText("Cedar Clinic"));
            row.getByRole(
                            AriaRole.BUTTON,
                            new Locator.GetByRoleOptions()
                                    .setName("Approve Cedar Clinic – Keeper Business: " + "write 4"))
                    .click();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(300))
                    .until(() ->
                            bms.server().orElseThrow().calls(Role.CREATE_LINE).size() == 1);
            assertThat(bms.world().activeLines("k3", "p1"))
                    .singleElement()
                    .satisfies(l -> assertThat(l.quantity).isEqualByComparingTo("4"));
            assertThat(bms.server().orElseThrow().calls(Role.CREATE_LINE))
                    .singleElement()
                    .satisfies(call -> {
                        assertThat(call.path())
                                .isEqualTo("/v2/finance/contracts/recurringservices/" + bms.id("k3") + "/services");
                        assertThat(call.json().get(0).get("Units").asInt()).isEqualTo(4);
                    });
            page.waitForCondition(
                    () -> {
                        page.navigate(route.browser().url("/write-backs"));
                        return page.locator("#write-backs tbody tr")
                                .filter(new Locator.FilterOptions().setHasText("Cedar Clinic"))
                                .textContent()
                                .contains("Written");
                    },
                    new Page.WaitForConditionOptions().setTimeout(30_000));
            assertThat(page.locator("#change-sheet")).hasCount(0);
            route.browser().assertNoConsoleErrors();
        }
    }

    /** Acme Dental's Keeper Business units ({@code acme}) and Bayside Law's (7), by BMS's ids. */
    private String lines(int acme) {
        return "company_id,contract_id,product_id,quantity,unit_price\n"
                + bms.id("c1") + "," + bms.id("k1") + "," + bms.id("p1") + "," + acme + ",3.50\n"
                + bms.id("c2") + "," + bms.id("k2") + "," + bms.id("p1") + ",7,3.50\n";
    }
}
