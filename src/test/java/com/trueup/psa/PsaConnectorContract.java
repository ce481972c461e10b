package com.trueup.psa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.trueup.psa.connector.Capabilities;
import com.trueup.psa.connector.ConnectorException;
import com.trueup.psa.connector.ConnectorException.Kind;
import com.trueup.psa.connector.LineRef;
import com.trueup.psa.connector.NewLine;
import com.trueup.psa.connector.PsaClient;
import com.trueup.psa.connector.PsaConnector;
import com.trueup.psa.connector.RemoteCompany;
import com.trueup.psa.connector.RemoteContract;
import com.trueup.psa.connector.RemoteLine;
import com.trueup.psa.connector.RemoteProduct;
import com.trueup.psa.connector.SnapshotPart;
import com.trueup.psa.connector.SnapshotSink;
import com.trueup.psa.connector.WriteResult;
import com.trueup.psa.connector.WriteStyle;
import com.trueup.psa.connector.http.HttpKit;
import com.trueup.psa.connector.http.PsaHttpSettings;
import com.trueup.psa.connector.http.RateGates;
import com.trueup.psa.connector.http.Sleeper;
import com.trueup.psa.contract.FakePsa;
import com.trueup.psa.contract.PsaWorld;
import com.trueup.psa.contract.StubServer;
import com.trueup.psa.contract.StubServer.Fault;
import com.trueup.psa.contract.StubServer.Role;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
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
 * The contract every PSA connector keeps, generic over the connector and keyed by what its descriptor declares. A
 * connector's test extends this class with its {@link FakePsa} (a stub speaking the PSA's documented JSON, holding a
 * {@link PsaWorld}) and the number of requests a full sync of the reference world costs; every scenario lives here
 * once. Writes go through {@link QuantityWrites}, as in production. Scenarios that do not apply to a connector (an
 * HTTP fault for a PSA not reached over HTTP, a token renewal for a PSA without tokens) are skipped for it.
 */
public abstract class PsaConnectorContract {

    /** Wednesday 15 May 2024, 10:00 UTC: "today" for every connector test. */
    protected static final Clock CLOCK = Clock.fixed(Instant.parse("2024-05-15T10:00:00Z"), ZoneOffset.UTC);

    protected static final LocalDate TODAY = LocalDate.of(2024, 5, 15);
    protected static final LocalDate EFFECTIVE = LocalDate.of(2024, 6, 1);
    /** How long a test write may wait for its answer; a stub slower than this makes the write's outcome unknown. */
    protected static final Duration WRITE_TIMEOUT = Duration.ofMillis(700);
    /** How late a stub answers a write that landed: far beyond the timeout, even on a loaded machine. */
    protected static final Duration TOO_LATE = Duration.ofSeconds(5);

    protected final RecordingSleeper sleeper = new RecordingSleeper();
    protected FakePsa psa;
    protected PsaConnector connector;
    private QuantityWrites writes;

    // ---- what each connector's test supplies ---------------------------------------------------------------------

    /** A fresh stub of the PSA (started; closed after the test). */
    protected abstract FakePsa newFakePsa(Clock clock);

    /** The connector under test, built on {@code kit} when it speaks HTTP. */
    protected abstract PsaConnector newConnector(HttpKit kit);

    /** Settings under which other contracts count as billable, and those contracts (world keys). */
    protected abstract Map<String, String> overridingBillableSettings();

    protected abstract Set<String> contractsBillableUnderOverride();

    /** Requests of one full sync of {@link PsaWorld#budget()} with the default settings (stated in the docs; HTTP PSAs). */
    protected abstract int fullSyncRequests();

    // ---- lifecycle
    // ---------------------------------------------------------------------------------------------------

