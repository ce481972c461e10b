package com.trueup.psa.connector;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.matching.RequestPatternBuilder.like;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.trueup.psa.PsaException;
import com.trueup.psa.PsaException.Kind;
import com.trueup.psa.PsaWriter.WriteResult;
import com.trueup.psa.http.PsaHttpSettings;
import com.trueup.psa.http.Sleeper;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every PSA connector keeps, run against a local stub of the PSA that serves its documented JSON. A
 * connector's test extends this class and supplies the PSA-specific requests, answers and expected bodies; the
 * scenarios (paging, billable filtering, absolute quantity writes, line creation, 429 / 5xx / timeouts, permanent
 * errors) live here once. Every request the stub receives must be authenticated and match a stub.
 */
public abstract class PsaConnectorContract {

    /** Wednesday 15 May 2024, 10:00 UTC: "today" for every connector test. */
    protected static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-15T10:00:00Z"), ZoneOffset.UTC);
    protected static final LocalDate TODAY = LocalDate.of(2024, 5, 15);
    protected static final LocalDate EFFECTIVE = LocalDate.of(2024, 6, 1);
    /** How long a test write may wait for its answer; a stub slower than this makes the write's outcome unknown. */
    protected static final Duration WRITE_TIMEOUT = Duration.ofMillis(700);

    /**
     * How late a stub answers a write that "landed but never answered": far beyond {@link #WRITE_TIMEOUT}, so that the
     * client's timeout fires first even on a heavily loaded machine.
     */
    protected static final int NO_ANSWER_IN_TIME_MS = 8_000;

    private static final String LANDED = "landed";
    private static final String REJECTED = "rejected";

    protected WireMockServer psa;
    protected final RecordingSleeper sleeper = new RecordingSleeper();
    protected PsaConnector connector;

    // ---- what each PSA supplies ------------------------------------------------------------------------------------

    protected abstract PsaConnector newConnector(PsaHttpSettings settings, Sleeper sleeper, Clock clock);

    /** The connection pointing at the stub, with the given settings. */
    protected abstract ConnectorContext context(Map<String, String> settings);

    /** Asserts the PSA's authentication on one received request (paths that need none may be skipped). */
    protected abstract void assertAuthenticated(LoggedRequest request);

    /** Stubs needed by every scenario (e.g. an OAuth token endpoint). */
    protected void stubAlways() {
    }

    protected abstract void stubTestConnection();

    /** Stubs companies, catalog, contracts and lines, each list over at least two pages. */
    protected abstract void stubSnapshot();

    protected abstract ExpectedSnapshot expectedSnapshot();

    /** Asserts that the connector asked for each list page by page, with the PSA's query syntax. */
    protected abstract void assertSnapshotPaging();

    /** Settings that change which contracts count as billable, and the contracts billable under them. */
    protected abstract Map<String, String> overridingBillableSettings();

    protected abstract Set<String> contractsBillableUnderOverride();

    /** Extra stubs the override needs (e.g. lines of contracts that only count as billable under it). */
    protected void stubSnapshotForOverride() {
    }

    /** The existing line of the quantity scenarios. */
    protected abstract LineRef line();

    /** Stubs whatever reading and writing the line needs besides its quantity read and write (constant answers). */
    protected void stubLineContext() {
    }

    /** The request whose answer tells the line's current quantity (a fresh builder each call). */
    protected abstract MappingBuilder quantityRead();

    protected abstract ResponseDefinitionBuilder quantityReadAnswer(BigDecimal quantity);

    /** The request that writes the line's quantity (a fresh builder each call). */
    protected abstract MappingBuilder quantityWrite();

    protected abstract ResponseDefinitionBuilder quantityWriteAnswer(BigDecimal target);

    /** Asserts the exact body of a quantity write bringing the line from {@code current} to {@code target}. */
    protected abstract void assertQuantityWriteBody(String body, BigDecimal current, BigDecimal target, LocalDate effectiveDate);

    /** The PSA's own error answer. */
    protected abstract ResponseDefinitionBuilder psaError(int status, String message);

    /** The new-revenue line of the creation scenarios. */
    protected abstract NewLine newLine();

    /** Stubs whatever creating needs besides the find and create requests (e.g. reading the created line). */
    protected void stubCreateContext() {
    }

