package com.trueup.psa.bms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.trueup.psa.PsaConnectorContract;
import com.trueup.psa.connector.ConnectorException;
import com.trueup.psa.connector.ConnectorException.Kind;
import com.trueup.psa.connector.NewLine;
import com.trueup.psa.connector.PsaConnector;
import com.trueup.psa.connector.RemoteContract;
import com.trueup.psa.connector.RemoteProduct;
import com.trueup.psa.connector.WriteResult;
import com.trueup.psa.connector.http.HttpKit;
import com.trueup.psa.connector.http.RateGates;
import com.trueup.psa.contract.FakePsa;
import com.trueup.psa.contract.PsaWorld;
import com.trueup.psa.contract.StubServer;
import com.trueup.psa.contract.StubServer.Call;
import com.trueup.psa.contract.StubServer.Fault;
import com.trueup.psa.contract.StubServer.Role;
import com.trueup.support.MutableClock;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The connector contract against a stub speaking the Kaseya BMS V2 API (PascalCase), plus the platform's own rules. */
class KaseyaBmsConnectorTest extends PsaConnectorContract {

    private BmsStub bms;

    @Override
    protected FakePsa newFakePsa(Clock clock) {
        bms = new BmsStub(KaseyaBmsConnector.DESCRIPTOR, clock);
        return bms;
    }

    @Override
    protected PsaConnector newConnector(HttpKit kit) {
        return new KaseyaBmsConnector(kit);
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

    private StubServer server() {
        return bms.server().orElseThrow();
    }

    private List<Call> calls(String path) {
        return server().calls().stream().filter(c -> c.path().equals(path)).toList();
    }

    // ---- signing in ------------------------------------------------------------------------------------------------

    @Test
    void signInIsAMultipartFormWithTheDocumentedFieldsAndEveryCallCarriesTheToken() {
        String message = client().testConnection();

        assertThat(message).isEqualTo("Connected to Kaseya BMS (Acme MSP) as TrueUp API (5 accounts)");
        assertThat(server().calls(Role.TOKEN)).singleElement().satisfies(call -> {
            assertThat(call.path()).isEqualTo("/v2/security/authenticate");
            assertThat(call.header("Content-Type")).startsWith("multipart/form-data");
            assertThat(call.form())
                    .isEqualTo(Map.of(
                            "UserName",
                            BmsStub.USER,
                            "Password",
                            BmsStub.PASSWORD,
                            "Tenant",
                            BmsStub.TENANT,
                            "GrantType",
                            "password"));
        });
        assertThat(server().calls(Role.READ))
                .hasSize(2)
                .allSatisfy(call ->
                        assertThat(call.header("Authorization")).isEqualTo("Bearer eyJhbGciOiJIUzI1NiJ9.access-1"));
    }

    @Test
    void aRefusedSignInIsPermanentWithThePsasMessageAndNeverThePassword() {
        ConnectorException e = catchThrowableOfType(
                ConnectorException.class,
                () -> connector
                        .open(new com.trueup.psa.connector.ConnectorContext(
                                null,
                                null,
                                server().url(),
                                Map.of(
                                        "userName",
                                        BmsStub.USER,
                                        "password",
                                        "wrong-password",
                                        "tenant",
                                        BmsStub.TENANT),
                                com.trueup.psa.connector.ConnectorSettings.of(
                                        KaseyaBmsConnector.DESCRIPTOR.settings(), Map.of()),
                                CLOCK))
                        .testConnection());

        assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(e.getMessage())
                .contains("Invalid user name, password or company")
                .doesNotContain("wrong-password");
        assertThat(server().calls(Role.READ)).isEmpty();
    }

    @Test
    void theTokenIsRefreshedBeforeItExpires() {
        MutableClock clock = new MutableClock(CLOCK.instant());
        bms.clock = clock;
        connector =
                new KaseyaBmsConnector(new HttpKit(httpSettings(), sleeper, clock, new RateGates(httpSettings(), 1.0)));
        client().testConnection();

        clock.set(CLOCK.instant().plus(BmsStub.TOKEN_LIFETIME).minusSeconds(30)); // inside the renewal margin
        client().testConnection();

        assertThat(server().calls(Role.TOKEN))
                .extracting(Call::path)
                .containsExactly("/v2/security/authenticate", "/v2/security/refreshtoken");
        assertThat(calls("/v2/security/refreshtoken").get(0).form())
                .isEqualTo(Map.of("AccessToken", "eyJhbGciOiJIUzI1NiJ9.access-1", "RefreshToken", "refresh-1"));
        assertThat(calls("/v2/security/userinfo"))
                .extracting(c -> c.header("Authorization"))
                .containsExactly("Bearer eyJhbGciOiJIUzI1NiJ9.access-1", "Bearer eyJhbGciOiJIUzI1NiJ9.access-2");
    }

    @Test
    void a401IsAnsweredByRefreshingTheTokenOnceAndSendingAgain() {
        client().testConnection();
        bms.expireTokens();

        assertThat(client().testConnection()).startsWith("Connected to Kaseya BMS");

        assertThat(server().calls(Role.TOKEN))
                .extracting(Call::path)
                .containsExactly("/v2/security/authenticate", "/v2/security/refreshtoken");
        assertThat(calls("/v2/security/userinfo")).hasSize(3);
    }

    @Test
    void aRefreshTokenNoLongerTakenMeansSigningInAgain() {
        client().testConnection();
        bms.expireTokens();
        bms.forgetRefreshTokens();

        assertThat(client().testConnection()).startsWith("Connected to Kaseya BMS");

        assertThat(server().calls(Role.TOKEN))
                .extracting(Call::path)
                .containsExactly("/v2/security/authenticate", "/v2/security/refreshtoken", "/v2/security/authenticate");
    }

    // ---- Success: false --------------------------------------------------------------------------------------------

    @Test
    void successFalseInA200IsPermanentWithThePsasMessageAndNeverItsStackTrace() {
        server().next(Role.READ, new Fault.Instead(bms.failure(0, "You do not have access to this module")));

        ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> client().testConnection());

        assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(e.getMessage())
                .contains("You do not have access to this module")
                .doesNotContain("Bms.Api.Secret");
        assertThat(sleeper.waits).isEmpty();
    }

