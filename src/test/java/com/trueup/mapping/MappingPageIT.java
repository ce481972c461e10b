package com.trueup.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.trueup.support.BrowserSession;
import com.trueup.support.IntegrationTest;
import com.trueup.support.TestTenants;
import com.trueup.support.TestTenants.TestUser;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The mapping page over HTTP without JavaScript: rendering, roles, the no-JS form fallback, tenant isolation. */
class MappingPageIT extends IntegrationTest {

    private static final Pattern BADGE = Pattern.compile("Mapping</span><span class=\"badge\"[^>]*>(\\d+)<");

    @Test
    void thePageShowsBothStepsStatesSuggestionsAndTheUnmappedBadge() {
        var s = MappingScenario.demo(tenants.create(), baseUrl());
        var admin = signIn(s.tenant.admin());

        var page = admin.get("/mapping");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("Keeper Security accounts")
                .contains("Acme Dental Group, LLC")
                .contains("Suggested:")
                .contains("Drop a PSA company here")
                .contains("4 unmapped")
                .containsPattern("/webjars/sortablejs/[0-9.]*/?Sortable.min.js")
                .contains("/js/mapping.js")
                .doesNotContain("<script>");
        assertThat(badge(page.body())).isEqualTo(4 + 1);

        var services = admin.get("/mapping?integration=" + s.integrationId + "&step=services");
        assertThat(services.body())
                .contains("Keeper Secure File Storage 100GB")
                .contains("KEEPER-SFS")
                .contains("Finish and sync")
                .contains("Search PSA products (name or product ID)");
        assertThat(admin.get("/").body()).contains("Map accounts and services");
    }

    @Test
    void formsWorkWithoutJavascriptAndUpdateTheBadge() {
        var s = MappingScenario.demo(tenants.create(), baseUrl());
        var admin = signIn(s.tenant.admin());
        String acme = rowId(admin.get("/mapping").body(), "kc-1001");
        String horizon = rowId(admin.get("/mapping").body(), "kc-1025");
        String base = "/mapping/" + s.integrationId + "/accounts/";

        var mapped = admin.submit(
                "/mapping",
                base + acme + "/map",
                Map.of(
                        "psaCompanyId",
                        s.companies().get("Acme Dental Group, LLC").toString()));
        assertThat(mapped.status()).isEqualTo(302);
        assertThat(mapped.header("Location")).contains("/mapping?integration=" + s.integrationId);
        assertThat(admin.get(local(mapped.header("Location"))).body()).contains("Account mapped.");
        var excluded = admin.submit("/mapping", base + horizon + "/exclude", Map.of());
        assertThat(excluded.status()).isEqualTo(302);

        assertThat(s.account("kc-1001").get("psaCompanyName").asString()).isEqualTo("Acme Dental Group, LLC");
        assertThat(s.account("kc-1025").get("status").asString()).isEqualTo("excluded");
        var page = admin.get(local(excluded.header("Location")));
        assertThat(page.body()).contains("Account excluded: it will not be billed.");
        assertThat(badge(page.body())).isEqualTo(2 + 1);

        var invalid = admin.submit(
                "/mapping",
                base + acme + "/map",
                Map.of("psaCompanyId", java.util.UUID.randomUUID().toString()));
        assertThat(invalid.status()).isEqualTo(302);
        assertThat(admin.get(local(invalid.header("Location"))).body()).contains("There is no PSA company");
        assertThat(s.account("kc-1001").get("psaCompanyName").asString()).isEqualTo("Acme Dental Group, LLC");

        var finished = admin.submit("/mapping", "/mapping/" + s.integrationId + "/finish", Map.of());
        assertThat(finished.status()).isEqualTo(302);
        assertThat(admin.get(local(finished.header("Location"))).body()).contains("Mapping finished");
        assertThat(admin.get("/").body()).containsPattern("class=\"done\"[\\s\\S]{0,400}Map accounts and services");
    }

    @Test
    void viewersSeeTheMappingButCannotChangeIt() {
        var s = MappingScenario.demo(tenants.create(), baseUrl());
        var viewer = signIn(s.tenant.viewer());

        var page = viewer.get("/mapping");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("Acme Dental Group")
                .contains("data-can-edit=\"false\"")
                .doesNotContain("Suggested:")
                .doesNotContain(">Exclude<")
                .doesNotContain("Finish and sync");
        String acme = rowId(page.body(), "kc-1001");
        var denied =
                viewer.submit("/mapping", "/mapping/" + s.integrationId + "/accounts/" + acme + "/exclude", Map.of());
        assertThat(denied.status()).isEqualTo(403);
        assertThat(s.account("kc-1001").get("status").asString()).isEqualTo("unmapped");
    }

