package com.trueup.psa.halopsa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.trueup.psa.PsaConnectorContract;
import com.trueup.psa.connector.ConnectorException;
import com.trueup.psa.connector.PsaConnector;
import com.trueup.psa.connector.RemoteLine;
import com.trueup.psa.connector.http.HttpKit;
import com.trueup.psa.contract.FakePsa;
import com.trueup.psa.contract.StubServer.Role;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The connector contract against a stub speaking HaloPSA's API v2 as real tenants answer, plus Halo's own rules. */
class HaloPsaConnectorTest extends PsaConnectorContract {

    private HaloStub halo;

    @Override
    protected FakePsa newFakePsa(Clock clock) {
        halo = new HaloStub(clock);
        return halo;
    }

    @Override
    protected PsaConnector newConnector(HttpKit kit) {
        return new HaloPsaConnector(kit);
    }

    @Override
    protected Map<String, String> overridingBillableSettings() {
        return Map.of("nonBillableInvoiceNames", "Managed Services");
    }

    @Override
    protected Set<String> contractsBillableUnderOverride() {
        return Set.of();
    }

    @Override
    protected int fullSyncRequests() {
        return 6;
    }

    @Test
    void negativeRecurringInvoiceIdsGoOutAsJsonIntegers() {
        assertThat(psa.id("k1")).startsWith("-");

        set("l1", "12");

        assertThat(halo.server().orElseThrow().calls(Role.WRITE_QUANTITY))
                .singleElement()
                .satisfies(call -> assertThat(call.body())
                        .isEqualTo("[{\"id\":" + psa.id("l1") + ",\"ihid\":" + psa.id("k1") + ",\"qty_order\":12}]"));
    }

    @Test
    void linesWhoseQuantityHaloComputesAreReadOnlyAndNeverWritten() {
        halo.computed.put("l5", 2);
        RecordingSink sink = new RecordingSink();
        client().readSnapshot(sink);

        RemoteLine computed = sink.lines.stream()
                .filter(l -> l.externalId().equals(psa.id("l5")))
                .findFirst()
                .orElseThrow();
        assertThat(computed.readOnlyReason()).isEqualTo("Halo computes this line's quantity from user counts");
        assertThat(sink.lines.stream()
                        .filter(l -> l.externalId().equals(psa.id("l1")))
                        .findFirst()
                        .orElseThrow()
                        .readOnlyReason())
                .isNull();

        ConnectorException refused = catchThrowableOfType(ConnectorException.class, () -> set("l5", "9"));
        assertThat(refused.kind()).isEqualTo(ConnectorException.Kind.PERMANENT);
        assertThat(refused.getMessage()).contains("computes");
        assertThat(halo.server().orElseThrow().calls(Role.WRITE_QUANTITY)).isEmpty();
        assertThat(quantityInPsa("l5")).isEqualByComparingTo("4");
    }

    @Test
    void listsArePagedByRecordCountWhenHaloAnswersFewerItemsThanAsked() {
        halo.cap = 2;
        RecordingSink sink = new RecordingSink();

        client(Map.of("pageSize", "5")).readSnapshot(sink);

        assertThat(sink.companies).hasSize(5);
        assertThat(sink.products).hasSize(3);
        assertThat(sink.contracts).hasSize(5);
    }

    @Test
    void titlesComeFromTheReferenceAndOnlyDocumentedParametersAreSent() {
        RecordingSink sink = new RecordingSink();

        client().readSnapshot(sink);

        assertThat(sink.contracts)
                .allSatisfy(k -> assertThat(k.name()).isIn("Managed Services", "Rollout project", "Old agreement"));
        assertThat(halo.server().orElseThrow().calls())
                .filteredOn(c -> c.path().equals("/api/RecurringInvoice"))
                .allSatisfy(c -> assertThat(c.query())
                        .containsKeys("pageinate", "page_size", "page_no", "includelines")
                        .doesNotContainKey("includeinactive"));
    }

    @Test
    void itemsAreIdentifiedByNameOrByTheirInternalReference() {
        RecordingSink byName = new RecordingSink();
        client().readSnapshot(byName);
        RecordingSink byReference = new RecordingSink();
        client(Map.of("itemIdentifier", "internalreference")).readSnapshot(byReference);

        assertThat(byName.products)
                .extracting(p -> p.identifier())
                .containsExactlyInAnyOrder("Keeper Business", "Keeper BreachWatch", "Keeper Secure File Storage");
        assertThat(byReference.products)
                .extracting(p -> p.identifier())
                .containsExactlyInAnyOrder("KEEPER-BIZ", "KEEPER-BW", "KEEPER-SFS");
    }

    @Test
    void oneTokenServesAWholeSyncAndARefusedSecretSaysWhy() {
        client().readSnapshot(new RecordingSink());
        client().testConnection();
        assertThat(halo.tokensIssued()).isEqualTo(1);

        halo.rejectCredentials();
        ConnectorException e = catchThrowableOfType(
                ConnectorException.class,
                () -> connector.open(psa.context(Map.of("scope", "other"))).testConnection());
        assertThat(e.kind()).isEqualTo(ConnectorException.Kind.PERMANENT);
        assertThat(e.getMessage()).contains("credentials rejected by the stub").doesNotContain("halo-secret");
    }
}