    /** The request that looks for the new line in its contract (a fresh builder each call). */
    protected abstract MappingBuilder findNewLine();

    protected abstract ResponseDefinitionBuilder findNewLineAnswer(boolean exists);

    /** The request that creates the line (a fresh builder each call). */
    protected abstract MappingBuilder createNewLine();

    protected abstract ResponseDefinitionBuilder createNewLineAnswer();

    protected abstract void assertCreateBody(String body);

    // ---- lifecycle ---------------------------------------------------------------------------------------------------

    protected PsaHttpSettings httpSettings() {
        return new PsaHttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(2), WRITE_TIMEOUT, 4, Duration.ofMillis(100),
                Duration.ofSeconds(1), Duration.ofSeconds(30), 3, Duration.ofSeconds(2));
    }

    protected ConnectorContext context() {
        return context(Map.of());
    }

    @BeforeEach
    void startStubPsa() {
        psa = new WireMockServer(options().dynamicPort());
        psa.start();
        connector = newConnector(httpSettings(), sleeper, CLOCK);
        stubAlways();
    }

    @AfterEach
    void stopStubPsa() {
        try {
            assertThat(psa.findAllUnmatchedRequests()).as("requests no stub expected").isEmpty();
            psa.getAllServeEvents().forEach(event -> assertAuthenticated(event.getRequest()));
        } finally {
            psa.stop();
        }
    }

    // ---- the contract ------------------------------------------------------------------------------------------------

    @Test
    void testConnectionCallsThePsaWithTheCredentials() {
        stubTestConnection();

        String message = connector.testConnection(context());

        assertThat(message).isNotBlank();
        assertThat(psa.getAllServeEvents()).isNotEmpty();
    }

    @Test
    void testConnectionWithRejectedCredentialsIsPermanentWithThePsaMessage() {
        stubTestConnectionRejected();

        PsaException e = catchThrowableOfType(PsaException.class, () -> connector.testConnection(context()));

        assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(e.getMessage()).contains("credentials rejected by the stub");
    }

    /** The same requests as {@link #stubTestConnection()}, answered 401 with the PSA's error body. */
    protected abstract void stubTestConnectionRejected();

    @Test
    void snapshotReadsEveryPageOfCompaniesCatalogContractsAndLines() {
        stubSnapshot();
        RecordingSink sink = new RecordingSink();

        connector.readSnapshot(context(), sink);

        ExpectedSnapshot expected = expectedSnapshot();
        assertThat(normalizedProducts(sink.products)).containsExactlyInAnyOrderElementsOf(normalizedProducts(expected.products()));
        assertThat(sink.companies).containsExactlyInAnyOrderElementsOf(expected.companies());
        assertThat(sink.contracts).containsExactlyInAnyOrderElementsOf(expected.contracts());
        assertThat(normalizedLines(sink.lines)).containsExactlyInAnyOrderElementsOf(normalizedLines(expected.lines()));
        assertSnapshotPaging();
    }

    @Test
    void snapshotMarksProspectsInactiveCompaniesAndNonRecurringContractsAsNotBillable() {
        stubSnapshot();
        RecordingSink sink = new RecordingSink();

        connector.readSnapshot(context(), sink);

        ExpectedSnapshot expected = expectedSnapshot();
        assertThat(ids(sink.companies.stream().filter(c -> !c.billable()).map(RemoteCompany::externalId)))
                .isNotEmpty()
                .isEqualTo(ids(expected.companies().stream().filter(c -> !c.billable()).map(RemoteCompany::externalId)));
        assertThat(ids(sink.contracts.stream().filter(c -> !c.billable()).map(RemoteContract::externalId)))
                .isNotEmpty()
                .isEqualTo(ids(expected.contracts().stream().filter(c -> !c.billable()).map(RemoteContract::externalId)));
        assertThat(sink.lines.stream().filter(l -> !l.active())).as("cancelled / inactive lines").isNotEmpty();
        Set<String> billableContracts = ids(sink.contracts.stream().filter(RemoteContract::billable).map(RemoteContract::externalId));
        assertThat(sink.lines).allMatch(l -> billableContracts.contains(l.contractExternalId()));
    }

    @Test
    void settingsDecideWhichContractsCountAsBillable() {
        stubSnapshot();
        stubSnapshotForOverride();
        RecordingSink sink = new RecordingSink();

        connector.readSnapshot(context(overridingBillableSettings()), sink);

        assertThat(ids(sink.contracts.stream().filter(RemoteContract::billable).map(RemoteContract::externalId)))
                .isEqualTo(contractsBillableUnderOverride());
    }

    @Test
    void readQuantityReturnsTheLinesQuantityAsADecimal() {
        stubLineContext();
        psa.stubFor(quantityRead().willReturn(quantityReadAnswer(new BigDecimal("10"))));

        assertThat(connector.readQuantity(context(), line())).isEqualByComparingTo("10");
    }

    @Test
    void setQuantityWritesTheAbsoluteTargetOnce() {
        stubLineContext();
        stubWriteScenario(new BigDecimal("10"), new BigDecimal("12"), quantityWriteAnswer(new BigDecimal("12")), true);

        WriteResult result = connector.setQuantity(context(), line(), new BigDecimal("12"), EFFECTIVE, "key-1");

        assertThat(result.quantity()).isEqualByComparingTo("12");
        assertThat(result.psaReference()).isNotBlank();
        List<LoggedRequest> writes = writes();
        assertThat(writes).hasSize(1);
        assertQuantityWriteBody(writes.get(0).getBodyAsString(), new BigDecimal("10"), new BigDecimal("12"), EFFECTIVE);
        assertThat(sleeper.waits).isEmpty();
    }

    @Test
    void timeoutAfterTheWriteLandedIsConfirmedByReadingAndNeverWrittenTwice() {
        stubLineContext();
        stubWriteScenario(new BigDecimal("10"), new BigDecimal("12"),
                quantityWriteAnswer(new BigDecimal("12")).withFixedDelay(NO_ANSWER_IN_TIME_MS), true);

        WriteResult result = connector.setQuantity(context(), line(), new BigDecimal("12"), EFFECTIVE, "key-1");

        assertThat(result.quantity()).isEqualByComparingTo("12");
        assertThat(result.message()).contains("confirmed");
        assertThat(writes()).hasSize(1);
    }

    @Test
    void writeRejectedWith429WaitsForRetryAfterRereadsAndWritesAgain() {
        stubLineContext();
        stubWriteScenario(new BigDecimal("10"), new BigDecimal("12"),
                psaError(429, "Too many requests").withHeader("Retry-After", "7"), false);

        WriteResult result = connector.setQuantity(context(), line(), new BigDecimal("12"), EFFECTIVE, "key-1");

        assertThat(result.quantity()).isEqualByComparingTo("12");
        assertThat(sleeper.waits).contains(Duration.ofSeconds(7));
        List<LoggedRequest> writes = writes();
        assertThat(writes).hasSize(2);
        assertQuantityWriteBody(writes.get(1).getBodyAsString(), new BigDecimal("10"), new BigDecimal("12"), EFFECTIVE);
    }

    @Test
    void permanentErrorOnWriteIsSurfacedWithThePsaMessageAndNotRetried() {
        stubLineContext();
        stubWriteScenario(new BigDecimal("10"), new BigDecimal("12"), psaError(400, "Quantity is not valid for this line"), false);

        PsaException e = catchThrowableOfType(PsaException.class,
                () -> connector.setQuantity(context(), line(), new BigDecimal("12"), EFFECTIVE, "key-1"));

        assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(e.getMessage()).contains("Quantity is not valid for this line");
        assertThat(writes()).hasSize(1);
        assertThat(sleeper.waits).isEmpty();
    }

    @Test
    void readRetriesAfter429HonouringRetryAfterSeconds() {
        stubLineContext();
        psa.stubFor(quantityRead().inScenario("read").whenScenarioStateIs(STARTED).willSetStateTo("ok")
                .willReturn(psaError(429, "Slow down").withHeader("Retry-After", "3")));
        psa.stubFor(quantityRead().inScenario("read").whenScenarioStateIs("ok")
                .willReturn(quantityReadAnswer(new BigDecimal("10"))));

        assertThat(connector.readQuantity(context(), line())).isEqualByComparingTo("10");
        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(3));
        assertThat(reads()).hasSize(2);
    }

    @Test
    void readRetriesAfter429HonouringRetryAfterHttpDate() {
        stubLineContext();
        String inFiveSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(CLOCK.instant().plusSeconds(5).atZone(ZoneOffset.UTC));
        psa.stubFor(quantityRead().inScenario("read").whenScenarioStateIs(STARTED).willSetStateTo("ok")
                .willReturn(psaError(429, "Slow down").withHeader("Retry-After", inFiveSeconds)));
        psa.stubFor(quantityRead().inScenario("read").whenScenarioStateIs("ok")
                .willReturn(quantityReadAnswer(new BigDecimal("10"))));

        assertThat(connector.readQuantity(context(), line())).isEqualByComparingTo("10");
        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(5));
    }

    @Test
    void readRetriesAfterAServerErrorWithBackoff() {
        stubLineContext();
        psa.stubFor(quantityRead().inScenario("read").whenScenarioStateIs(STARTED).willSetStateTo("ok")
                .willReturn(psaError(500, "Internal error")));
        psa.stubFor(quantityRead().inScenario("read").whenScenarioStateIs("ok")
                .willReturn(quantityReadAnswer(new BigDecimal("10"))));

        assertThat(connector.readQuantity(context(), line())).isEqualByComparingTo("10");
        assertThat(reads()).hasSize(2);
        assertThat(sleeper.waits).containsExactly(httpSettings().initialBackoff());
    }

    @Test
    void readThatKeepsFailingGivesUpAsRetryable() {
        stubLineContext();
        psa.stubFor(quantityRead().willReturn(psaError(503, "Maintenance")));

        PsaException e = catchThrowableOfType(PsaException.class, () -> connector.readQuantity(context(), line()));

        assertThat(e.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(e.getMessage()).contains("503");
        assertThat(reads()).hasSize(httpSettings().maxReadAttempts());
    }

    @Test
    void createLineAddsTheProductToTheContractOnce() {
        stubCreateScenario(createNewLineAnswer());
        NewLine n = newLine();

        WriteResult result = connector.createLine(context(), n.companyExternalId(), n.contractExternalId(), n.product(),
                n.quantity(), EFFECTIVE, "key-new");

        assertThat(result.psaReference()).isEqualTo(n.expectedReference());
        assertThat(result.quantity()).isEqualByComparingTo(n.quantity());
        List<LoggedRequest> creates = creates();
        assertThat(creates).hasSize(1);
        assertCreateBody(creates.get(0).getBodyAsString());
    }

    @Test
    void createThatTimedOutAfterLandingIsFoundAndNeverCreatedTwice() {
        stubCreateScenario(createNewLineAnswer().withFixedDelay(NO_ANSWER_IN_TIME_MS));
        NewLine n = newLine();

        WriteResult result = connector.createLine(context(), n.companyExternalId(), n.contractExternalId(), n.product(),
                n.quantity(), EFFECTIVE, "key-new");

        assertThat(result.psaReference()).isEqualTo(n.expectedReference());
        assertThat(result.quantity()).isEqualByComparingTo(n.quantity());
        assertThat(creates()).hasSize(1);
        assertThat(writes()).as("no quantity write either: the created line has the quantity").isEmpty();
    }

    @Test
    void createRejectedPermanentlyIsSurfacedWithThePsaMessage() {
        stubCreateScenario(psaError(400, "Product is not allowed on this contract"));
        NewLine n = newLine();

        assertThatThrownBy(() -> connector.createLine(context(), n.companyExternalId(), n.contractExternalId(), n.product(),
                n.quantity(), EFFECTIVE, "key-new"))
                .isInstanceOfSatisfying(PsaException.class, e -> assertThat(e.kind()).isEqualTo(Kind.PERMANENT))
                .hasMessageContaining("Product is not allowed on this contract");
        assertThat(creates()).hasSize(1);
    }

    // ---- helpers -----------------------------------------------------------------------------------------------------

    /**
     * The line reads {@code before} until a write lands, then {@code target}. The first write answers {@code first}
     * and lands when {@code firstLands}; a later write answers OK and lands.
     */
    protected void stubWriteScenario(BigDecimal before, BigDecimal target, ResponseDefinitionBuilder first, boolean firstLands) {
        psa.stubFor(quantityWrite().inScenario("line").whenScenarioStateIs(STARTED)
                .willSetStateTo(firstLands ? LANDED : REJECTED).willReturn(first));
        psa.stubFor(quantityWrite().inScenario("line").whenScenarioStateIs(REJECTED)
                .willSetStateTo(LANDED).willReturn(quantityWriteAnswer(target)));
        psa.stubFor(quantityWrite().inScenario("line").whenScenarioStateIs(LANDED).willReturn(quantityWriteAnswer(target)));
        psa.stubFor(quantityRead().inScenario("line").whenScenarioStateIs(STARTED).willReturn(quantityReadAnswer(before)));
        psa.stubFor(quantityRead().inScenario("line").whenScenarioStateIs(REJECTED).willReturn(quantityReadAnswer(before)));
        psa.stubFor(quantityRead().inScenario("line").whenScenarioStateIs(LANDED).willReturn(quantityReadAnswer(target)));
    }

    /** The new line is absent until the create lands (the first create lands whatever it answers, unless 4xx). */
    protected void stubCreateScenario(ResponseDefinitionBuilder createAnswer) {
        stubCreateContext();
        boolean rejected = createAnswer.build().getStatus() >= 400;
        psa.stubFor(createNewLine().inScenario("create").whenScenarioStateIs(STARTED)
                .willSetStateTo(rejected ? REJECTED : LANDED).willReturn(createAnswer));
        psa.stubFor(findNewLine().inScenario("create").whenScenarioStateIs(STARTED).willReturn(findNewLineAnswer(false)));
        psa.stubFor(findNewLine().inScenario("create").whenScenarioStateIs(REJECTED).willReturn(findNewLineAnswer(false)));
        psa.stubFor(findNewLine().inScenario("create").whenScenarioStateIs(LANDED).willReturn(findNewLineAnswer(true)));
    }

    protected List<LoggedRequest> writes() {
        return psa.findAll(like(quantityWrite().build().getRequest()));
    }

    protected List<LoggedRequest> reads() {
        return psa.findAll(like(quantityRead().build().getRequest()));
    }

    protected List<LoggedRequest> creates() {
        return psa.findAll(like(createNewLine().build().getRequest()));
    }

    protected static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    protected static ResponseDefinitionBuilder json(String body) {
        return json(200, body);
    }

    private static Set<String> ids(java.util.stream.Stream<String> ids) {
        return ids.collect(Collectors.toSet());
    }

    private static List<RemoteProduct> normalizedProducts(List<RemoteProduct> products) {
        return products.stream().map(p -> new RemoteProduct(p.externalId(), p.identifier(), p.name(), strip(p.unitPrice()),
                strip(p.unitCost()))).toList();
    }

    private static List<RemoteLine> normalizedLines(List<RemoteLine> lines) {
        return lines.stream().map(l -> new RemoteLine(l.externalId(), l.contractExternalId(), l.companyExternalId(),
                l.productExternalId(), strip(l.quantity()), strip(l.unitPrice()), strip(l.unitCost()), l.active())).toList();
    }

    private static BigDecimal strip(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros();
    }

    /** What a connector's snapshot must deliver for the stubbed PSA data. */
    public record ExpectedSnapshot(List<RemoteCompany> companies, List<RemoteProduct> products,
                                      List<RemoteContract> contracts, List<RemoteLine> lines) {
    }

    /** A new-revenue line to create and the PSA reference the connector must answer with. */
    public record NewLine(String companyExternalId, String contractExternalId, RemoteProduct product, BigDecimal quantity,
                             String expectedReference) {
    }

    /** Collects what a snapshot delivers. */
    public static final class RecordingSink implements SnapshotSink {
        public final List<RemoteCompany> companies = new ArrayList<>();
        public final List<RemoteProduct> products = new ArrayList<>();
        public final List<RemoteContract> contracts = new ArrayList<>();
        public final List<RemoteLine> lines = new ArrayList<>();

        @Override
        public void company(RemoteCompany company) {
            companies.add(company);
        }

        @Override
        public void product(RemoteProduct product) {
            products.add(product);
        }

        @Override
        public void contract(RemoteContract contract) {
            contracts.add(contract);
        }

        @Override
        public void line(RemoteLine line) {
            lines.add(line);
        }
    }

    /** Records the waits a connector asks for instead of spending them. */
    public static final class RecordingSleeper implements Sleeper {
        public final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void sleep(Duration duration) {
            waits.add(duration);
        }
    }
}
