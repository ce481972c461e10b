package com.trueup.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import com.trueup.support.Http;
import com.trueup.support.IntegrationTest;
import com.trueup.support.TestTenants;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * One organisation cannot learn whether an e-mail address is registered in another: adding a user answers the same
 * whether the address exists elsewhere or nowhere, and the person then has an account in each organisation, each
 * with its own password, which decides where they sign in.
 */
class UserEnumerationIT extends IntegrationTest {

    private static Map<String, Object> newUser(String email, String password) {
        return Map.of("email", email, "role", "VIEWER", "password", password);
    }

    @Test
    void addingAnAddressRegisteredInAnotherOrganisationAnswersLikeAnUnknownOne() {
        TestTenants.TestTenant first = tenants.create();
        TestTenants.TestTenant second = tenants.create();
        String shared = "alice-" + UUID.randomUUID() + "@consultants.test";
        String unknown = "bob-" + UUID.randomUUID() + "@consultants.test";
        Http.Response inFirst = first.api().post("/api/v1/users", newUser(shared, "first-org-password"));
        assertThat(inFirst.status()).as(inFirst.toString()).isEqualTo(201);

        Http.Response existingElsewhere = second.api().post("/api/v1/users", newUser(shared, "second-org-password"));
        Http.Response existingNowhere = second.api().post("/api/v1/users", newUser(unknown, "second-org-password"));
        assertThat(existingElsewhere.status()).as(existingElsewhere.toString()).isEqualTo(201);
        assertThat(existingNowhere.status()).isEqualTo(201);
        assertThat(fieldNames(existingElsewhere.json())).isEqualTo(fieldNames(existingNowhere.json()));
        assertThat(existingElsewhere.json().get("email").asString()).isEqualTo(shared);
        assertThat(existingElsewhere.json().get("enabled").asBoolean()).isTrue();
        assertThat(existingElsewhere.header("Location")).startsWith("/api/v1/users/");

        // a second time in the same organisation is a conflict about this organisation only
        Http.Response again = second.api().post("/api/v1/users", newUser(shared, "another-password"));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("detail").asString()).contains("already a user of your organisation");

        // each organisation sees its own account only
        assertThat(first.api().get("/api/v1/users").body()).contains(shared).doesNotContain(unknown);
        assertThat(second.api().get("/api/v1/users").body()).contains(shared).contains(unknown);

        // the password decides which account signs in
        Http asFirst = new Http(baseUrl()).basic(shared, "first-org-password");
        Http asSecond = new Http(baseUrl()).basic(shared, "second-org-password");
        assertThat(asFirst.get("/api/v1/me")
                        .json()
                        .get("organisation")
                        .get("id")
                        .asString())
                .isEqualTo(first.id().toString());
        assertThat(asSecond.get("/api/v1/me")
                        .json()
                        .get("organisation")
                        .get("id")
                        .asString())
                .isEqualTo(second.id().toString());
        assertThat(new Http(baseUrl())
                        .basic(shared, "wrong-password-here")
                        .get("/api/v1/me")
                        .status())
                .isEqualTo(401);

        // disabling the account in one organisation leaves the other one working
        UUID secondAccount = UUID.fromString(existingElsewhere.json().get("id").asString());
        assertThat(second.api().delete("/api/v1/users/" + secondAccount).status())
                .isEqualTo(204);
        assertThat(asSecond.get("/api/v1/me").status()).isEqualTo(401);
        assertThat(asFirst.get("/api/v1/me").status()).isEqualTo(200);
    }

    private static Set<String> fieldNames(JsonNode json) {
        return new java.util.TreeSet<>(json.propertyNames());
    }
}
