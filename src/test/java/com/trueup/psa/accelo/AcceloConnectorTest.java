package com.trueup.psa.accelo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.trueup.psa.PsaConnectorContract;
import com.trueup.psa.connector.ConnectorException;
import com.trueup.psa.connector.ContractTerms;
import com.trueup.psa.connector.PsaConnector;
import com.trueup.psa.connector.RemoteContract;
import com.trueup.psa.connector.http.HttpKit;
import com.trueup.psa.connector.http.RateGates;
import com.trueup.psa.contract.FakePsa;
import com.trueup.psa.contract.StubServer;
import com.trueup.psa.contract.StubServer.Role;
import com.trueup.support.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The connector contract against a stub speaking Accelo's public API v0, plus Accelo's own rules. */
class AcceloConnectorTest extends PsaConnectorContract {

    private AcceloStub accelo;

    @Override
    protected FakePsa newFakePsa(Clock clock) {
        accelo = new AcceloStub(clock);
        return accelo;
    }

    @Override
    protected PsaConnector newConnector(HttpKit kit) {
        return new AcceloConnector(kit);
    }

    /** Pending contracts (not started yet) count as billable when the setting says so. */
    @Override
    protected Map<String, String> overridingBillableSettings() {
        return Map.of("billableContractStandings", "active,pending");
    }

    @Override
    protected Set<String> contractsBillableUnderOverride() {
        return Set.of("k1", "k2", "k3", "k4");
    }

    /** A token, 3 pages of companies, 1 of item templates, 3 of contracts and the periods of each of the 200 contracts. */
    @Override
    protected int fullSyncRequests() {
        return 208;
    }

    private StubServer server() {
        return accelo.server().orElseThrow();
    }

    @Test
    void theTokenComesFromTheServiceApplicationsClientCredentialsAndIsCachedUntilItExpires() {
        MutableClock clock = new MutableClock(CLOCK.instant());
        HttpKit kit = new HttpKit(httpSettings(), sleeper, clock, new RateGates(httpSettings(), 1.0));
        PsaConnector connector = new AcceloConnector(kit);

        connector.open(psa.context(Map.of())).testConnection();
        connector.open(psa.context(Map.of())).testConnection();

        assertThat(server().calls(Role.TOKEN)).singleElement().satisfies(call -> {
            assertThat(call.path()).isEqualTo("/oauth2/v0/token");
            assertThat(call.header("Authorization"))
                    .isEqualTo("Basic "
                            + Base64.getEncoder()
                                    .encodeToString((AcceloStub.CLIENT_ID + ":" + AcceloStub.CLIENT_SECRET)
                                            .getBytes(StandardCharsets.UTF_8)));
            assertThat(call.form())
                    .containsEntry("grant_type", "client_credentials")
                    .containsEntry("scope", "read(all)")
                    .doesNotContainKey("client_secret");
        });
        assertThat(server().calls(Role.READ))
                .allSatisfy(call -> assertThat(call.header("Authorization")).isEqualTo("Bearer Ck9ma73_db-1"));

        clock.advance(Duration.ofDays(30)); // the default lifetime (2592000 s) has passed
        connector.open(psa.context(Map.of())).testConnection();

        assertThat(accelo.tokensIssued()).isEqualTo(2);
    }

    @Test
    void testConnectionSaysWhichDeploymentAndUserItReached() {
        assertThat(client().testConnection())
                .isEqualTo("Connected to Accelo deployment planet-express as billing@planetexpress.test");
    }

    @Test
    void contractsCarryTheirValueDatesStandingAndPeriodBudgets() {
        RecordingSink sink = new RecordingSink();

        client().readSnapshot(sink);

        RemoteContract k1 = sink.contracts.stream()
                .filter(k -> k.externalId().equals(psa.id("k1")))
                .findFirst()
                .orElseThrow();
        ContractTerms terms = k1.terms();
        assertThat(terms.value()).isEqualByComparingTo("1200");
        assertThat(terms.startDate()).isEqualTo(LocalDate.of(2024, 1, 1));
        assertThat(terms.endDate()).isEqualTo(LocalDate.of(2025, 5, 15));
        assertThat(terms.standing()).isEqualTo("active");
        assertThat(terms.periods()).hasSize(2).allSatisfy(p -> {
            assertThat(p.budget()).isEqualByComparingTo("300");
            assertThat(p.budgetType()).isEqualTo("pre-paid");
            assertThat(p.allowanceType()).isEqualTo("fixed value");
        });
        assertThat(terms.periods())
                .extracting(ContractTerms.Period::startDate)
                .containsExactly(LocalDate.of(2024, 4, 1), LocalDate.of(2024, 5, 1));
        assertThat(terms.periods()).extracting(ContractTerms.Period::standing).containsExactly("closed", "opened");
        RemoteContract pending = sink.contracts.stream()
                .filter(k -> k.externalId().equals(psa.id("k4")))
                .findFirst()
                .orElseThrow();
        assertThat(pending.terms().standing()).isEqualTo("pending");
        assertThat(pending.terms().periods())
                .as("periods are read for billable contracts only")
                .isEmpty();
        assertThat(server().calls())
                .filteredOn(c -> c.path().endsWith("/periods"))
                .hasSize(3)
                .allSatisfy(c -> assertThat(c.query("_fields")).contains("contract_budget(value)"));
        assertThat(server().calls())
                .filteredOn(c -> c.path().equals("/api/v0/contracts"))
                .singleElement()
                .satisfies(c -> assertThat(c.query("_fields"))
                        .contains("value")
                        .contains("date_started")
                        .contains("date_expires")
                        .contains("standing"));
    }

