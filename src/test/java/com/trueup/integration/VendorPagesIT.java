package com.trueup.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.trueup.support.Http;
import com.trueup.support.IntegrationTest;
import com.trueup.support.TestTenants;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The Integrations pages: vendor cards, the connect flow with a token shown once, disconnect, counting modes. */
class VendorPagesIT extends IntegrationTest {

    private static String between(String html, String idAttribute) {
        Matcher m = Pattern.compile("id=\"" + idAttribute + "\"[^>]*>([^<]+)<").matcher(html);
        assertThat(m.find()).as("element " + idAttribute).isTrue();
        return m.group(1).trim();
    }

    @Test
    void connectingKeeperShowsTheTokenOnceAndDisconnectSaysWhatItRemoves() {
        var t = tenants.create();
        var admin = new VendorBrowser(baseUrl(), t.admin().email(), TestTenants.PASSWORD);
        String index = admin.get("/integrations").body();
        assertThat(index)
                .contains("Keeper Security")
                .contains("Daily average usage")
                .contains("First business day of each month, for the previous month")
                .contains("Synced daily")
                .contains("Custom vendor")
                .contains("No vendor connected yet");
        assertThat(admin.get("/").body()).contains("Connect a vendor");

        String connect = admin.get("/integrations/connect?vendor=keeper").body();
        assertThat(connect).contains("Billing only").contains("Generate API token");
        Http.Response refused = admin.submit(
                "/integrations/connect?vendor=keeper",
                "/integrations/connect",
                Map.of("vendor", "keeper", "name", "Keeper Security"));
        assertThat(refused.header("Location")).contains("/integrations/connect");
        Http.Response connected = admin.submit(
                "/integrations/connect?vendor=keeper",
                "/integrations/connect",
                Map.of("vendor", "keeper", "name", "Keeper Security", "modules", "billing"));
        assertThat(connected.status()).isEqualTo(302);
        String location = connected.header("Location");
        assertThat(location).matches(".*/integrations/[0-9a-f-]{36}");
        String path = location.substring(location.indexOf("/integrations/"));

        String shown = admin.get(path).body();
        assertThat(shown)
                .contains("shown only once")
                .contains("data-copy-target=\"token-value\"")
                .contains("data-copy-target=\"token-partner-key\"")
                .contains(baseUrl() + "/api/vendor-api");
        String token = between(shown, "token-value");
        String vendorKey = between(shown, "token-vendor-key");
        assertThat(vendorKey).startsWith("tuv_");
        assertThat(between(shown, "token-partner-key")).startsWith("tup_");
        // the token works, and is never shown again
        Http vendor = new Http(baseUrl()).header("GRADIENT-TOKEN", token);
        assertThat(vendor.get("/api/vendor-api/organization").status()).isEqualTo(200);
        String again = admin.get(path).body();
        assertThat(again).doesNotContain(token).doesNotContain(vendorKey).contains("Regenerate API token");
        assertThat(admin.get("/").body()).contains("Connect a vendor");

        // accounts, services and usage appear on the page; counting mode form
        vendor.post(
                "/api/vendor-api/organization/accounts",
                java.util.List.of(Map.of("id", "kc-1001", "name", "Acme Dental Group")));
        String sku = vendor.post("/api/vendor-api/service", Map.of("name", "Keeper Business", "category", "security"))
                .json()
                .get("skus")
                .get(0)
                .get("_id")
                .asString();
        vendor.post("/api/vendor-api/service/" + sku + "/count", Map.of("accountId", "kc-1001", "unitCount", 12));
        String detail = admin.get(path).body();
        assertThat(detail)
                .contains("Acme Dental Group")
                .contains("kc-1001")
                .contains("Keeper Business")
                .contains("Unmapped")
                .contains("<td class=\"num\">12</td>")
                .contains("Daily average"); // quantities read exact, as on every page
        Http.Response mode =
                admin.submit(path, path + "/services/" + sku + "/counting-mode", Map.of("countingMode", "PEAK"));
        assertThat(mode.status()).isEqualTo(302);
        assertThat(admin.get(path).body()).contains("Keeper Business now bills by peak count.");

        // disconnect: the confirmation names exactly what goes and what stays
        assertThat(detail)
                .contains(
                        "Disconnect Keeper Security? This removes its authentication (its API token stops working at once) "
                                + "and all of its account and service mappings. Usage history is kept. Reconnecting issues a new token and mapping starts again.");
        Http.Response disconnected = admin.submit(path, path + "/disconnect", Map.of());
        assertThat(disconnected.status()).isEqualTo(302);
        assertThat(admin.get("/integrations").body())
                .contains("disconnected: its token no longer works")
                .contains("Disconnected");
        assertThat(vendor.get("/api/vendor-api/organization").status()).isEqualTo(403);
        String after = admin.get(path).body();
        assertThat(after).contains("Reconnect (new API token)").contains("Acme Dental Group");

        // reconnect shows a new token once
        Http.Response reconnected = admin.submit(path, path + "/token", Map.of());
        assertThat(reconnected.status()).isEqualTo(302);
        String newToken = between(admin.get(path).body(), "token-value");
        assertThat(newToken).isNotEqualTo(token);
        assertThat(new Http(baseUrl())
                        .header("GRADIENT-TOKEN", newToken)
                        .get("/api/vendor-api/organization")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aCustomVendorIsNamedByTheMsp() {
        var t = tenants.create();
        var admin = new VendorBrowser(baseUrl(), t.admin().email(), TestTenants.PASSWORD);
        assertThat(admin.get("/integrations/connect?vendor=custom").body()).contains("Vendor name");
        Http.Response noName = admin.submit(
                "/integrations/connect?vendor=custom",
                "/integrations/connect",
                Map.of("vendor", "custom", "name", " ", "modules", "billing"));
        assertThat(noName.header("Location")).contains("/integrations/connect?vendor=custom");
        assertThat(admin.get("/integrations/connect?vendor=custom").body())
                .contains("name is required for a custom vendor");
        Http.Response created = admin.submit(
                "/integrations/connect?vendor=custom",
                "/integrations/connect",
                Map.of("vendor", "custom", "name", "Acme Backup", "modules", "billing"));
        assertThat(created.status()).isEqualTo(302);
        assertThat(admin.get("/integrations").body()).contains("Acme Backup");
    }

    @Test
    void viewersSeeButCannotConnect() {
        var t = tenants.create();
        var c = VendorFixtures.keeper(t);
        var viewer = new VendorBrowser(baseUrl(), t.viewer().email(), TestTenants.PASSWORD);
        String index = viewer.get("/integrations").body();
        assertThat(index).contains("Keeper Security").doesNotContain("Connect Keeper Security");
        assertThat(viewer.get("/integrations/connect?vendor=keeper").status()).isEqualTo(403);
        String detail = viewer.get("/integrations/" + c.id()).body();
        assertThat(detail).doesNotContain("Regenerate API token").doesNotContain(">Disconnect<");
        assertThat(viewer.submit("/integrations/" + c.id(), "/integrations/" + c.id() + "/disconnect", Map.of())
                        .status())
                .isEqualTo(403);
        assertThat(c.vendor().get("/api/vendor-api/organization").status()).isEqualTo(200);
        // another organisation's integration page is not found
        var other = tenants.create();
        var stranger = new VendorBrowser(baseUrl(), other.admin().email(), TestTenants.PASSWORD);
        assertThat(stranger.get("/integrations/" + c.id()).status()).isEqualTo(404);
    }
}
