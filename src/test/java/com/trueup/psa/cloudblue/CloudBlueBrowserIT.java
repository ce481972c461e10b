package com.trueup.psa.cloudblue;

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
 * An admin, in a real browser, connects CloudBlue PSA (against a stub), tests, syncs the customers and finds them with
 * CloudBlue's account ids (the key is never on a page), imports the contracts' recurring lines from a file (in TrueUp's
 * layout, naming the customers by AccountID), has Keeper's usage mapped, approves a change that goes to the change
 * sheet, downloads the sheet, marks the change applied and sees it confirmed by the next import.
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
    void anAdminWalksCloudBlueFromConnectionToAConfirmedChangeSheetLine() {
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        cloudblue = new CloudBlueStub(clock);
        cloudblue.load(PsaWorld.reference());
        Map<String, String> form = new LinkedHashMap<>();
        form.put("Instance or address", cloudblue.server().orElseThrow().url());
        form.put("API key", CloudBlueStub.API_KEY);

        try (FileRoute route = new FileRoute(tenants.create("UTC"), baseUrl())) {
            route.connect(
                            "cloudblue",
                            "Reads from the PSA's API: companies; the rest comes from files you import.",
                            "CloudBlue PSA",
                            form,
                            "Connected to CloudBlue PSA (5 customers)")
                    .sync();
            Page page = route.page();
            org.assertj.core.api.Assertions.assertThat(page.content()).doesNotContain(CloudBlueStub.API_KEY);
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Browse the snapshot"))
                    .click();
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Companies"))
                    .click();
            assertThat(page.locator("table")).containsText("Bayside Law");
            assertThat(page.locator("table")).containsText(cloudblue.id("c2"));

            route.upload("cloudblue-lines.csv", lines(12))
                    .imported("2 rows read: 2 added")
                    .keeperUsage("2026-07-01", "KEEPER-BIZ", Map.of("Bayside Law", 9, "Cedar Clinic", 4));
            route.approve("2026-07", "Bayside Law", "Keeper Business", "12", "9");
            UUID writeBack = route.changeSheet(
                    "Bayside Law",
                    "Bayside Law,Managed Services (CT-202),KEEPER-BIZ,Keeper Business,12,9,-3,2026-09-01");
            route.markApplied(writeBack, "Bayside Law", "Keeper Business");

            // the person changed it in CloudBlue; the next export shows 9
            route.upload("cloudblue-lines.csv", lines(9)).imported("1 changed").confirmed(writeBack);
            org.assertj.core.api.Assertions.assertThat(page.content()).doesNotContain(CloudBlueStub.API_KEY);
        }
    }

    /** Bayside Law's Keeper Business line of {@code bayside} and Cedar Clinic's of 4, by CloudBlue's account ids. */
    private String lines(int bayside) {
        return "company_id,contract_id,contract_name,product_id,product_name,quantity,unit_price\n"
                + cloudblue.id("c2") + ",CT-202,Managed Services,KEEPER-BIZ,Keeper Business," + bayside + ",3.50\n"
                + cloudblue.id("c3") + ",CT-303,Managed Services,KEEPER-BIZ,Keeper Business,4,3.50\n";
    }
}
