package com.trueup.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import com.trueup.support.Http;
import com.trueup.support.IntegrationTest;
import com.trueup.support.TestTenants;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TenantApiIT extends IntegrationTest {

    @Test
    void meDescribesTheUserAndOrganisation() {
        var t = tenants.create("Europe/Berlin");
        var me = t.as(t.approver()).get("/api/v1/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("email").asString()).isEqualTo(t.approver().email());
        assertThat(me.json().get("role").asString()).isEqualTo("APPROVER");
        assertThat(me.json().get("organisation").get("timeZone").asString()).isEqualTo("Europe/Berlin");
    }

    @Test
    void basicAuthWorksAndWrongPasswordIsProblemJson() {
        var t = tenants.create();
        assertThat(http().basic(t.admin().email(), TestTenants.PASSWORD)
                        .get("/api/v1/me")
                        .status())
                .isEqualTo(200);
        var wrong = http().basic(t.admin().email(), "not-the-password").get("/api/v1/me");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.header("Content-Type")).startsWith("application/problem+json");
        assertThat(http().get("/api/v1/me").status()).isEqualTo(401);
        assertThat(http().bearer("tu_pat_made-up").get("/api/v1/me").status()).isEqualTo(401);
    }

    @Test
    void adminsManageUsersAndOthersCannot() {
        var t = tenants.create();
        var created = t.api()
                .post(
                        "/api/v1/users",
                        Map.of("email", "New.Person@MSP.test", "role", "VIEWER", "password", "long-enough-pw"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("email").asString()).isEqualTo("new.person@msp.test");
        String id = created.json().get("id").asString();

        var promoted = t.api().patch("/api/v1/users/" + id, Map.of("role", "APPROVER"));
        assertThat(promoted.json().get("role").asString()).isEqualTo("APPROVER");
        assertThat(t.api().delete("/api/v1/users/" + id).status()).isEqualTo(204);
        assertThat(t.api().get("/api/v1/users/" + id).json().get("enabled").asBoolean())
                .isFalse();
        assertThat(http().basic("new.person@msp.test", "long-enough-pw")
                        .get("/api/v1/me")
                        .status())
                .isEqualTo(401);

        for (var user : new TestTenants.TestUser[] {t.approver(), t.viewer()}) {
            var api = t.as(user);
            assertThat(api.post(
                                    "/api/v1/users",
                                    Map.of("email", "x@y.test", "role", "ADMIN", "password", "long-enough-pw"))
                            .status())
                    .isEqualTo(403);
            assertThat(api.patch("/api/v1/users/" + id, Map.of("role", "ADMIN")).status())
                    .isEqualTo(403);
            assertThat(api.delete("/api/v1/users/" + id).status()).isEqualTo(403);
            assertThat(api.patch("/api/v1/organisation", Map.of("name", "Hijacked"))
                            .status())
                    .isEqualTo(403);
        }
        assertThat(t.api().get("/api/v1/organisation").json().get("name").asString())
                .isEqualTo(t.name());
    }

    @Test
    void lastAdminCannotBeRemoved() {
        var t = tenants.create();
        var response = t.api().patch("/api/v1/users/" + t.admin().id(), Map.of("role", "VIEWER"));
        assertThat(response.status()).isEqualTo(409);
        assertThat(response.json().get("detail").asString()).contains("at least one enabled admin");
    }

    @Test
    void anotherOrganisationsUsersAreNotFound() {
        var mine = tenants.create();
        var theirs = tenants.create();
        String theirUser = theirs.viewer().id().toString();
        assertThat(mine.api().get("/api/v1/users/" + theirUser).status()).isEqualTo(404);
        assertThat(mine.api()
                        .patch("/api/v1/users/" + theirUser, Map.of("role", "ADMIN"))
                        .status())
                .isEqualTo(404);
        assertThat(mine.api().delete("/api/v1/users/" + theirUser).status()).isEqualTo(404);
        assertThat(mine.api().get("/api/v1/users").body())
                .doesNotContain(theirs.viewer().email());
        assertThat(mine.api().get("/api/v1/audit-events").body())
                .doesNotContain(theirs.admin().email());
        var theirTokens = theirs.api().get("/api/v1/api-tokens").json().get("items");
        String theirTokenId = theirTokens.get(0).get("id").asString();
        assertThat(mine.api().delete("/api/v1/api-tokens/" + theirTokenId).status())
                .isEqualTo(404);
        assertThat(theirs.api().get("/api/v1/me").status()).isEqualTo(200);
        assertThat(theirs.as(theirs.viewer()).get("/api/v1/users/" + theirUser).status())
                .isEqualTo(200);
    }

    @Test
    void apiTokensWorkUntilRevokedAndAreShownOnce() {
        var t = tenants.create();
        var issued = t.as(t.viewer()).post("/api/v1/api-tokens", Map.of("name", "script"));
        assertThat(issued.status()).isEqualTo(201);
        String token = issued.json().get("token").asString();
        String id = issued.json().get("id").asString();
        assertThat(token).startsWith("tu_pat_");
        Http script = new Http(baseUrl()).bearer(token);
        assertThat(script.get("/api/v1/me").json().get("email").asString())
                .isEqualTo(t.viewer().email());
        assertThat(t.as(t.viewer()).get("/api/v1/api-tokens").body()).doesNotContain(token);

        assertThat(script.delete("/api/v1/api-tokens/" + id).status()).isEqualTo(204);
        assertThat(script.get("/api/v1/me").status()).isEqualTo(401);
        assertThat(t.as(t.viewer()).get("/api/v1/audit-events?kind=api-token").body())
                .contains("api-token.created")
                .contains("api-token.revoked");
    }

    @Test
    void auditLogRecordsUserChangesAndFilters() {
        var t = tenants.create();
        t.api()
                .post(
                        "/api/v1/users",
                        Map.of("email", "audited@msp.test", "role", "VIEWER", "password", "long-enough-pw"));
        var events = t.api()
                .get("/api/v1/audit-events?kind=user.created&actor=" + t.admin().email())
                .json()
                .get("items");
        assertThat(events).hasSize(1);
        assertThat(events.get(0).get("subject").asString()).isEqualTo("audited@msp.test");
        assertThat(events.get(0).get("actor").asString()).isEqualTo(t.admin().email());
        assertThat(t.api()
                        .get("/api/v1/audit-events?kind=user.created&from=2000-01-01&to=2000-01-02")
                        .json()
                        .get("items"))
                .isEmpty();
    }

    @Test
    void ownPasswordChange() {
        var t = tenants.create();
        var api = t.as(t.viewer());
        assertThat(api.post(
                                "/api/v1/me/password",
                                Map.of("currentPassword", "wrong-password", "newPassword", "another-long-pw"))
                        .json()
                        .get("field")
                        .asString())
                .isEqualTo("currentPassword");
        assertThat(api.post(
                                "/api/v1/me/password",
                                Map.of("currentPassword", TestTenants.PASSWORD, "newPassword", "short"))
                        .json()
                        .get("field")
                        .asString())
                .isEqualTo("newPassword");
        assertThat(api.post(
                                "/api/v1/me/password",
                                Map.of("currentPassword", TestTenants.PASSWORD, "newPassword", "another-long-pw"))
                        .status())
                .isEqualTo(204);
        assertThat(http().basic(t.viewer().email(), "another-long-pw")
                        .get("/api/v1/me")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void badInputIsAClearClientError() {
        var t = tenants.create();
        var api = t.api();
        assertBadRequest(
                api.post(
                        "/api/v1/users",
                        Map.of("email", "not-an-email", "role", "VIEWER", "password", "long-enough-pw")),
                "email");
        assertBadRequest(
                api.post("/api/v1/users", Map.of("email", "a@b.test", "role", "KING", "password", "long-enough-pw")),
                "role");
        assertBadRequest(
                api.post("/api/v1/users", Map.of("email", "a@b.test", "role", "VIEWER", "password", "short")),
                "password");
        assertBadRequest(api.post("/api/v1/users", Map.of("email", "a@b.test", "password", "long-enough-pw")), "role");
        assertBadRequest(api.send("POST", "/api/v1/users", "{\"email\": ", "application/json"), null);
        assertBadRequest(api.patch("/api/v1/organisation", Map.of("timeZone", "Mars/Olympus")), "timeZone");
        assertBadRequest(api.patch("/api/v1/organisation", Map.of("currency", "XYZW")), "currency");
        assertBadRequest(api.patch("/api/v1/organisation", Map.of("name", " ")), "name");
        assertBadRequest(api.patch("/api/v1/users/not-a-uuid", Map.of("role", "VIEWER")), "id");
        assertBadRequest(api.get("/api/v1/audit-events?from=yesterday"), "from");
        assertBadRequest(api.get("/api/v1/audit-events?size=100000"), "size");
        assertBadRequest(api.post("/api/v1/api-tokens", Map.of("name", "")), "name");
        assertThat(api.post(
                                "/api/v1/users",
                                Map.of("email", t.viewer().email(), "role", "VIEWER", "password", "long-enough-pw"))
                        .status())
                .isEqualTo(409);
        assertThat(api.get("/api/v1/users/" + java.util.UUID.randomUUID()).status())
                .isEqualTo(404);
    }

    private static void assertBadRequest(Http.Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).isNotBlank();
        if (field != null) {
            assertThat(response.json().get("field").asString()).isEqualTo(field);
        }
    }
}