    @Test
    void successFalseWithAServerErrorCodeIsRetried() {
        server().next(Role.READ, new Fault.Instead(bms.failure(503, "Service is busy")));

        assertThat(client().testConnection()).startsWith("Connected to Kaseya BMS");
        assertThat(sleeper.waits).containsExactly(httpSettings().initialBackoff());
    }

    @Test
    void anAddRefusedWithSuccessFalseIsPermanentAndNotSentAgain() {
        server().next(Role.CREATE_LINE, new Fault.Instead(bms.failure(0, "Service is inactive")));

        ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> create(newLine("p3", "5")));

        assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(e.getMessage()).contains("Service is inactive");
        assertThat(server().calls(Role.CREATE_LINE)).hasSize(1);
        assertThat(bms.world().activeLines("k1", "p3")).isEmpty();
    }

    // ---- budget
    // ------------------------------------------------------------------------------------------------------

    @Test
    void everyEndpointHasItsOwnHourlyBudget() {
        connector = new KaseyaBmsConnector(new HttpKit(
                httpSettings(),
                sleeper,
                CLOCK,
                new RateGates(httpSettings(), 1.0 / 1500))); // one request an hour per endpoint

        assertThat(client().testConnection())
                .as("two endpoints, one request each")
                .startsWith("Connected");
        ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> client().testConnection());

        assertThat(e.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(e.getMessage()).contains("1 requests an hour per endpoint");
        assertThat(e.retryAfter()).isPositive();
        assertThat(server().calls(Role.READ)).hasSize(2);
    }

    // ---- reading
    // -----------------------------------------------------------------------------------------------------

    @Test
    void contractsOfAccountsSharingANameAreTiedToTheirAccountByTheContractLookup() {
        bms.load(new PsaWorld()
                .company("c1", "Acme Dental", PsaWorld.Standing.ACTIVE)
                .company("c2", "Acme Dental", PsaWorld.Standing.ACTIVE)
                .company("c3", "Bayside Law", PsaWorld.Standing.ACTIVE)
                .contract("k1", "c1", "Managed Services", PsaWorld.ContractKind.RECURRING)
                .contract("k2", "c2", "Managed Services", PsaWorld.ContractKind.RECURRING)
                .contract("k3", "c3", "Managed Services", PsaWorld.ContractKind.RECURRING));
        RecordingSink sink = new RecordingSink();

        client().readSnapshot(sink);

        assertThat(sink.contracts)
                .extracting(RemoteContract::externalId, RemoteContract::companyExternalId)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(psa.id("k1"), psa.id("c1")),
                        org.assertj.core.groups.Tuple.tuple(psa.id("k2"), psa.id("c2")),
                        org.assertj.core.groups.Tuple.tuple(psa.id("k3"), psa.id("c3")));
        assertThat(calls("/v2/finance/contracts/lookup"))
                .extracting(c -> c.query("AccountId"))
                .containsExactlyInAnyOrder(psa.id("c1"), psa.id("c2"));
        assertThat(sink.lines).isEmpty();
    }

    @Test
    void listsArePagedWithPageSizeAndPageNumberUntilTotalRecords() {
        client(bms.smallPages()).readSnapshot(new RecordingSink());

        assertThat(calls("/v2/crm/accounts/summary"))
                .extracting(c -> c.query("PageNumber"), c -> c.query("PageSize"))
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("1", "2"),
                        org.assertj.core.groups.Tuple.tuple("2", "2"),
                        org.assertj.core.groups.Tuple.tuple("3", "2"));
        assertThat(calls("/v2/admin/finance/services/search"))
                .extracting(c -> c.json().toString())
                .containsExactly("{\"PageSize\":2,\"PageNumber\":1}", "{\"PageSize\":2,\"PageNumber\":2}");
    }

    // ---- adding services
    // ---------------------------------------------------------------------------------------------

    private NewLine newLine(String product, String units) {
        PsaWorld.Product p = bms.world().product(product);
        return new NewLine(
                psa.id("c1"),
                psa.id("k1"),
                new RemoteProduct(psa.id(product), p.name(), p.name(), p.price(), p.cost()),
                new BigDecimal(units),
                EFFECTIVE,
                "key-" + product);
    }

    @Test
    void aNewServiceIsAddedWithWholeUnitsTheEffectiveDateAndCatalogPrices() {
        WriteResult result = create(newLine("p3", "5"));

        assertThat(server().calls(Role.CREATE_LINE)).singleElement().satisfies(call -> {
            assertThat(call.path()).isEqualTo("/v2/finance/contracts/recurringservices/" + psa.id("k1") + "/services");
            assertThat(call.body())
                    .isEqualTo(
                            "[{\"ServiceId\":" + psa.id("p3") + ",\"ServiceName\":\"Keeper Secure File "
                                    + "Storage\",\"Units\":5,\"UnitCost\":1,\"UnitPrice\":2,\"EffectiveDate\":\"2024-06-01T00:00:00Z\"}]");
        });
        assertThat(result.quantity()).isEqualByComparingTo("5");
        assertThat(result.message()).contains("from 2024-06-01");
    }

    @Test
    void aFractionOfAUnitIsRefusedBeforeAnythingIsSent() {
        ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> create(newLine("p3", "5.5")));

        assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(e.getMessage()).contains("whole");
        assertThat(server().calls(Role.CREATE_LINE)).isEmpty();
        assertThat(bms.world().activeLines("k1", "p3")).isEmpty();
    }

    @Test
    void aServiceAlreadyOnTheContractIsNeverAddedAgain() {
        ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> create(newLine("p1", "14")));

        assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(e.getMessage()).contains("already has line " + psa.id("l1")).contains("set the quantity in the PSA");
        assertThat(server().calls(Role.CREATE_LINE)).isEmpty();
        assertThat(bms.world().activeLines("k1", "p1")).hasSize(1);
    }

    @Test
    void aNewLineWithoutContractGoesToTheAccountsActiveContract() {
        PsaWorld.Product p = bms.world().product("p3");
        create(new NewLine(
                psa.id("c1"),
                null,
                new RemoteProduct(psa.id("p3"), p.name(), p.name(), p.price(), p.cost()),
                new BigDecimal("3"),
                EFFECTIVE,
                "key-k"));

        assertThat(bms.world().activeLines("k1", "p3"))
                .singleElement()
                .satisfies(l -> assertThat(l.quantity).isEqualByComparingTo("3"));
    }

    @Test
    void theApiServerIsTakenAsAHostOrAddress() {
        KaseyaBmsConnector bmsConnector = (KaseyaBmsConnector) connector;
        assertThat(bmsConnector.apiRoot("api.bmsemea.kaseya.com")).isEqualTo("https://api.bmsemea.kaseya.com");
        assertThat(bmsConnector.apiRoot("https://api.bms.kaseya.com/")).isEqualTo("https://api.bms.kaseya.com");
        assertThat(bmsConnector.apiRoot("https://api.bms.kaseya.com/v2")).isEqualTo("https://api.bms.kaseya.com");
        assertThat(bmsConnector.apiRoot("http://127.0.0.1:8089")).isEqualTo("http://127.0.0.1:8089");
    }
}
