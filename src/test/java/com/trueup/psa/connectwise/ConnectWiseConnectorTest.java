package com.trueup.psa.connectwise;

import static org.assertj.core.api.Assertions.assertThat;

import com.trueup.psa.PsaConnectorContract;
import com.trueup.psa.connector.ConnectorContext;
import com.trueup.psa.connector.ConnectorSettings;
import com.trueup.psa.connector.PsaConnector;
import com.trueup.psa.connector.http.HttpKit;
import com.trueup.psa.contract.FakePsa;
import com.trueup.psa.contract.StubServer.Role;
import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The connector contract against a stub speaking ConnectWise Manage's REST API 3.0. */
class ConnectWiseConnectorTest extends PsaConnectorContract {

    @Override
    protected FakePsa newFakePsa(Clock clock) {
        return new ConnectWiseStub(clock);
    }

    @Override
    protected PsaConnector newConnector(HttpKit kit) {
        return new ConnectWiseConnector(kit);
    }

    @Override
    protected Map<String, String> overridingBillableSettings() {
        return Map.of("nonBillableBillingCycles", "");
    }

    @Override
    protected Set<String> contractsBillableUnderOverride() {
        return Set.of("k1", "k2", "k3", "k4");
    }

    @Override
    protected int fullSyncRequests() {
        return 204;
    }

    private ConnectWiseStub cw() {
        return (ConnectWiseStub) psa;
    }

    @Test
    void aQuantityChangeReplacesTheQuantityAloneAndKeepsTheAdditionsDates() {
        set("l1", "12");

        assertThat(cw().server().orElseThrow().calls(Role.WRITE_QUANTITY))
                .singleElement()
                .satisfies(call ->
                        assertThat(call.body()).isEqualTo("[{\"op\":\"replace\",\"path\":\"quantity\",\"value\":12}]"));
    }

    @Test
    void companiesWhoseStatusConnectWiseMarksInactiveAreNotBilledWhateverItsName() {
        cw().inactiveStatusName = "Inaktiv";
        RecordingSink sink = new RecordingSink();

        client().readSnapshot(sink);

        assertThat(sink.companies)
                .filteredOn(c -> !c.billable())
                .extracting(c -> c.externalId())
                .containsExactlyInAnyOrder(psa.id("c4"), psa.id("c5"));
    }

    @Test
    void withoutTheRightToReadStatusesTheStatusNamesDecide() {
        cw().statusesAnswer = psa.error(403, "Not authorized to view company statuses");
        cw().inactiveStatusName = "Inactive";
        RecordingSink byDefault = new RecordingSink();
        client().readSnapshot(byDefault);
        cw().inactiveStatusName = "Dormant";
        RecordingSink byName = new RecordingSink();
        client(Map.of("nonBillableCompanyStatuses", "Dormant")).readSnapshot(byName);

        assertThat(byDefault.companies).filteredOn(c -> !c.billable()).hasSize(2);
        assertThat(byName.companies).filteredOn(c -> !c.billable()).hasSize(2);
    }

    @Test
    void aSiteUrlMakesTheConnectorFindTheApiFromTheCompanyInfo() {
        ConnectorContext site = new ConnectorContext(
                UUID.randomUUID(),
                UUID.randomUUID(),
                cw().server().orElseThrow().url(),
                Map.of(
                        "companyId",
                        "acme",
                        "publicKey",
                        "public-key",
                        "privateKey",
                        "private-key",
                        "clientId",
                        "6ca3a4bb-0000-4000-8000-000000000001"),
                ConnectorSettings.of(ConnectWiseConnector.DESCRIPTOR.settings(), Map.of()),
                CLOCK);

        assertThat(connector.open(site).testConnection()).contains("ConnectWise");
        connector.open(site).testConnection();

        assertThat(cw().server().orElseThrow().calls())
                .filteredOn(c -> c.path().startsWith("/login/companyinfo/"))
                .hasSize(1)
                .allSatisfy(c -> assertThat(c.header("Authorization")).isNull());
    }

    @Test
    void cloudSitesAreReachedOnTheirApiHost() {
        assertThat(ConnectWiseConnector.apiOrigin(URI.create("https://na.myconnectwise.net"), "v2025_1/", "True"))
                .isEqualTo("https://api-na.myconnectwise.net");
        assertThat(ConnectWiseConnector.apiOrigin(URI.create("https://api-eu.myconnectwise.net"), "v2025_1/", null))
                .isEqualTo("https://api-eu.myconnectwise.net");
        assertThat(ConnectWiseConnector.apiOrigin(URI.create("https://cw.acme-msp.com:8443"), "v4_6_release/", "False"))
                .isEqualTo("https://cw.acme-msp.com:8443");
    }
}
