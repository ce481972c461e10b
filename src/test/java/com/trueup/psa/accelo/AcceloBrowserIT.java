package com.trueup.psa.accelo;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.trueup.e2e.FileRoute;
import com.trueup.psa.contract.PsaWorld;
import com.trueup.support.IntegrationTest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An admin, in a real browser, connects Accelo (against a stub speaking its API), tests the connection, syncs, finds
 * Accelo's companies and a contract with its value and period budgets in the snapshot, imports the lines file (in
 * TrueUp's layout, naming Accelo's company, contract and item template ids), has Keeper's usage mapped, approves a
 * change that goes to the change sheet, downloads the sheet, marks the change applied and sees it confirmed by the
 * next import.
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
    void anAdminWalksAcceloFromConnectionToAConfirmedChangeSheetLine() {
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        accelo = new AcceloStub(clock);
        accelo.load(PsaWorld.reference());
        Map<String, String> form = new LinkedHashMap<>();
        form.put("Deployment or address", accelo.server().orElseThrow().url());
        form.put("Client ID", AcceloStub.CLIENT_ID);
        form.put("Client secret", AcceloStub.CLIENT_SECRET);

        try (FileRoute route = new FileRoute(tenants.create("UTC"), baseUrl())) {
            route.connect(
                            "accelo",
                            "Reads from the PSA's API: companies, products, contracts; the rest comes from files "
                                    + "you import.",
                            "Accelo",
                            form,
                            "Connected to Accelo deployment planet-express")
                    .sync();

            Page page = route.page();
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Browse the snapshot"))
                    .click();
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Companies"))
                    .click();
            assertThat(page.locator("table")).containsText("Acme Dental");
            page.navigate(page.url().split("\\?")[0] + "?tab=contracts&q=Acme");
            assertThat(page.locator(".terms").first()).containsText("Contract value 1,200.00");
            assertThat(page.locator("table.periods").first()).containsText("pre-paid");
            assertThat(page.locator("table.periods").first()).containsText("300.00");

            route.upload("accelo-lines.csv", lines(10))
                    .imported("2 rows read: 2 added")
                    .keeperUsage("2026-07-01", "KEEPER-BIZ", Map.of("Acme Dental", 15, "Bayside Law", 7));
            route.approve("2026-07", "Acme Dental", "Keeper Business", "10", "15");
            UUID writeBack = route.changeSheet(
                    "Acme Dental",
                    "Acme Dental,Managed Services (" + accelo.id("k1")
                            + "),KEEPER-BIZ,Keeper Business,10,15,5,2026-09-01");
            route.markApplied(writeBack, "Acme Dental", "Keeper Business");

            // the person changed it in Accelo's billing; the next export shows 15
            route.upload("accelo-lines.csv", lines(15)).imported("1 changed").confirmed(writeBack);
        }
    }

    /** Acme Dental's Keeper Business line of {@code acme} and Bayside Law's of 7, by Accelo's ids. */
    private String lines(int acme) {
        return "company_id,contract_id,product_id,quantity,unit_price\n"
                + accelo.id("c1") + "," + accelo.id("k1") + "," + accelo.id("p1") + "," + acme + ",3.50\n"
                + accelo.id("c2") + "," + accelo.id("k2") + "," + accelo.id("p1") + ",7,3.50\n";
    }
}
