package com.trueup.psa;

import com.trueup.support.Http;
import com.trueup.support.IntegrationTest;
import com.trueup.support.TestTenants.TestTenant;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/** Integration tests of the PSA module: the whole app plus the scriptable stub connector. */
@Import(TestPsaConnectors.class)
abstract class PsaIntegrationTest extends IntegrationTest {

    static UUID createConnection(TestTenant t, Map<String, Object> body) {
        Http.Response created = t.api().post("/api/v1/psa-connections", body);
        if (created.status() != 201) {
            throw new AssertionError("could not create connection: " + created);
        }
        return UUID.fromString(created.json().get("id").asString());
    }

    static UUID createSandbox(TestTenant t) {
        return createConnection(t, Map.of("type", "sandbox", "name", "Sandbox"));
    }

    /** Requests a sync and waits until it is finished; returns the run. */
    static JsonNode syncAndWait(TestTenant t, UUID connectionId) {
        Http.Response accepted = t.api().post("/api/v1/psa-connections/" + connectionId + "/sync", null);
        if (accepted.status() != 202) {
            throw new AssertionError("sync not accepted: " + accepted);
        }
        return waitForRun(t, accepted.json().get("syncRunId").asString());
    }

    static JsonNode waitForRun(TestTenant t, String runId) {
        return Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> t.api().get("/api/v1/sync-runs/" + runId).json(),
                        run -> run.get("status").asString().equals("succeeded")
                                || run.get("status").asString().equals("failed"));
    }
}
