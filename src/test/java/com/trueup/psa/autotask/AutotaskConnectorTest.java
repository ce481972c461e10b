package com.trueup.psa.autotask;

import static org.assertj.core.api.Assertions.assertThat;

import com.trueup.psa.PsaConnectorContract;
import com.trueup.psa.connector.ConnectorContext;
import com.trueup.psa.connector.ConnectorSettings;
import com.trueup.psa.connector.PsaConnector;
import com.trueup.psa.connector.http.HttpKit;
import com.trueup.psa.contract.FakePsa;
import com.trueup.psa.contract.StubServer.Role;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The connector contract against a stub speaking Datto Autotask's REST API v1.0, plus Autotask's own rules. */
class AutotaskConnectorTest extends PsaConnectorContract {

    private AutotaskStub autotask;

    @Override
    protected FakePsa newFakePsa(Clock clock) {
        autotask = new AutotaskStub(clock);
        return autotask;
    }

    @Override
    protected PsaConnector newConnector(HttpKit kit) {
        return new AutotaskConnector(kit, new AutotaskSettings(autotask.zoneDiscoveryUrl()));
    }

    @Override
    protected Map<String, String> overridingBillableSettings() {
        return Map.of("billableContractTypes", "7,1");
    }

    @Override
    protected Set<String> contractsBillableUnderOverride() {
        return Set.of("k1", "k2", "k3", "k4");
    }

    @Override
    protected int fullSyncRequests() {
        return 7;
    }

    @Test
    void aChangeIsSentAsTheWholeNumberDifferenceFromTheUnitsInForceOnTheEffectiveDate() {
        set("l1", "12");

        assertThat(autotask.stub().calls(Role.WRITE_QUANTITY))
                .singleElement()
                .satisfies(call -> assertThat(call.body())
                        .isEqualTo("{\"contractID\":" + psa.id("k1") + ",\"contractServiceID\":" + psa.id("l1")
                                + ",\"serviceID\":"
                                + psa.id("p1")
                                + ",\"effectiveDate\":\"2024-06-01\",\"unitChange\":2,\"adjustedUnitPrice\":3.5,"
                                + "\"adjustedUnitCost\":2}"));
    }

    @Test
    void withoutABaseUrlTheApiUsersZoneIsDiscoveredOnceAndWithoutTheSecret() {
        ConnectorContext noBase = new ConnectorContext(
                UUID.randomUUID(),
                UUID.randomUUID(),
                null,
                Map.of("username", AutotaskStub.USER, "secret", "s3cr3t", "integrationCode", "TRUEUPINTEGRATIONCODE"),
                ConnectorSettings.of(AutotaskConnector.DESCRIPTOR.settings(), Map.of()),
                CLOCK);

        assertThat(connector.open(noBase).testConnection()).startsWith("Connected to Autotask");
        connector.open(noBase).testConnection();

        var discoveries = autotask.stub().calls().stream()
                .filter(c -> c.path().endsWith("zoneInformation"))
                .toList();
        assertThat(discoveries).singleElement().satisfies(c -> {
            assertThat(c.query("user")).isEqualTo(AutotaskStub.USER);
            assertThat(c.header("Secret")).isNull();
        });
    }

    @Test
    void servicesAreIdentifiedByNameOrBySku() {
        RecordingSink bySku = new RecordingSink();
        client(Map.of("serviceIdentifier", "sku")).readSnapshot(bySku);

        assertThat(bySku.products)
                .extracting(p -> p.identifier())
                .containsExactlyInAnyOrder("KEEPER-BIZ", "KEEPER-BW", "KEEPER-SFS");
    }
}
