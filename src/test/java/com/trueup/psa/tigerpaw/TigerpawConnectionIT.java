package com.trueup.psa.tigerpaw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.trueup.psa.contract.StubServer.Role;
import com.trueup.support.BrowserSession;
import com.trueup.support.Http;
import com.trueup.support.IntegrationTest;
import com.trueup.support.TestTenants;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A Tigerpaw connection end to end against a stub that checks every request's signature: the form says everything
 * comes from files, connect, test (signed with the application clock's date), a wrong private key refused with the PSA's
 * words, and a sync that reads nothing from the API.
 */
class TigerpawConnectionIT extends IntegrationTest {

    private TigerpawStub tigerpaw;

    @AfterEach
    void stopStub() {
        if (tigerpaw != null) {
            tigerpaw.close();
        }
    }

    @Test
    void aTigerpawConnectionIsSignedTestedAndSyncedFromFilesOnly() {
        clock.set(Instant.parse("2026-08-05T12:00:00Z"));
        tigerpaw = new TigerpawStub(clock);
        TestTenants.TestTenant t = tenants.create("UTC");
        Http api = t.api();
        var admin = new BrowserSession(baseUrl());
        admin.login(t.admin().email(), TestTenants.PASSWORD);
        assertThat(admin.get("/psa/new?type=tigerpaw").body())
                .contains("name=\"cred.publicKey\"")
                .contains("name=\"cred.privateKey\"")
                .contains("Reads nothing from the PSA's API: everything comes from files you import.")
                .doesNotContain("Takes no effective date");

        var wrong = api.post(
                "/api/v1/psa-connections/test",
                Map.of(
                        "type",
                        "tigerpaw",
                        "baseUrl",
                        tigerpaw.server().orElseThrow().url(),
                        "credentials",
                        Map.of("publicKey", TigerpawStub.PUBLIC_KEY, "privateKey", "not-the-key")));
        assertThat(wrong.json().get("ok").asBoolean()).as(wrong.body()).isFalse();
        assertThat(wrong.json().get("message").asString())
                .contains("Authorization has been denied")
                .doesNotContain("not-the-key");

        var created = api.post(
                "/api/v1/psa-connections",
                Map.of(
                        "type",
                        "tigerpaw",
                        "name",
                        "Tigerpaw",
                        "baseUrl",
                        tigerpaw.server().orElseThrow().url(),
                        "credentials",
                        Map.of("publicKey", TigerpawStub.PUBLIC_KEY, "privateKey", TigerpawStub.PRIVATE_KEY)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String connectionId = created.json().get("id").asString();
        var test = api.post("/api/v1/psa-connections/" + connectionId + "/test", null);
        assertThat(test.json().get("ok").asBoolean()).as(test.body()).isTrue();
        assertThat(tigerpaw.server().orElseThrow().calls(Role.READ)).last().satisfies(call -> {
            assertThat(call.header("X-TSI-Date")).isEqualTo("Wed, 05 Aug 2026 12:00:00 GMT");
            assertThat(TigerpawStub.signedCorrectly(call)).isTrue();
        });

        String runId = api.post("/api/v1/psa-connections/" + connectionId + "/sync", null)
                .json()
                .get("syncRunId")
                .asString();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> !List.of("queued", "running")
                        .contains(api.get("/api/v1/sync-runs/" + runId)
                                .json()
                                .get("status")
                                .asString()));
        JsonNode run = api.get("/api/v1/sync-runs/" + runId).json();
        assertThat(run.get("status").asString()).as(run.toString()).isEqualTo("succeeded");
        assertThat(run.get("counts").get("companies").asInt()).isZero();
        assertThat(run.get("counts").get("lines").asInt()).isZero();
    }
}
