package com.trueup.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import com.trueup.support.BrowserSession;
import com.trueup.support.IntegrationTest;
import com.trueup.support.TestTenants;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebUiIT extends IntegrationTest {

    @Test
    void loginPageIsServedAndPagesNeedSignIn() {
        var session = new BrowserSession(baseUrl());
        assertThat(session.get("/login").status()).isEqualTo(200);
        assertThat(session.get("/login").body()).contains("Sign in");
        var home = session.get("/");
        assertThat(home.status()).isEqualTo(302);
        assertThat(home.header("Location")).endsWith("/login");
    }

    @Test
    void bootstrapAdminSignsInAndEveryShellPageRenders() {
        var session = new BrowserSession(baseUrl());
        var login = session.login("bootstrap-admin@trueup.test", "bootstrap-password-1");
        assertThat(login.header("Location")).doesNotContain("error");
        for (String page :
                new String[] {"/", "/integrations", "/psa", "/mapping", "/reconcile", "/insights", "/audit", "/settings"
                }) {
            var response = session.get(page);
            assertThat(response.status()).as(page).isEqualTo(200);
            assertThat(response.body())
                    .as(page)
                    .contains("bootstrap-admin@trueup.test")
                    .contains("Sign out");
        }
    }

    @Test
    void wrongPasswordIsRefusedAndAudited() {
        var t = tenants.create();
        var session = new BrowserSession(baseUrl());
        assertThat(session.login(t.viewer().email(), "wrong-password-x").header("Location"))
                .contains("/login?error");
        session.login(t.viewer().email(), TestTenants.PASSWORD);
        var audit = t.api().get("/api/v1/audit-events?kind=login").body();
        assertThat(audit).contains("login.failed").contains("login.succeeded");
    }

    @Test
    void formsNeedCsrfAndAdminRole() {
        var t = tenants.create();
        var admin = new BrowserSession(baseUrl());
        admin.login(t.admin().email(), TestTenants.PASSWORD);
        var noCsrf = admin.postForm(
                "/settings/users", Map.of("email", "nocsrf@msp.test", "role", "VIEWER", "password", "long-enough-pw"));
        assertThat(noCsrf.status()).isEqualTo(403);

        var added = admin.submit(
                "/settings",
                "/settings/users",
                Map.of("email", "formuser@msp.test", "role", "VIEWER", "password", "long-enough-pw"));
        assertThat(added.status()).isEqualTo(302);
        assertThat(t.api().get("/api/v1/users").body())
                .contains("formuser@msp.test")
                .doesNotContain("nocsrf@msp.test");

        var viewer = new BrowserSession(baseUrl());
        viewer.login(t.viewer().email(), TestTenants.PASSWORD);
        var denied = viewer.submit(
                "/settings",
                "/settings/users",
                Map.of("email", "sneaky@msp.test", "role", "ADMIN", "password", "long-enough-pw"));
        assertThat(denied.status()).isEqualTo(403);
        assertThat(viewer.get("/settings").body()).doesNotContain("Add a user");
        assertThat(t.api().get("/api/v1/users").body()).doesNotContain("sneaky@msp.test");
    }

    @Test
    void anotherOrganisationsUserCannotBeChangedThroughTheUi() {
        var mine = tenants.create();
        var theirs = tenants.create();
        var admin = new BrowserSession(baseUrl());
        admin.login(mine.admin().email(), TestTenants.PASSWORD);
        var response = admin.submit(
                "/settings", "/settings/users/" + theirs.approver().id(), Map.of("role", "VIEWER", "enabled", "false"));
        assertThat(response.status()).isIn(302, 404);
        var theirUser =
                theirs.api().get("/api/v1/users/" + theirs.approver().id()).json();
        assertThat(theirUser.get("role").asString()).isEqualTo("APPROVER");
        assertThat(theirUser.get("enabled").asBoolean()).isTrue();
        assertThat(admin.get("/settings").body())
                .doesNotContain(theirs.approver().email());
        assertThat(admin.get("/audit").body()).doesNotContain(theirs.admin().email());
    }

    @Test
    void signUpIsOffByDefault() {
        var session = new BrowserSession(baseUrl());
        assertThat(session.get("/signup").status()).isEqualTo(404);
        assertThat(session.get("/login").body()).doesNotContain("Create an organisation");
    }

    @Test
    void operationsEndpoints() {
        assertThat(http().get("/actuator/health").body()).contains("UP");
        assertThat(http().get("/actuator/prometheus").status()).isEqualTo(401);
        assertThat(http().basic("bootstrap-admin@trueup.test", "bootstrap-password-1")
                        .get("/actuator/prometheus")
                        .body())
                .contains("jvm_memory_used_bytes");
        assertThat(http().get("/v3/api-docs").body()).contains("/api/v1/users").contains("/api/v1/audit-events");
    }
}
