package com.trueup.psa.cloudblue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.trueup.psa.PsaConnectorContract;
import com.trueup.psa.connector.ConnectorException;
import com.trueup.psa.connector.PsaConnector;
import com.trueup.psa.connector.http.HttpKit;
import com.trueup.psa.connector.http.Urls;
import com.trueup.psa.contract.FakePsa;
import com.trueup.psa.contract.StubServer;
import com.trueup.psa.contract.StubServer.Role;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The connector contract against a stub speaking CloudBlue PSA's web API, plus its own rules; above all, that the API
 * key, which travels in the query string, never appears in a message or a log line.
 */
class CloudBlueConnectorTest extends PsaConnectorContract {

    private CloudBlueStub cloudblue;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Level httpLevel;

    @Override
    protected FakePsa newFakePsa(Clock clock) {
        cloudblue = new CloudBlueStub(clock);
        return cloudblue;
    }

    @Override
    protected PsaConnector newConnector(HttpKit kit) {
        return new CloudBlueConnector(kit);
    }

    @Override
    protected Map<String, String> overridingBillableSettings() {
        return Map.of();
    }

    @Override
    protected Set<String> contractsBillableUnderOverride() {
        return Set.of();
    }

    /** 200 customers: one page of 1,000 (shorter than the page size, so the last). */
    @Override
    protected int fullSyncRequests() {
        return 1;
    }

    @BeforeEach
    void captureLogs() {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Logger http = (Logger) LoggerFactory.getLogger("com.trueup.psa.connector.http");
        httpLevel = http.getLevel();
        http.setLevel(Level.DEBUG);
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        ((Logger) LoggerFactory.getLogger("com.trueup.psa.connector.http")).setLevel(httpLevel);
    }

    private StubServer server() {
        return cloudblue.server().orElseThrow();
    }

    private void assertNoKeyIn(String text) {
        assertThat(text)
                .doesNotContain(CloudBlueStub.API_KEY)
                .doesNotContain(Urls.encode(CloudBlueStub.API_KEY))
                .doesNotContain("secret-key");
    }

    private void assertNoKeyLogged() {
        assertThat(logs.list).as("log lines were captured").isNotEmpty();
        for (ILoggingEvent event : logs.list) {
            assertNoKeyIn(event.getFormattedMessage());
            if (event.getThrowableProxy() != null) {
                assertNoKeyIn(
                        event.getThrowableProxy().getMessage() == null
                                ? ""
                                : event.getThrowableProxy().getMessage());
            }
        }
    }

    @Test
    void theKeyTravelsInTheQueryStringAndTheFilterAsJson() {
        client().testConnection();

        assertThat(server().calls()).singleElement().satisfies(call -> {
            assertThat(call.path()).isEqualTo("/webapi/v1/companies/getcustomers");
            assertThat(call.query("api_key")).isEqualTo(CloudBlueStub.API_KEY);
            JsonNode filter = StubServer.JSON.readTree(call.query("filter"));
            assertThat(filter.path("pageno").asInt()).isEqualTo(1);
            assertThat(filter.path("resulttype").asString()).isEqualTo("Json");
            assertThat(filter.path("gridcolumns").asString()).isEqualTo("AccountID,CompanyName,TotalRows");
        });
    }

    @Test
    void testConnectionCountsTheCustomers() {
        assertThat(client().testConnection()).isEqualTo("Connected to CloudBlue PSA (5 customers)");
    }

    @Test
    void pagesAreReadUntilTotalRowsWereSeen() {
        RecordingSink sink = new RecordingSink();

        client(Map.of("pageSize", "5")).readSnapshot(sink);

        assertThat(sink.companies)
                .hasSize(5)
                .allSatisfy(c -> assertThat(c.externalId()).startsWith("CUS-"));
        assertThat(server().calls())
                .as("5 of 5 rows seen on the first full page: no empty page asked for")
                .hasSize(1);
    }

    @Test
    void anErrorPageEchoingTheRequestNeverCarriesTheKey() {
        server().next(
                        Role.READ,
                        new StubServer.Fault.Instead(new StubServer.Answer(
                                400,
                                "Bad filter in GET /webapi/v1/companies/getcustomers?filter={}&api_key="
                                        + CloudBlueStub.API_KEY + " (key " + Urls.encode(CloudBlueStub.API_KEY) + ")",
                                Map.of("Content-Type", "text/html"))));

        ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> client().testConnection());

        assertThat(e.kind()).isEqualTo(ConnectorException.Kind.PERMANENT);
        assertThat(e.getMessage())
                .contains("HTTP 400 on GET /webapi/v1/companies/getcustomers")
                .contains("Bad filter")
                .contains("api_key=[redacted]");
        assertNoKeyIn(e.getMessage());
        assertThat(e.getCause()).isNull();
        assertNoKeyLogged();
    }

    @Test
    void aJsonErrorEchoingTheKeyAndARetriedServerErrorNeverCarryIt() {
        for (int i = 0; i < httpSettings().maxReadAttempts(); i++) {
            server().next(
                            Role.READ,
                            new StubServer.Fault.Instead(StubServer.Answer.json(
                                    503, Map.of("Message", "Service unavailable for key " + CloudBlueStub.API_KEY))));
        }

        ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> client().testConnection());

        assertThat(e.kind()).isEqualTo(ConnectorException.Kind.RETRYABLE);
        assertThat(e.getMessage()).contains("503").contains("Service unavailable for key [redacted]");
        assertNoKeyIn(e.getMessage());
        assertNoKeyLogged();
    }

    @Test
    void aRefusedConnectionNeverCarriesTheKey() {
        var context = psa.context(Map.of());
        server().close();

        ConnectorException e = catchThrowableOfType(
                ConnectorException.class, () -> connector.open(context).readSnapshot(new RecordingSink()));

        assertThat(e.kind()).isEqualTo(ConnectorException.Kind.RETRYABLE);
        assertNoKeyIn(e.getMessage());
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertNoKeyIn(String.valueOf(t.getMessage()));
        }
        assertNoKeyLogged();
    }

    @Test
    void theInstanceNameOrAddressLeadsToTheApi() {
        assertThat(CloudBlueConnector.apiRoot("acme")).isEqualTo("https://acme.cloudbluepsa.io/webapi/v1");
        assertThat(CloudBlueConnector.apiRoot("https://acme.cloudbluepsa.io"))
                .isEqualTo("https://acme.cloudbluepsa.io/webapi/v1");
        assertThat(CloudBlueConnector.apiRoot("acme.harmonypsa.com"))
                .isEqualTo("https://acme.harmonypsa.com/webapi/v1");
        assertThat(CloudBlueConnector.apiRoot("http://127.0.0.1:8089")).isEqualTo("http://127.0.0.1:8089/webapi/v1");
    }
}