    protected PsaHttpSettings httpSettings() {
        return new PsaHttpSettings(
                Duration.ofSeconds(2),
                Duration.ofSeconds(2),
                WRITE_TIMEOUT,
                4,
                Duration.ofMillis(100),
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                3,
                Duration.ofSeconds(2),
                0.5,
                10_000,
                Duration.ofDays(31),
                Duration.ofHours(2),
                10_000,
                Duration.ofHours(1));
    }

    private HttpKit kit(double budgetScale) {
        return new HttpKit(httpSettings(), sleeper, CLOCK, new RateGates(httpSettings(), budgetScale));
    }

    @BeforeEach
    void startFakePsa() {
        psa = newFakePsa(CLOCK);
        psa.load(PsaWorld.reference());
        connector = newConnector(kit(1.0));
        writes = new QuantityWrites(httpSettings(), sleeper);
    }

    @AfterEach
    void stopFakePsa() {
        psa.close();
    }

    protected Capabilities can() {
        return connector.descriptor().capabilities();
    }

    protected boolean reads(SnapshotPart part) {
        return can().readsFromApi(part);
    }

    protected PsaClient client() {
        return client(Map.of());
    }

    protected PsaClient client(Map<String, String> settings) {
        return connector.open(psa.context(settings));
    }

    protected LineRef line(String key) {
        PsaWorld.Line line = psa.world().line(key).orElseThrow();
        PsaWorld.Contract contract = psa.world().contract(line.contractKey);
        return new LineRef(
                psa.id(key), psa.id(line.contractKey), psa.id(contract.companyKey()), psa.id(line.productKey));
    }

    protected BigDecimal quantityInPsa(String key) {
        return psa.world().line(key).orElseThrow().quantity;
    }

    private StubServer server() {
        return psa.server().orElseThrow();
    }

    private void assumeHttp() {
        assumeTrue(psa.server().isPresent(), "the PSA is not reached over HTTP");
    }

    private List<StubServer.Call> calls(Role role) {
        return psa.server().map(s -> s.calls(role)).orElse(List.of());
    }

    /** Brings a world line to {@code target} the way a write-back does (through QuantityWrites, nothing read before). */
    protected WriteResult set(String key, String target) {
        return writes.setQuantity(
                connector.descriptor(), client(), line(key), new BigDecimal(target), EFFECTIVE, "key-" + key, null);
    }

    /** Adds a line the way a write-back of new revenue does (through QuantityWrites). */
    protected WriteResult create(NewLine line) {
        return writes.createLine(connector.descriptor(), client(), line);
    }

    // ---- connecting
    // ----------------------------------------------------------------------------------------------------

    @Test
    void testConnectionReachesThePsaAndSaysWhat() {
        String message = client().testConnection();

        assertThat(message).isNotBlank();
        psa.server().ifPresent(s -> assertThat(s.calls()).isNotEmpty());
    }

    @Test
    void rejectedCredentialsArePermanentWithThePsasMessage() {
        assumeHttp();
        psa.rejectCredentials();

        ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> client().testConnection());

        assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(e.getMessage()).contains("credentials rejected by the stub");
    }

    // ---- reading
    // -------------------------------------------------------------------------------------------------------

    @Test
    void snapshotReadsEveryPageOfEveryList() {
        RecordingSink sink = new RecordingSink();

        client(psa.smallPages()).readSnapshot(sink);

        PsaWorld world = psa.world();
        if (reads(SnapshotPart.COMPANIES)) {
            assertThat(sink.companies)
                    .containsExactlyInAnyOrderElementsOf(world.companies().stream()
                            .map(c -> new RemoteCompany(
                                    psa.id(c.key()), c.name(), c.billable() || !psa.tellsWhichCompaniesAreBilled()))
                            .toList());
        } else {
            assertThat(sink.companies).as("companies come from files").isEmpty();
        }
        if (reads(SnapshotPart.PRODUCTS)) {
            assertThat(normalized(sink.products))
                    .containsExactlyInAnyOrderElementsOf(normalized(world.products().stream()
                            .map(p -> new RemoteProduct(
                                    psa.id(p.key()), psa.identifier(p), p.name(), p.price(), p.cost()))
                            .toList()));
        } else {
            assertThat(sink.products).as("the catalog comes from files").isEmpty();
        }
        if (reads(SnapshotPart.CONTRACTS)) {
            assertThat(sink.contracts.stream()
                            .map(k -> new RemoteContract(k.externalId(), k.companyExternalId(), k.name(), k.billable()))
                            .toList())
                    .containsExactlyInAnyOrderElementsOf(world.contracts().stream()
                            .map(k ->
                                    new RemoteContract(psa.id(k.key()), psa.id(k.companyKey()), k.name(), k.billable()))
                            .toList());
        } else {
            assertThat(sink.contracts).as("contracts come from files").isEmpty();
        }
        if (!reads(SnapshotPart.LINES)) {
            assertThat(sink.lines).as("lines come from files").isEmpty();
            return;
        }
        Set<String> billable = world.contracts().stream()
                .filter(PsaWorld.Contract::billable)
                .map(k -> psa.id(k.key()))
                .collect(Collectors.toSet());
        assertThat(comparable(sink.lines.stream()
                        .filter(l -> billable.contains(l.contractExternalId()))
                        .toList()))
                .containsExactlyInAnyOrderElementsOf(comparable(world.lines().stream()
                        .filter(l -> world.contract(l.contractKey).billable())
                        .filter(l -> psa.keepsCancelledLines() || !l.cancelled)
                        .map(l -> new RemoteLine(
                                psa.id(l.key),
                                psa.id(l.contractKey),
                                psa.id(world.contract(l.contractKey).companyKey()),
                                psa.id(l.productKey),
                                l.quantity,
                                l.price,
                                l.cost,
                                !l.cancelled))
                        .toList()));
    }

    @Test
    void snapshotMarksWhatIsNotBillable() {
        RecordingSink sink = new RecordingSink();

        client().readSnapshot(sink);

        if (reads(SnapshotPart.COMPANIES) && psa.tellsWhichCompaniesAreBilled()) {
            assertThat(sink.companies.stream().filter(c -> !c.billable()).map(RemoteCompany::externalId))
                    .containsExactlyInAnyOrder(psa.id("c4"), psa.id("c5"));
        }
        if (reads(SnapshotPart.CONTRACTS)) {
            assertThat(sink.contracts.stream().filter(c -> !c.billable()).map(RemoteContract::externalId))
                    .containsExactlyInAnyOrder(psa.id("k4"), psa.id("k5"));
        }
        if (!reads(SnapshotPart.LINES)) {
            return;
        }
        if (psa.keepsCancelledLines()) {
            assertThat(sink.lines.stream().filter(l -> !l.active()).map(RemoteLine::externalId))
                    .contains(psa.id("l4"));
        } else {
            assertThat(sink.lines.stream().map(RemoteLine::externalId)).doesNotContain(psa.id("l4"));
        }
    }

    @Test
    void settingsDecideWhichContractsAreBillable() {
        assumeTrue(reads(SnapshotPart.CONTRACTS), "contracts come from files");
        RecordingSink sink = new RecordingSink();

        client(overridingBillableSettings()).readSnapshot(sink);

        assertThat(sink.contracts.stream().filter(RemoteContract::billable).map(RemoteContract::externalId))
                .containsExactlyInAnyOrderElementsOf(
                        contractsBillableUnderOverride().stream().map(psa::id).toList());
    }

    @Test
    void whatTheApiCannotReadOrWriteIsSaidInWords() {
        assumeTrue(!reads(SnapshotPart.LINES) || !can().writes());

        assertThat(can().limitations())
                .as("the limitations say what goes by file or change sheet")
                .isNotEmpty();
        if (!can().writes()) {
            assertThat(can().limitations()).anySatisfy(l -> assertThat(l).containsIgnoringCase("change sheet"));
        }
        if (!reads(SnapshotPart.LINES)) {
            assertThat(can().limitations()).anySatisfy(l -> assertThat(l).containsIgnoringCase("file"));
        }
    }

    @Test
    void readQuantityAnswersTheLinesQuantity() {
        assumeTrue(can().readsLineQuantities());

        assertThat(client().readQuantity(line("l1"), TODAY))
                .hasValueSatisfying(q -> assertThat(q).isEqualByComparingTo("10"));
    }

    @Test
    void aLineThatIsGoneReadsAsEmpty() {
        assumeTrue(can().readsLineQuantities());
        LineRef gone = line("l1");
        psa.deleteLine("l1");

        assertThat(client().readQuantity(gone, TODAY)).isEmpty();
    }

    @Test
    void fullSyncOfTheBudgetWorldCostsTheDocumentedRequests() throws IOException {
        assumeHttp();
        psa.load(PsaWorld.budget());
        RecordingSink sink = new RecordingSink();

        client().readSnapshot(sink);

        if (reads(SnapshotPart.LINES)) {
            assertThat(sink.lines).hasSize(1000);
        } else if (reads(SnapshotPart.CONTRACTS)) {
            assertThat(sink.contracts).hasSize(200);
        } else if (reads(SnapshotPart.COMPANIES)) {
            assertThat(sink.companies).hasSize(200);
        }
        int requests = psa.server().map(s -> s.calls().size()).orElse(0);
        assertThat(requests).as("requests of one full sync").isEqualTo(fullSyncRequests());
        String docs = Files.readString(Path.of("docs/psa-connectors.md"));
        assertThat(docs)
                .as("docs/psa-connectors.md states the figure")
                .contains("| " + connector.descriptor().label() + " | " + String.format("%,d", requests) + " |");
    }

    // ---- changing a quantity
    // -------------------------------------------------------------------------------------------

    @Test
    void aQuantityIsWrittenOnceAndLands() {
        assumeTrue(can().updatesLines());

        WriteResult result = set("l1", "12");

        assertThat(result.quantity()).isEqualByComparingTo("12");
        assertThat(result.reference()).isNotBlank();
        assertThat(quantityInPsa("l1")).isEqualByComparingTo("12");
        psa.server().ifPresent(s -> assertThat(s.calls(Role.WRITE_QUANTITY)).hasSize(1));
        assertThat(sleeper.waits).isEmpty();
    }

    @Test
    void aTargetAlreadyReachedWritesNothing() {
        assumeTrue(can().updatesLines());
        BigDecimal now = client().readQuantity(line("l1"), EFFECTIVE).orElseThrow();

        WriteResult result = writes.setQuantity(
                connector.descriptor(), client(), line("l1"), new BigDecimal("10"), EFFECTIVE, "key-1", now);

        assertThat(result.quantity()).isEqualByComparingTo("10");
        assertThat(result.message()).contains("nothing written");
        assertThat(calls(Role.WRITE_QUANTITY)).isEmpty();
    }

    @Test
    void aFractionIsRefusedByWholeNumberPsasAndWrittenExactlyByOthers() {
        assumeTrue(can().updatesLines());

        if (can().wholeQuantitiesOnly()) {
            ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> set("l1", "12.5"));
            assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
            assertThat(e.getMessage()).contains("whole");
            assertThat(quantityInPsa("l1")).isEqualByComparingTo("10");
            assertThat(calls(Role.WRITE_QUANTITY)).isEmpty();
        } else {
            set("l1", "12.5");
            assertThat(quantityInPsa("l1")).isEqualByComparingTo("12.5");
        }
    }

    @Test
    void aDeltaPsaGetsTheDifferenceFromTheQuantityInForce() {
        assumeTrue(can().updatesLines() && can().writeStyle() == WriteStyle.DELTA);

        set("l1", "13");
        assertThat(quantityInPsa("l1")).isEqualByComparingTo("13");
        psa.changeQuantity("l1", new BigDecimal("11")); // someone changed it in the PSA
        set("l1", "13");

        assertThat(quantityInPsa("l1")).isEqualByComparingTo("13");
    }

    @Test
    void aWriteRefusedWith429WaitsRereadsAndWritesAgain() {
        assumeTrue(can().updatesLines());
        assumeHttp();
        server().next(
                        Role.WRITE_QUANTITY,
                        new Fault.Instead(psa.error(429, "Too many requests").header("Retry-After", "7")));

        WriteResult result = set("l1", "12");

        assertThat(result.quantity()).isEqualByComparingTo("12");
        assertThat(quantityInPsa("l1")).isEqualByComparingTo("12");
        assertThat(sleeper.waits).contains(Duration.ofSeconds(7));
        assertThat(server().calls(Role.WRITE_QUANTITY)).hasSize(2);
    }

    @Test
    void aWriteWhoseAnswerIsLostIsConfirmedByReadingAndNeverSentTwice() {
        assumeTrue(can().updatesLines());
        assumeHttp();
        server().next(Role.WRITE_QUANTITY, new Fault.LateAnswer(TOO_LATE));

        WriteResult result = set("l1", "12");

        assertThat(result.quantity()).isEqualByComparingTo("12");
        assertThat(result.message()).contains("confirmed");
        assertThat(quantityInPsa("l1")).isEqualByComparingTo("12");
        assertThat(server().calls(Role.WRITE_QUANTITY)).hasSize(1);
    }

    @Test
    void aPermanentRefusalCarriesThePsasMessageAndIsNotRepeated() {
        assumeTrue(can().updatesLines());
        assumeHttp();
        server().next(Role.WRITE_QUANTITY, new Fault.Instead(psa.error(400, "Quantity is not valid for this line")));

        ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> set("l1", "12"));

        assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(e.getMessage()).contains("Quantity is not valid for this line");
        assertThat(quantityInPsa("l1")).isEqualByComparingTo("10");
        assertThat(server().calls(Role.WRITE_QUANTITY)).hasSize(1);
        assertThat(sleeper.waits).isEmpty();
    }

    // ---- retries and limits
    // --------------------------------------------------------------------------------------------

    @Test
    void aReadAnswered500IsRetriedAfterABackoff() {
        assumeTrue(can().readsLineQuantities());
        assumeHttp();
        server().next(Role.READ_LINE, new Fault.Instead(psa.error(500, "Internal error")));

        assertThat(client().readQuantity(line("l1"), TODAY))
                .hasValueSatisfying(q -> assertThat(q).isEqualByComparingTo("10"));
        assertThat(sleeper.waits).containsExactly(httpSettings().initialBackoff());
    }

    @Test
    void aReadAnswered429WaitsForRetryAfter() {
        assumeTrue(can().readsLineQuantities());
        assumeHttp();
        server().next(
                        Role.READ_LINE,
                        new Fault.Instead(psa.error(429, "Slow down").header("Retry-After", "3")));

        assertThat(client().readQuantity(line("l1"), TODAY))
                .hasValueSatisfying(q -> assertThat(q).isEqualByComparingTo("10"));
        assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(3));
    }

    @Test
    void aReadThatKeepsFailingGivesUpAsRetryable() {
        assumeTrue(can().readsLineQuantities());
        assumeHttp();
        for (int i = 0; i < httpSettings().maxReadAttempts(); i++) {
            server().next(Role.READ_LINE, new Fault.Instead(psa.error(503, "Maintenance")));
        }

        ConnectorException e =
                catchThrowableOfType(ConnectorException.class, () -> client().readQuantity(line("l1"), TODAY));

        assertThat(e.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(e.getMessage()).contains("503");
        assertThat(server().calls(Role.READ_LINE)).hasSize(httpSettings().maxReadAttempts());
    }

    @Test
    void anExpiredTokenIsRenewedOnceAfterA401() {
        assumeTrue(connector.descriptor().auth().renewsTokens());
        assumeHttp();
        client().testConnection();
        int tokensBefore = server().calls(Role.TOKEN).size();
        server().next(Role.READ, new Fault.Instead(psa.error(401, "token expired")));

        assertThat(client().testConnection()).isNotBlank();

        assertThat(server().calls(Role.TOKEN)).hasSize(tokensBefore + 1);
    }

    @Test
    void aTokenRefusedAgainAfterRenewalIsPermanent() {
        assumeTrue(connector.descriptor().auth().renewsTokens());
        assumeHttp();
        server().next(Role.READ, new Fault.Instead(psa.error(401, "token expired")));
        server().next(Role.READ, new Fault.Instead(psa.error(401, "token expired")));

        ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> client().testConnection());

        assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(server().calls(Role.READ)).hasSize(2);
    }

    @Test
    void theGateRefusesBeforeSendingWhenTheBudgetIsSpent() {
        assumeTrue(can().rateLimits().perHour() > 0 || can().rateLimits().perMinute() > 0);
        assumeHttp();
        connector = newConnector(kit(1e-9)); // every budget shrinks to one request
        PsaClient client = client();

        ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> {
            for (int i = 0; i < 10; i++) {
                if (can().readsLineQuantities()) {
                    client.readQuantity(line("l1"), TODAY);
                } else {
                    client.testConnection();
                }
            }
        });

        assertThat(e).as("the budget of one request is spent").isNotNull();
        assertThat(e.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(e.retryAfter()).isPositive();
        assertThat(e.getMessage()).contains("budget");
        var sent = server().calls().stream().filter(c -> c.role() != Role.TOKEN).toList();
        long endpoints = sent.stream()
                .map(c -> c.method() + " " + c.path().replaceAll("/[^/]*\\d[^/]*", "/{id}"))
                .distinct()
                .count();
        assertThat(sent)
                .as("requests that reached the PSA")
                .hasSize(can().rateLimits().perEndpoint() ? (int) endpoints : 1);
    }

    // ---- adding a line
    // -------------------------------------------------------------------------------------------------

    private NewLine newLine() {
        PsaWorld.Product p3 = psa.world().product("p3");
        return new NewLine(
                psa.id("c1"),
                psa.id("k1"),
                new RemoteProduct(psa.id("p3"), psa.identifier(p3), p3.name(), p3.price(), p3.cost()),
                new BigDecimal("5"),
                EFFECTIVE,
                "key-new");
    }

    @Test
    void aLineIsAddedOnce() {
        assumeTrue(can().createsLines());

        WriteResult result = writes.createLine(connector.descriptor(), client(), newLine());

        List<PsaWorld.Line> added = psa.world().activeLines("k1", "p3");
        assertThat(added).hasSize(1);
        assertThat(added.get(0).quantity).isEqualByComparingTo("5");
        assertThat(result.reference()).isEqualTo(psa.id(added.get(0).key));
        assertThat(result.quantity()).isEqualByComparingTo("5");
        assertThat(calls(Role.CREATE_LINE)).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void aCreateWhoseAnswerIsLostIsFoundAndNeverSentTwice() {
        assumeTrue(can().createsLines());
        assumeHttp();
        server().next(Role.CREATE_LINE, new Fault.LateAnswer(TOO_LATE));

        WriteResult result = writes.createLine(connector.descriptor(), client(), newLine());

        List<PsaWorld.Line> added = psa.world().activeLines("k1", "p3");
        assertThat(added).hasSize(1);
        assertThat(result.reference()).isEqualTo(psa.id(added.get(0).key));
        assertThat(server().calls(Role.CREATE_LINE)).hasSize(1);
        assertThat(server().calls(Role.WRITE_QUANTITY))
                .as("the created line already has the quantity")
                .isEmpty();
    }

    @Test
    void aCreateOfUnknownOutcomeThatDoesNotShowIsReportedAndNeverSentTwice() {
        assumeTrue(can().createsLines());
        assumeHttp();
        server().next(Role.CREATE_LINE, new Fault.LostUnhandled(TOO_LATE));

        ConnectorException e = catchThrowableOfType(
                ConnectorException.class, () -> writes.createLine(connector.descriptor(), client(), newLine()));

        assertThat(e.kind()).isEqualTo(Kind.UNKNOWN_OUTCOME);
        assertThat(server().calls(Role.CREATE_LINE))
                .as("a create that may have landed is never sent again")
                .hasSize(1);
        assertThat(psa.world().activeLines("k1", "p3")).isEmpty();
    }

    @Test
    void aCreateRefusedPermanentlyCarriesThePsasMessage() {
        assumeTrue(can().createsLines());
        assumeHttp();
        server().next(Role.CREATE_LINE, new Fault.Instead(psa.error(400, "Product is not allowed on this contract")));

        ConnectorException e = catchThrowableOfType(
                ConnectorException.class, () -> writes.createLine(connector.descriptor(), client(), newLine()));

        assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(e.getMessage()).contains("Product is not allowed on this contract");
        assertThat(psa.world().activeLines("k1", "p3")).isEmpty();
    }

    @Test
    void aLineOfTheProductAlreadyThereIsSetNotAddedAgain() {
        assumeTrue(can().createsLines() && can().updatesLines());
        NewLine existing = new NewLine(
                psa.id("c1"),
                psa.id("k1"),
                new RemoteProduct(psa.id("p1"), "KEEPER-BIZ", "Keeper Business", null, null),
                new BigDecimal("14"),
                EFFECTIVE,
                "key-existing");

        WriteResult result = writes.createLine(connector.descriptor(), client(), existing);

        assertThat(result.reference()).isEqualTo(psa.id("l1"));
        assertThat(psa.world().activeLines("k1", "p1")).hasSize(1);
        assertThat(quantityInPsa("l1")).isEqualByComparingTo("14");
        assertThat(calls(Role.CREATE_LINE)).isEmpty();
    }

    @Test
    void aPsaThatCannotWriteRefusesWithoutSending() {
        assumeTrue(!can().updatesLines());
        ConnectorException e = catchThrowableOfType(ConnectorException.class, () -> set("l1", "12"));

        assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(calls(Role.WRITE_QUANTITY)).isEmpty();
    }

    // ---- helpers
    // -------------------------------------------------------------------------------------------------------

    private static List<RemoteProduct> normalized(List<RemoteProduct> products) {
        return products.stream()
                .map(p -> new RemoteProduct(
                        p.externalId(), p.identifier(), p.name(), strip(p.unitPrice()), strip(p.unitCost())))
                .toList();
    }

    /** Active lines compare in full; of an inactive line only its ids and state (PSAs report its figures differently). */
    private static List<RemoteLine> comparable(List<RemoteLine> lines) {
        return lines.stream()
                .map(l -> l.active()
                        ? new RemoteLine(
                                l.externalId(),
                                l.contractExternalId(),
                                l.companyExternalId(),
                                l.productExternalId(),
                                strip(l.quantity()),
                                strip(l.unitPrice()),
                                strip(l.unitCost()),
                                true,
                                l.readOnlyReason())
                        : new RemoteLine(
                                l.externalId(),
                                l.contractExternalId(),
                                l.companyExternalId(),
                                l.productExternalId(),
                                null,
                                null,
                                null,
                                false,
                                l.readOnlyReason()))
                .toList();
    }

    private static BigDecimal strip(BigDecimal value) {
        return value == null ? null : value.stripTrailingZeros();
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

    /** Records the waits asked for instead of spending them. */
    public static final class RecordingSleeper implements Sleeper {
        public final List<Duration> waits = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void sleep(Duration duration) {
            waits.add(duration);
        }
    }
}
