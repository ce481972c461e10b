package com.trueup.psa.tigerpaw;

import com.trueup.e2e.FileRoute;
import com.trueup.support.IntegrationTest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An admin, in a real browser, connects Tigerpaw (against a stub checking every signature) and tests the connection
 * (the page says everything comes from files), syncs, imports an agreement charges export whose columns are mapped once
 * on the mapping page and saved as a profile, has Keeper's usage mapped, approves a change that goes to the change
 * sheet, downloads the sheet, marks the change applied and sees it confirmed by the next export, read with the saved
 * profile at once.
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
    void anAdminWalksTigerpawFromSignedConnectionToAConfirmedChangeSheetLine() {
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        tigerpaw = new TigerpawStub(clock);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("REST API address", tigerpaw.server().orElseThrow().url());
        form.put("Public key", TigerpawStub.PUBLIC_KEY);
        form.put("Private key", TigerpawStub.PRIVATE_KEY);

        try (FileRoute route = new FileRoute(tenants.create("UTC"), baseUrl())) {
            route.connect(
                            "tigerpaw",
                            "Reads nothing from the PSA's API: everything comes from files you import.",
                            "Tigerpaw",
                            form,
                            "Connected to Tigerpaw: the signed request was accepted")
                    .sync();
            org.assertj.core.api.Assertions.assertThat(
                            tigerpaw.server().orElseThrow().calls())
                    .allSatisfy(call -> org.assertj.core.api.Assertions.assertThat(TigerpawStub.signedCorrectly(call))
                            .isTrue());

            // the export's columns are Tigerpaw's, not TrueUp's: mapped once (docs/psa-connectors.md, Tigerpaw)
            Map<String, String> columns = new LinkedHashMap<>();
            columns.put("company_id", "Account Number");
            columns.put("company_name", "Account Name");
            columns.put("contract_id", "Agreement Number");
            columns.put("contract_name", "Agreement");
            columns.put("line_id", "Charge");
            columns.put("product_id", "Item");
            columns.put("product_name", "Description");
            columns.put("quantity", "Qty");
            columns.put("unit_price", "Price");
            columns.put("status", "Status");
            route.upload("agreement-charges.csv", charges(20))
                    .mapColumns(1, columns, "Cancelled", "Acme Dental Group", "Tigerpaw agreement charges")
                    .imported("with the profile \"Tigerpaw agreement charges\": 3 rows read: 3 added")
                    .keeperUsage(
                            "2026-07-01", "KEEPER-BIZ", Map.of("Acme Dental Group", 22, "Harbor Point Marine", 12));
            route.approve("2026-07", "Acme Dental Group", "Keeper Business", "20", "22");
            UUID writeBack = route.changeSheet(
                    "Acme Dental Group",
                    "Acme Dental Group,Managed Services (AG-1001),KEEPER-BIZ,Keeper Business,20,22,2,2026-09-01");
            route.markApplied(writeBack, "Acme Dental Group", "Keeper Business");

            // the person changed the charge in Tigerpaw; the next export, read with the saved profile, shows 22
            route.upload("agreement-charges.csv", charges(22))
                    .imported(
                            "with the profile \"Tigerpaw agreement charges\": 3 rows read: 0 added, 0 removed, 1 changed, 2 unchanged")
                    .confirmed(writeBack);
        }
    }

    /** Tigerpaw agreement additional charges: Acme's Keeper Business of {@code acme}, Harbor's of 12, one cancelled. */
    private static String charges(int acme) {
        return "Account Number,Account Name,Agreement Number,Agreement,Charge,Item,Description,Qty,Price,Status\n"
                + "10521,Acme Dental Group,AG-1001,Managed Services,CH-1,KEEPER-BIZ,Keeper Business," + acme
                + ",3.75,Active\n"
                + "10522,Harbor Point Marine,AG-1002,Managed Services,CH-2,KEEPER-BIZ,Keeper Business,12,3.75,Active\n"
                + "10523,Old Mill Bakery,AG-1003,Managed Services,CH-3,KEEPER-BIZ,Keeper Business,6,3.75,Cancelled\n";
    }
}
