package com.trueup.psa.syncro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.trueup.psa.PsaConnectorContract;
import com.trueup.psa.connector.ConnectorException;
import com.trueup.psa.connector.PsaConnector;
import com.trueup.psa.connector.RemoteContract;
import com.trueup.psa.connector.RemoteLine;
import com.trueup.psa.connector.http.HttpKit;
import com.trueup.psa.contract.FakePsa;
import com.trueup.psa.contract.StubServer;
import com.trueup.psa.contract.StubServer.Role;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The connector contract against a stub speaking Syncro's REST API v1, plus Syncro's own rules. */
class SyncroConnectorTest extends PsaConnectorContract {

    private SyncroStub syncro;

    @Override
    protected FakePsa newFakePsa(Clock clock) {
        syncro = new SyncroStub(clock);
        return syncro;
    }

    @Override
    protected PsaConnector newConnector(HttpKit kit) {
        return new SyncroConnector(kit);
    }

    /** Syncro has no contract settings: what bills is what is not paused. */
    @Override
    protected Map<String, String> overridingBillableSettings() {
        return Map.of();
    }

    @Override
    protected Set<String> contractsBillableUnderOverride() {
        return Set.of("k1", "k2", "k3");
    }

    @Override
    protected int fullSyncRequests() {
        return 13;
    }

    private StubServer server() {
        return syncro.server().orElseThrow();
    }

    @Test
    void aQuantityChangeSendsTheWholeLineWithTheQuantityAsANumber() {
        set("l1", "12");

        assertThat(server().calls(Role.WRITE_QUANTITY)).singleElement().satisfies(call -> {
            assertThat(call.path())
                    .isEqualTo(SyncroStub.API + "/schedules/" + psa.id("k1") + "/line_items/" + psa.id("l1"));
            assertThat(call.body())
                    .isEqualTo("{\"product_id\":" + psa.id("p1") + ",\"position\":1,\"retail_cents\":350,"
                            + "\"cost_cents\":200,\"name\":\"Keeper Business\",\"description\":\"Keeper Business\",\"taxable\":false,"
                            + "\"one_time_charge\":false,\"quantity\":12}");
        });
    }

    @Test
    void linesSyncroCountsItselfAreReadOnlyAndNeverWritten() {
        syncro.counted.put("l5", 4);
        RecordingSink sink = new RecordingSink();
        client().readSnapshot(sink);

        RemoteLine counted = sink.lines.stream()
                .filter(l -> l.externalId().equals(psa.id("l5")))
                .findFirst()
                .orElseThrow();
        assertThat(counted.readOnlyReason()).isEqualTo("Syncro counts this line's quantity from the customer's assets");
        ConnectorException refused = catchThrowableOfType(ConnectorException.class, () -> set("l5", "9"));
        assertThat(refused.kind()).isEqualTo(ConnectorException.Kind.PERMANENT);
        assertThat(server().calls(Role.WRITE_QUANTITY)).isEmpty();
    }

    @Test
    void schedulesCarryTheirNextRunAndPausedOnesDoNotBill() {
        RecordingSink sink = new RecordingSink();
        client().readSnapshot(sink);

        assertThat(sink.contracts)
                .filteredOn(RemoteContract::billable)
                .extracting(RemoteContract::nextInvoiceDate)
                .containsOnly(LocalDate.of(2024, 6, 1));
    }

    @Test
    void aScheduleListWithoutLinesIsReadOneScheduleAtATime() {
        syncro.linesInList = false;
        RecordingSink sink = new RecordingSink();

        client().readSnapshot(sink);

        assertThat(sink.lines)
                .extracting(RemoteLine::externalId)
                .containsExactlyInAnyOrder(
                        psa.id("l1"), psa.id("l2"), psa.id("l3"), psa.id("l5"), psa.id("l6"), psa.id("l7"));
        assertThat(server().calls())
                .filteredOn(c -> c.path().matches(SyncroStub.API + "/schedules/\\d+"))
                .hasSize(5);
    }

    @Test
    void a429WithoutRetryAfterAndAPlainTextBodyIsRetriedAfterABackoff() {
        server().next(
                        Role.READ_LINE,
                        new StubServer.Fault.Instead(
                                new StubServer.Answer(429, "Retry later", Map.of("Content-Type", "text/plain"))));

        assertThat(client().readQuantity(line("l1"), TODAY)).isPresent();
        assertThat(sleeper.waits).containsExactly(httpSettings().initialBackoff());
    }

    @Test
    void errorsInEveryShapeSyncroUsesSurfaceItsMessage() {
        for (String body : new String[] {
            "{\"error\":[\"Name can't be blank\"]}",
            "{\"errors\":\"Name can't be blank\"}",
            "{\"errors\":{\"name\":[\"can't be blank\"]}}",
            "{\"success\":false,\"message\":[\"Name can't be blank\"]}"
        }) {
            server().next(Role.WRITE_QUANTITY, new StubServer.Fault.Instead(StubServer.Answer.json(422, body)));
            ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> set("l1", "12"));
            assertThat(e.kind()).isEqualTo(ConnectorException.Kind.PERMANENT);
            assertThat(e.getMessage()).containsAnyOf("Name can't be blank", "name: can't be blank");
        }
    }

    @Test
    void testConnectionSaysWhichAccountItReachedAndNeverTheUserToken() {
        String message = client().testConnection();

        assertThat(message).isEqualTo("Connected to Syncro account acme as Billing Bot (5 customers)");
        assertThat(message).doesNotContain("secret-user-token");
    }

    @Test
    void theSubdomainAddressOrApiUrlAllLeadToTheApi() {
        assertThat(SyncroConnector.apiRoot("https://acme")).isEqualTo("https://acme.syncromsp.com/api/v1");
        assertThat(SyncroConnector.apiRoot("https://acme.syncromsp.com"))
                .isEqualTo("https://acme.syncromsp.com/api/v1");
        assertThat(SyncroConnector.apiRoot("https://acme.syncromsp.com/api/v1/"))
                .isEqualTo("https://acme.syncromsp.com/api/v1");
        assertThat(SyncroConnector.apiRoot("acme.syncromsp.com")).isEqualTo("https://acme.syncromsp.com/api/v1");
        assertThat(SyncroConnector.apiRoot("http://127.0.0.1:8089/api/v1")).isEqualTo("http://127.0.0.1:8089/api/v1");
        assertThat(SyncroConnector.apiRoot("https://syncro-proxy.acme.test"))
                .isEqualTo("https://syncro-proxy.acme.test");
    }
}