    @Test
    void anotherOrganisationsMappingIsInvisibleAndUntouchableInTheUi() {
        var mine = MappingScenario.demo(tenants.create(), baseUrl());
        mine.pushAccount("kc-7777", "Zebra Unique Client");
        var theirs = MappingScenario.demo(tenants.create(), baseUrl());
        String myAcme = rowId(signIn(mine.tenant.admin()).get("/mapping").body(), "kc-1001");
        var intruder = signIn(theirs.tenant.admin());

        assertThat(intruder.get("/mapping").body())
                .doesNotContain("Zebra Unique Client")
                .doesNotContain(myAcme);
        assertThat(intruder.get("/mapping?integration=" + mine.integrationId).status())
                .isEqualTo(404);
        assertThat(intruder.get("/mapping/" + mine.integrationId + "/accounts/board")
                        .status())
                .isEqualTo(404);
        assertThat(intruder.get("/mapping/" + mine.integrationId + "/accounts/" + myAcme + "/picker")
                        .status())
                .isEqualTo(404);
        var post = intruder.submit(
                "/mapping", "/mapping/" + mine.integrationId + "/accounts/" + myAcme + "/exclude", Map.of());
        assertThat(post.status()).isIn(302, 404);
        var finish = intruder.submit("/mapping", "/mapping/" + mine.integrationId + "/finish", Map.of());
        assertThat(finish.status()).isIn(302, 404);
        var theirAcme = rowId(intruder.get("/mapping").body(), "kc-1001");
        var crossed = intruder.submit(
                "/mapping", "/mapping/" + theirs.integrationId + "/accounts/" + myAcme + "/exclude", Map.of());
        assertThat(crossed.status()).isIn(302, 404);

        assertThat(mine.account("kc-1001").get("status").asString()).isEqualTo("unmapped");
        assertThat(theirs.account("kc-1001").get("status").asString()).isEqualTo("unmapped");
        assertThat(theirAcme).isNotEqualTo(myAcme);
        assertThat(mine.api()
                        .get("/api/v1/audit-events?kind=mapping.finished")
                        .json()
                        .get("items"))
                .isEmpty();
    }

    @Test
    void theSyncIndicatorAndEmptyStates() {
        var t = tenants.create();
        var admin = signIn(t.admin());
        var empty = admin.get("/mapping");
        assertThat(empty.body()).contains("No vendor connected yet").contains("href=\"/integrations\"");

        var s = MappingScenario.keeper(t, baseUrl());
        var noPsa = admin.get("/mapping");
        assertThat(noPsa.body()).contains("No PSA is connected yet").contains("No accounts yet");
        var indicator = admin.get("/mapping/sync-indicator");
        assertThat(indicator.status()).isEqualTo(200);
        assertThat(indicator.body())
                .contains("id=\"sync-indicator\"")
                .contains("No sync running")
                .doesNotContain("<html");
        assertThat(admin.get("/mapping/sync-indicator?was=running").body())
                .contains("Sync complete")
                .contains("data-refresh");
        assertThat(s.integrationId).isNotNull();
    }

    private BrowserSession signIn(TestUser user) {
        var session = new BrowserSession(baseUrl());
        assertThat(session.login(user.email(), TestTenants.PASSWORD).header("Location"))
                .doesNotContain("error");
        return session;
    }

    /** TrueUp's id of the vendor account row whose search text holds {@code vendorId}. */
    private static String rowId(String html, String vendorId) {
        Matcher m = Pattern.compile("id=\"row-([0-9a-f\\-]{36})\"[^>]*?data-search=\"[^\"]*" + Pattern.quote(vendorId))
                .matcher(html);
        assertThat(m.find()).as("row of " + vendorId).isTrue();
        return m.group(1);
    }

    private static String local(String location) {
        return location.replaceFirst("^https?://[^/]+", "");
    }

    private static int badge(String html) {
        Matcher m = BADGE.matcher(html);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
