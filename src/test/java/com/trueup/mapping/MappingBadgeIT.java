package com.trueup.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.trueup.support.BrowserSession;
import com.trueup.support.IntegrationTest;
import com.trueup.support.TestTenants;
import com.trueup.support.TestTenants.TestTenant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The "Mapping" navigation badge counts exactly what the mapping boards (and the integrations' unmapped figures) show
 * as unmapped, through the states an organisation goes through.
 */
class MappingBadgeIT extends IntegrationTest {

    private static final Pattern BADGE = Pattern.compile("Mapping</span><span class=\"badge\"[^>]*>(\\d+)<");

    @Test
    void theBadgeCountsWhatTheBoardsShowAsUnmapped() {
        TestTenant t = tenants.create();
        BrowserSession ui = signIn(t);
        var keeper = MappingScenario.keeper(t, baseUrl());
        keeper.pushKeeperAccounts(MappingScenario.KEEPER_COMPANIES.size());
        MappingScenario.KEEPER_SKUS.forEach(keeper::createService);
        assertUnmapped(t, ui, 25 + 6);

        // The PSA's first sync auto-maps the exact names: 21 accounts, 5 services.
        keeper.connectSandboxPsa();
        keeper.awaitAccountStatus("kc-1002", "mapped");
        keeper.awaitServiceStatus("Keeper Business", "mapped");
        assertUnmapped(t, ui, 4 + 1);

        // A second vendor: one of its two accounts and one of its two services match exactly.
        var backup = MappingScenario.integration(t, baseUrl(), "custom", "Acme Backup");
        backup.connectionId = keeper.connectionId;
        backup.pushAccounts(List.of(
                Map.of("id", "b-1", "name", "Blue Ridge Logistics", "description", "backed up"),
                Map.of("id", "b-2", "name", "Unknown Client", "description", "backed up")));
        backup.createService("Managed Backup");
        backup.createService("Cloud Archive");
        backup.awaitAccountStatus("b-1", "mapped");
        backup.awaitServiceStatus("Managed Backup", "mapped");
        assertUnmapped(t, ui, 5 + 2);

        var excluded = keeper.api().put(keeper.path("/accounts/kc-1025"), Map.of("excluded", true));
        assertThat(excluded.status()).as(excluded.body()).isEqualTo(200);
        assertUnmapped(t, ui, 7 - 1);

        // The PSA company both vendors' "Blue Ridge Logistics" map to is no longer billable: both mappings lapse.
        String sandbox = "/psa/sandbox/" + keeper.connectionId;
        String blueRidge = sandboxCompanyId(keeper, "Blue Ridge Logistics");
        var inactive = ui.submit(sandbox, sandbox + "/companies/" + blueRidge, Map.of("status", "inactive"));
        assertThat(inactive.status()).isEqualTo(302);
        keeper.sync();
        assertThat(keeper.account("kc-1002").get("stale").asBoolean()).isTrue();
        assertThat(backup.account("b-1").get("stale").asBoolean()).isTrue();
        assertUnmapped(t, ui, 6 + 2);

        // Disconnecting the second vendor takes its three unmapped items (and its mappings) out.
        assertThat(t.api()
                        .delete("/api/v1/integrations/" + backup.integrationId)
                        .status())
                .isEqualTo(204);
        assertUnmapped(t, ui, 8 - 3);

        // Another organisation sees none of it.
        TestTenant other = tenants.create();
        assertUnmapped(other, signIn(other), 0);
    }

    /** The badge, the mapping boards (API) and the integrations' unmapped counts all give {@code expected}. */
    private static void assertUnmapped(TestTenant t, BrowserSession ui, long expected) {
        long boards = 0;
        long integrations = 0;
        for (JsonNode integration : t.api().get("/api/v1/integrations").json().get("items")) {
            if ("disconnected".equals(integration.get("status").asString())) {
                continue;
            }
            String mappings = "/api/v1/integrations/" + integration.get("id").asString() + "/mappings";
            boards += t.api()
                    .get(mappings + "/accounts")
                    .json()
                    .get("counts")
                    .get("unmapped")
                    .asLong();
            boards += t.api()
                    .get(mappings + "/services")
                    .json()
                    .get("counts")
                    .get("unmapped")
                    .asLong();
            integrations += integration.get("unmappedAccounts").asLong()
                    + integration.get("unmappedServices").asLong();
        }
        assertThat(boards).as("unmapped on the mapping boards").isEqualTo(expected);
        assertThat(integrations).as("unmapped in the integrations' figures").isEqualTo(expected);
        assertThat(badge(ui.get("/").body())).as("the navigation badge").isEqualTo(expected);
        assertThat(badge(ui.get("/mapping").body()))
                .as("the navigation badge on the mapping page")
                .isEqualTo(expected);
    }

    private static String sandboxCompanyId(MappingScenario s, String name) {
        for (JsonNode company : s.api()
                .get("/api/v1/psa-connections/" + s.connectionId + "/sandbox/companies")
                .json()
                .get("items")) {
            if (name.equals(company.get("name").asString())) {
                return company.get("id").asString();
            }
        }
        throw new AssertionError("no sandbox company " + name);
    }

    private BrowserSession signIn(TestTenant t) {
        var session = new BrowserSession(baseUrl());
        assertThat(session.login(t.admin().email(), TestTenants.PASSWORD).header("Location"))
                .doesNotContain("error");
        return session;
    }

    private static long badge(String html) {
        Matcher m = BADGE.matcher(html);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