    @Test
    void aContractPastItsExpiryIsNotBillableWhateverItsStanding() {
        accelo.expired.add("k2");
        RecordingSink sink = new RecordingSink();

        client().readSnapshot(sink);

        assertThat(sink.contracts)
                .filteredOn(RemoteContract::billable)
                .extracting(RemoteContract::externalId)
                .containsExactlyInAnyOrder(psa.id("k1"), psa.id("k3"));
    }

    @Test
    void periodsAreNotReadWhenTheSettingIsOff() {
        RecordingSink sink = new RecordingSink();

        client(Map.of("readContractPeriods", "false")).readSnapshot(sink);

        assertThat(sink.contracts)
                .allSatisfy(k -> assertThat(k.terms().periods()).isEmpty());
        assertThat(server().calls()).noneMatch(c -> c.path().endsWith("/periods"));
    }

    @Test
    void a429WaitsUntilTheRateLimitWindowResets() {
        long reset = CLOCK.instant().plusSeconds(20).getEpochSecond();
        server().next(
                        Role.READ,
                        new StubServer.Fault.Instead(
                                psa.error(429, "Rate limit exceeded for planet-express.api.accelo.com")
                                        .header("X-RateLimit-Limit", "5000")
                                        .header("X-RateLimit-Remaining", "0")
                                        .header("X-RateLimit-Reset", Long.toString(reset))));

        assertThat(client().testConnection()).contains("planet-express");

        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(20));
    }

    @Test
    void anAnswerSayingNoRequestRemainsHoldsTheNextRequestUntilTheWindowResets() {
        long reset = CLOCK.instant().plusSeconds(25).getEpochSecond();
        accelo.remainingZeroOnce(Long.toString(reset));
        RecordingSink sink = new RecordingSink();

        client(Map.of("pageSize", "2", "readContractPeriods", "false")).readSnapshot(sink);

        assertThat(sink.companies).hasSize(5);
        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(25));
        assertThat(server().calls()).noneMatch(c -> c.path().equals("/api/v0/tokeninfo"));
    }

    @Test
    void aWindowResettingBeyondTheLongestWaitGoesBackToTheJobWithTheTimeToWait() {
        long reset = CLOCK.instant().plusSeconds(1800).getEpochSecond();
        server().next(
                        Role.READ,
                        new StubServer.Fault.Instead(
                                psa.error(429, "Rate limit exceeded for planet-express.api.accelo.com")
                                        .header("X-RateLimit-Reset", Long.toString(reset))));

        ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> client().testConnection());

        assertThat(e.kind()).isEqualTo(ConnectorException.Kind.RETRYABLE);
        assertThat(e.retryAfter()).isEqualTo(Duration.ofMinutes(30));
        assertThat(e.getMessage()).contains("Rate limit exceeded");
        assertThat(sleeper.waits).isEmpty();
    }

    @Test
    void errorsCarryAccelosOwnMessage() {
        server().next(Role.READ, new StubServer.Fault.Instead(psa.error(403, "The user does not have permission")));

        ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> client().testConnection());

        assertThat(e.kind()).isEqualTo(ConnectorException.Kind.PERMANENT);
        assertThat(e.getMessage())
                .isEqualTo("Accelo: HTTP 403 on GET /api/v0/tokeninfo: The user does not have permission");
    }

    @Test
    void theDeploymentOrAnAddressLeadsToTheApi() {
        assertThat(AcceloConnector.origin("planet-express")).isEqualTo("https://planet-express.api.accelo.com");
        assertThat(AcceloConnector.origin("planet-express.accelo.com"))
                .isEqualTo("https://planet-express.api.accelo.com");
        assertThat(AcceloConnector.origin("https://planet-express.api.accelo.com/api/v0"))
                .isEqualTo("https://planet-express.api.accelo.com");
        assertThat(AcceloConnector.origin("http://127.0.0.1:8089")).isEqualTo("http://127.0.0.1:8089");
    }
}
