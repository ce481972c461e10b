package com.trueup.psa.bms;

import static org.assertj.core.api.Assertions.assertThat;

import com.trueup.psa.PsaConnectorContract;
import com.trueup.psa.connector.PsaConnector;
import com.trueup.psa.connector.http.HttpKit;
import com.trueup.psa.contract.FakePsa;
import com.trueup.psa.contract.StubServer.Role;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The connector contract for Pulseway PSA, against the BMS platform's stub answering in camelCase (as Pulseway's
 * server has been seen to answer: {@code result.accessToken}).
 */
class PulsewayPsaConnectorTest extends PsaConnectorContract {

    private BmsStub pulseway;

    @Override
    protected FakePsa newFakePsa(Clock clock) {
        pulseway = new BmsStub(PulsewayPsaConnector.DESCRIPTOR, clock);
        pulseway.camelCase = true;
        return pulseway;
    }

    @Override
    protected PsaConnector newConnector(HttpKit kit) {
        return new PulsewayPsaConnector(kit);
    }

    @Override
    protected Map<String, String> overridingBillableSettings() {
        return Map.of("billableContractTypes", "Recurring Services, Fixed Price");
    }

    @Override
    protected Set<String> contractsBillableUnderOverride() {
        return Set.of("k1", "k2", "k3", "k4");
    }

    @Override
    protected int fullSyncRequests() {
        return 6;
    }

    @Test
    void camelCaseAnswersAreReadLikeTheDocumentedPascalCase() {
        String message = client().testConnection();

        assertThat(message).isEqualTo("Connected to Pulseway PSA (Acme MSP) as TrueUp API (5 accounts)");
        assertThat(pulseway.server().orElseThrow().calls(Role.READ))
                .hasSize(2)
                .allSatisfy(call ->
                        assertThat(call.header("Authorization")).isEqualTo("Bearer eyJhbGciOiJIUzI1NiJ9.access-1"));
    }
}
