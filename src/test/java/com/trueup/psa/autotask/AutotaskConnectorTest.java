package com.trueup.psa.autotask;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.trueup.psa.PsaConnectionInfo;
import com.trueup.psa.PsaException;
import com.trueup.psa.PsaException.Kind;
import com.trueup.psa.PsaWriter.WriteResult;
import com.trueup.psa.QuantityRounding;
import com.trueup.psa.connector.ConnectorContext;
import com.trueup.psa.connector.LineRef;
import com.trueup.psa.connector.PsaConnector;
import com.trueup.psa.connector.PsaConnectorContract;
import com.trueup.psa.connector.RemoteCompany;
import com.trueup.psa.connector.RemoteContract;
import com.trueup.psa.connector.RemoteLine;
import com.trueup.psa.connector.RemoteProduct;
import com.trueup.psa.http.Json;
import com.trueup.psa.http.PsaHttpSettings;
import com.trueup.psa.http.RequestGate;
import com.trueup.psa.http.Sleeper;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Datto Autotask behind a stub serving REST v1.0 JSON (query endpoints with pageDetails, ContractServiceAdjustments). */
class AutotaskConnectorTest extends PsaConnectorContract {

    private static final String API = "/ATServicesRest/V1.0";
    private static final String USER = "api-trueup@example.com";

    @Override
    protected PsaConnector newConnector(PsaHttpSettings settings, Sleeper sleeper, Clock clock) {
        return connector(settings, sleeper, clock, 10_000);
    }

    private AutotaskConnector connector(PsaHttpSettings settings, Sleeper sleeper, Clock clock, int requestsPerHour) {
        return new AutotaskConnector(settings, sleeper, clock, psa.baseUrl() + "/atservicesrest/v1.0", requestsPerHour, 3);
    }

    @Override
    protected ConnectorContext context(Map<String, String> settings) {
        return context(psa.baseUrl() + API, settings);
    }

    private ConnectorContext context(String baseUrl, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of("pageSize", "2"));
        all.putAll(settings);
        return new ConnectorContext(UUID.randomUUID(), UUID.randomUUID(), baseUrl,
                Map.of("username", USER, "secret", "s3cr3t", "integrationCode", "TRUEUPINTEGRATIONCODE"), all, CLOCK);
    }

    @Override
    protected void assertAuthenticated(LoggedRequest request) {
        if (request.getUrl().startsWith("/atservicesrest/v1.0/zoneInformation")) {
            assertThat(request.containsHeader("Secret")).as("zone discovery gets no secret").isFalse();
            return;
        }
        assertThat(request.getHeader("ApiIntegrationCode")).isEqualTo("TRUEUPINTEGRATIONCODE");
        assertThat(request.getHeader("UserName")).isEqualTo(USER);
        assertThat(request.getHeader("Secret")).isEqualTo("s3cr3t");
    }

    // ---- connection ---------------------------------------------------------------------------------------------------

    private MappingBuilder connectionProbe() {
        return post(urlPathEqualTo(API + "/Companies/query")).withRequestBody(equalToJson("""
                {"maxRecords": 1, "includeFields": ["id"], "filter": [{"op": "gte", "field": "id", "value": 0}]}"""));
    }

    @Override
    protected void stubTestConnection() {
        psa.stubFor(connectionProbe().willReturn(json("""
                {"items": [{"id": 0}], "pageDetails": {"count": 1, "requestCount": 1, "prevPageUrl": null, "nextPageUrl": null}}""")));
    }

    @Override
    protected void stubTestConnectionRejected() {
        psa.stubFor(connectionProbe().willReturn(json(401, """
                {"errors": ["credentials rejected by the stub"]}""")));
    }

    @Test
    void withoutBaseUrlTheZoneOfTheApiUserIsDiscovered() {
        psa.stubFor(get(urlPathEqualTo("/atservicesrest/v1.0/zoneInformation")).withQueryParam("user", equalTo(USER))
                .willReturn(json("""
                        {"zoneName": "Pre-Release", "url": "%s/ATServicesRest/", "webUrl": "https://ww5.autotask.net/", "ci": 5}"""
                        .formatted(psa.baseUrl()))));
        stubTestConnection();

        assertThat(connector.testConnection(context("", Map.of()))).startsWith("Connected to Autotask");
        connector.testConnection(context("", Map.of()));

        psa.verify(1, getRequestedFor(urlPathEqualTo("/atservicesrest/v1.0/zoneInformation")));
        psa.verify(2, postRequestedFor(urlPathEqualTo(API + "/Companies/query")));
    }

    @Test
    void theHourlyBudgetStopsRequestsBeforeTheyAreSent() {
        stubTestConnection();
        AutotaskConnector small = connector(httpSettings(), sleeper, CLOCK, 2);

        small.testConnection(context());
        small.testConnection(context());
        PsaException e = catchThrowableOfType(PsaException.class, () -> small.testConnection(context()));

        assertThat(e.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(e.retryAfter()).isPositive();
        psa.verify(2, postRequestedFor(urlPathEqualTo(API + "/Companies/query")));
    }

    @Test
    void atMostThreeRequestsRunAtOnceForOneIntegrationCode() throws Exception {
        AutotaskLimits limits = new AutotaskLimits(3, 10_000, Duration.ofMillis(300));
        RequestGate gate = limits.gate("CODE", USER);
        CountDownLatch inside = new CountDownLatch(3);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (int i = 0; i < 3; i++) {
                pool.submit(() -> gate.pass(() -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    inside.countDown();
                    try {
                        release.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    running.decrementAndGet();
                    return null;
                }));
            }
            assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();

            PsaException fourth = catchThrowableOfType(PsaException.class, () -> gate.pass(() -> "sent"));
            assertThat(fourth.kind()).isEqualTo(Kind.RETRYABLE);

            release.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
            assertThat(limits.gate("CODE", USER).pass(() -> "sent")).isEqualTo("sent");
            assertThat(most.get()).isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- snapshot -----------------------------------------------------------------------------------------------------

    private void pages(String entity, String firstBody, String... moreBodies) {
        String[] all = new String[moreBodies.length + 1];
        all[0] = firstBody;
        System.arraycopy(moreBodies, 0, all, 1, moreBodies.length);
        for (int i = 0; i < all.length; i++) {
            String next = i + 1 < all.length
                    ? "\"" + psa.baseUrl() + API + "/" + entity + "/query/next?paging=" + entity + (i + 2) + "\""
                    : "null";
            String answer = "{\"items\": " + all[i] + ", \"pageDetails\": {\"count\": 2, \"requestCount\": 2, "
                    + "\"prevPageUrl\": null, \"nextPageUrl\": " + next + "}}";
            MappingBuilder request = i == 0
                    ? post(urlPathEqualTo(API + "/" + entity + "/query"))
                    : get(urlPathEqualTo(API + "/" + entity + "/query/next")).withQueryParam("paging", equalTo(entity + (i + 1)));
            psa.stubFor(request.willReturn(json(answer)));
        }
    }

    @Override
    protected void stubSnapshot() {
        pages("Companies", """
                [{"id": 1, "companyName": "Acme Dental Group, LLC", "companyType": 1, "isActive": true},
                 {"id": 2, "companyName": "Blue Ridge Logistics", "companyType": 1, "isActive": true}]""", """
                [{"id": 3, "companyName": "Old Town Florist", "companyType": 3, "isActive": true},
                 {"id": 4, "companyName": "Cedar Creek Veterinary", "companyType": 1, "isActive": false}]""");
        pages("Services", """
                [{"id": 201, "name": "Keeper Business", "unitPrice": 5.00, "unitCost": 3.25, "periodType": 1, "isActive": true},
                 {"id": 202, "name": "Keeper Enterprise", "unitPrice": 7.50, "unitCost": 4.50, "periodType": 1, "isActive": true}]""", """
                [{"id": 203, "name": "Managed Backup", "unitPrice": 15.00, "unitCost": 9.00, "periodType": 1, "isActive": true}]""");
        pages("Contracts", """
                [{"id": 301, "contractName": "Managed Services", "companyID": 1, "contractType": 7, "status": 1,
                  "startDate": "2024-01-01T00:00:00", "endDate": "2024-12-31T00:00:00"},
                 {"id": 302, "contractName": "Block hours", "companyID": 2, "contractType": 6, "status": 1,
                  "startDate": "2024-01-01T00:00:00", "endDate": "2024-12-31T00:00:00"}]""", """
                [{"id": 303, "contractName": "Managed Services", "companyID": 2, "contractType": 7, "status": 1,
                  "startDate": "2024-01-01T00:00:00", "endDate": "2025-12-31T00:00:00"},
                 {"id": 304, "contractName": "Old recurring", "companyID": 1, "contractType": 7, "status": 0,
                  "startDate": "2022-01-01T00:00:00", "endDate": "2023-12-31T00:00:00"}]""");
        pages("ContractServices", """
                [{"id": 4001, "contractID": 301, "serviceID": 201, "unitPrice": 5.00, "unitCost": 3.25, "adjustedPrice": null},
                 {"id": 4002, "contractID": 301, "serviceID": 202, "unitPrice": 7.50, "unitCost": 4.50, "adjustedPrice": 7.00}]""", """
                [{"id": 4003, "contractID": 303, "serviceID": 201, "unitPrice": 5.00, "unitCost": 3.25},
                 {"id": 4004, "contractID": 303, "serviceID": 203, "unitPrice": 15.00, "unitCost": 9.00}]""");
        pages("ContractServiceUnits", """
                [{"id": 1, "contractID": 301, "contractServiceID": 4001, "serviceID": 201, "startDate": "2024-05-01T00:00:00",
                  "endDate": "2024-05-31T00:00:00", "units": 10, "price": 50.00, "cost": 32.50},
                 {"id": 2, "contractID": 301, "contractServiceID": 4002, "serviceID": 202, "startDate": "2024-05-01T00:00:00",
                  "endDate": "2024-05-31T00:00:00", "units": 4, "price": 28.00, "cost": 18.00}]""", """
                [{"id": 3, "contractID": 303, "contractServiceID": 4003, "serviceID": 201, "startDate": "2024-05-01T00:00:00",
                  "endDate": "2024-05-31T00:00:00", "units": 25, "price": 125.00, "cost": 81.25}]""");
    }

    @Override
    protected ExpectedSnapshot expectedSnapshot() {
        return new ExpectedSnapshot(
                List.of(new RemoteCompany("1", "Acme Dental Group, LLC", true),
                        new RemoteCompany("2", "Blue Ridge Logistics", true),
                        new RemoteCompany("3", "Old Town Florist", false),
                        new RemoteCompany("4", "Cedar Creek Veterinary", false)),
                List.of(new RemoteProduct("201", "Keeper Business", "Keeper Business", new BigDecimal("5"), new BigDecimal("3.25")),
                        new RemoteProduct("202", "Keeper Enterprise", "Keeper Enterprise", new BigDecimal("7.5"), new BigDecimal("4.5")),
                        new RemoteProduct("203", "Managed Backup", "Managed Backup", new BigDecimal("15"), new BigDecimal("9"))),
                List.of(new RemoteContract("301", "1", "Managed Services", true),
                        new RemoteContract("302", "2", "Block hours", false),
                        new RemoteContract("303", "2", "Managed Services", true),
                        new RemoteContract("304", "1", "Old recurring", false)),
                List.of(new RemoteLine("4001", "301", "1", "201", new BigDecimal("10"), new BigDecimal("5"), new BigDecimal("3.25"), true),
                        new RemoteLine("4002", "301", "1", "202", new BigDecimal("4"), new BigDecimal("7"), new BigDecimal("4.5"), true),
                        new RemoteLine("4003", "303", "2", "201", new BigDecimal("25"), new BigDecimal("5"), new BigDecimal("3.25"), true),
                        new RemoteLine("4004", "303", "2", "203", BigDecimal.ZERO, new BigDecimal("15"), new BigDecimal("9"), false)));
    }

    @Override
    protected void assertSnapshotPaging() {
        for (String entity : List.of("Companies", "Services", "Contracts", "ContractServices", "ContractServiceUnits")) {
            psa.verify(1, postRequestedFor(urlPathEqualTo(API + "/" + entity + "/query")));
            psa.verify(1, getRequestedFor(urlPathEqualTo(API + "/" + entity + "/query/next")));
        }
        psa.verify(postRequestedFor(urlPathEqualTo(API + "/Companies/query")).withRequestBody(equalToJson("""
                {"maxRecords": 2, "filter": [{"op": "gte", "field": "id", "value": 0}]}""")));
        psa.verify(postRequestedFor(urlPathEqualTo(API + "/ContractServices/query")).withRequestBody(equalToJson("""
                {"maxRecords": 2, "filter": [{"op": "in", "field": "contractID", "value": [301, 303]}]}""")));
        psa.verify(postRequestedFor(urlPathEqualTo(API + "/ContractServiceUnits/query")).withRequestBody(equalToJson("""
                {"maxRecords": 2, "filter": [{"op": "in", "field": "contractID", "value": [301, 303]},
                                             {"op": "lte", "field": "startDate", "value": "2024-05-15"},
                                             {"op": "gte", "field": "endDate", "value": "2024-05-15"}]}""")));
    }

    @Override
    protected Map<String, String> overridingBillableSettings() {
        return Map.of("billableContractTypes", "6,7");
    }

    @Override
    protected Set<String> contractsBillableUnderOverride() {
        return Set.of("301", "302", "303");
    }

    // ---- quantity -----------------------------------------------------------------------------------------------------

    @Override
    protected LineRef line() {
        return new LineRef("4001", "301", "1", "201");
    }

    @Override
    protected void stubLineContext() {
        psa.stubFor(get(urlPathEqualTo(API + "/ContractServices/4001")).willReturn(json("""
                {"item": {"id": 4001, "contractID": 301, "serviceID": 201, "unitPrice": 5.00, "unitCost": 3.25, "adjustedPrice": null}}""")));
    }

    @Override
    protected MappingBuilder quantityRead() {
        return post(urlPathEqualTo(API + "/ContractServiceUnits/query"))
                .withRequestBody(matchingJsonPath("$.filter[?(@.field == 'contractServiceID' && @.value == 4001)]"));
    }

    @Override
    protected ResponseDefinitionBuilder quantityReadAnswer(BigDecimal quantity) {
        return json(units(4001, quantity));
    }

    private static String units(long contractServiceId, BigDecimal quantity) {
        return """
                {"items": [
                  {"id": 11, "contractServiceID": %1$d, "startDate": "2024-05-01T00:00:00", "endDate": "2024-05-31T00:00:00", "units": %2$s},
                  {"id": 12, "contractServiceID": %1$d, "startDate": "2024-06-01T00:00:00", "endDate": "2024-06-30T00:00:00", "units": %2$s}],
                 "pageDetails": {"count": 2, "requestCount": 500, "prevPageUrl": null, "nextPageUrl": null}}"""
                .formatted(contractServiceId, quantity.toPlainString());
    }

    @Override
    protected MappingBuilder quantityWrite() {
        return post(urlPathEqualTo(API + "/ContractServiceAdjustments"))
                .withRequestBody(matchingJsonPath("$.contractServiceID", equalTo("4001")));
    }

    @Override
    protected ResponseDefinitionBuilder quantityWriteAnswer(BigDecimal target) {
        return json("{\"itemId\": 7001}");
    }

    @Override
    protected void assertQuantityWriteBody(String body, BigDecimal current, BigDecimal target, LocalDate effectiveDate) {
        assertThat(body).isEqualTo("{\"contractID\":301,\"contractServiceID\":4001,\"serviceID\":201,\"effectiveDate\":\""
                + effectiveDate + "\",\"unitChange\":" + target.subtract(current).intValueExact()
                + ",\"adjustedUnitPrice\":5,\"adjustedUnitCost\":3.25}");
    }

    @Override
    protected ResponseDefinitionBuilder psaError(int status, String message) {
        return json(status, "{\"errors\": [\"" + message + "\"]}");
    }

    private List<LoggedRequest> adjustments() {
        return psa.findAll(postRequestedFor(urlPathEqualTo(API + "/ContractServiceAdjustments")));
    }

    private static int unitChange(LoggedRequest request) {
        return Json.MAPPER.readTree(request.getBodyAsString()).get("unitChange").intValue();
    }

    @ParameterizedTest(name = "{1} with {0} → whole {2}: unitChange {3}")
    @CsvSource({"NEAREST, 14.5, 15, 5", "UP, 14.2, 15, 5", "NEAREST, 14.2, 14, 4"})
    void autotaskReceivesTheRoundedQuantityAsAWholeDeltaFromTheCurrentUnits(QuantityRounding rounding, BigDecimal exact,
                                                                            BigDecimal whole, int expectedChange) {
        PsaConnectionInfo connection = new PsaConnectionInfo(UUID.randomUUID(), UUID.randomUUID(), "autotask", "Autotask",
                "CONNECTED", rounding, "FIRST_OF_NEXT_MONTH", connector.capabilities());
        BigDecimal toWrite = connection.quantityToWrite(exact);
        assertThat(toWrite).isEqualByComparingTo(whole);
        stubLineContext();
        stubWriteScenario(new BigDecimal("10"), whole, quantityWriteAnswer(whole), true);

        WriteResult result = connector.setQuantity(context(), line(), toWrite, EFFECTIVE, "k");

        assertThat(result.quantity()).isEqualByComparingTo(whole);
        List<LoggedRequest> sent = adjustments();
        assertThat(sent).hasSize(1);
        assertThat(unitChange(sent.get(0))).isEqualTo(expectedChange);
        assertThat(sent.get(0).getBodyAsString()).contains("\"unitChange\":" + expectedChange + ",");
    }

    @Test
    void capabilitiesDeclareWholeQuantitiesAndTheDocumentedBudget() {
        assertThat(connector.capabilities().integerQuantitiesOnly()).isTrue();
        assertThat(connector.capabilities().requestsPerHour()).isEqualTo(10_000);
    }

    @Test
    void aFractionalTargetIsRefusedWithoutCallingAutotask() {
        PsaException e = catchThrowableOfType(PsaException.class,
                () -> connector.setQuantity(context(), line(), new BigDecimal("14.5"), EFFECTIVE, "k"));

        assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(e.getMessage()).contains("whole units");
        assertThat(psa.getAllServeEvents()).isEmpty();
    }

    @Test
    void aTargetAlreadyReachedSendsNoAdjustment() {
        stubLineContext();
        stubWriteScenario(new BigDecimal("12"), new BigDecimal("12"), quantityWriteAnswer(new BigDecimal("12")), true);

        WriteResult result = connector.setQuantity(context(), line(), new BigDecimal("12.0000"), EFFECTIVE, "k");

        assertThat(result.quantity()).isEqualByComparingTo("12");
        assertThat(result.message()).contains("nothing written");
        assertThat(adjustments()).isEmpty();
    }

    @Test
    void aLowerTargetSendsANegativeChange() {
        stubLineContext();
        stubWriteScenario(new BigDecimal("10"), new BigDecimal("7"), quantityWriteAnswer(new BigDecimal("7")), true);

        connector.setQuantity(context(), line(), new BigDecimal("7"), EFFECTIVE, "k");

        assertThat(adjustments()).singleElement().satisfies(r -> assertThat(unitChange(r)).isEqualTo(-3));
    }

    @Test
    void theCurrentUnitsAreThoseOfThePeriodOfTheEffectiveDate() {
        stubLineContext();
        psa.stubFor(quantityRead().willReturn(json("""
                {"items": [
                  {"id": 11, "contractServiceID": 4001, "startDate": "2024-05-01T00:00:00", "endDate": "2024-05-31T00:00:00", "units": 10},
                  {"id": 12, "contractServiceID": 4001, "startDate": "2024-06-01T00:00:00", "endDate": "2024-06-30T00:00:00", "units": 11}],
                 "pageDetails": {"nextPageUrl": null}}""")));
        psa.stubFor(quantityWrite().willReturn(quantityWriteAnswer(new BigDecimal("12"))));

        connector.setQuantity(context(), line(), new BigDecimal("12"), EFFECTIVE, "k");

        assertThat(adjustments()).singleElement().satisfies(r -> assertThat(unitChange(r)).isEqualTo(1));
        psa.verify(postRequestedFor(urlPathEqualTo(API + "/ContractServiceUnits/query"))
                .withRequestBody(matchingJsonPath("$.filter[?(@.field == 'startDate' && @.op == 'lte' && @.value == '2024-06-01')]")));
    }

    @Test
    void serverErrorsOnEveryAdjustmentGiveUpWithoutAnyDoubleChange() {
        stubLineContext();
        psa.stubFor(quantityRead().willReturn(quantityReadAnswer(new BigDecimal("10"))));
        psa.stubFor(quantityWrite().willReturn(psaError(500, "Object reference not set to an instance of an object.")));

        PsaException e = catchThrowableOfType(PsaException.class,
                () -> connector.setQuantity(context(), line(), new BigDecimal("12"), EFFECTIVE, "k"));

        assertThat(e.kind()).isEqualTo(Kind.RETRYABLE);
        assertThat(e.getMessage()).contains("Object reference not set");
        List<LoggedRequest> sent = adjustments();
        assertThat(sent).hasSize(httpSettings().maxWriteAttempts());
        assertThat(sent).allSatisfy(r -> assertThat(unitChange(r)).isEqualTo(2));
    }

    // ---- new revenue --------------------------------------------------------------------------------------------------

    @Override
    protected NewLine newLine() {
        return new NewLine("2", "303",
                new RemoteProduct("202", "Keeper Enterprise", "Keeper Enterprise", new BigDecimal("7.50"), new BigDecimal("4.50")),
                new BigDecimal("8"), "4010");
    }

    @Override
    protected void stubCreateContext() {
        psa.stubFor(get(urlPathEqualTo(API + "/ContractServices/4010")).willReturn(json("""
                {"item": {"id": 4010, "contractID": 303, "serviceID": 202, "unitPrice": 7.50, "unitCost": 4.50}}""")));
        psa.stubFor(post(urlPathEqualTo(API + "/ContractServiceUnits/query"))
                .withRequestBody(matchingJsonPath("$.filter[?(@.field == 'contractServiceID' && @.value == 4010)]"))
                .willReturn(json(units(4010, new BigDecimal("8")))));
    }

    @Override
    protected MappingBuilder findNewLine() {
        return post(urlPathEqualTo(API + "/ContractServices/query"))
                .withRequestBody(matchingJsonPath("$.filter[?(@.field == 'contractID' && @.op == 'eq' && @.value == 303)]"))
                .withRequestBody(matchingJsonPath("$.filter[?(@.field == 'serviceID' && @.op == 'eq' && @.value == 202)]"));
    }

    @Override
    protected ResponseDefinitionBuilder findNewLineAnswer(boolean exists) {
        return json("{\"items\": " + (exists ? """
                [{"id": 4010, "contractID": 303, "serviceID": 202, "unitPrice": 7.50, "unitCost": 4.50}]""" : "[]")
                + ", \"pageDetails\": {\"nextPageUrl\": null}}");
    }

    @Override
    protected MappingBuilder createNewLine() {
        return post(urlPathEqualTo(API + "/ContractServiceAdjustments"))
                .withRequestBody(matchingJsonPath("$.serviceID", equalTo("202")))
                .withRequestBody(notContaining("contractServiceID"));
    }

    @Override
    protected ResponseDefinitionBuilder createNewLineAnswer() {
        return json("{\"itemId\": 7010}");
    }

    @Override
    protected void assertCreateBody(String body) {
        assertThat(body).isEqualTo("{\"contractID\":303,\"serviceID\":202,\"effectiveDate\":\"2024-06-01\",\"unitChange\":8,"
                + "\"adjustedUnitPrice\":7.5,\"adjustedUnitCost\":4.5}");
    }

    @Test
    void aServiceAlreadyOnTheContractIsAdjustedInsteadOfAddedTwice() {
        stubCreateContext();
        psa.stubFor(findNewLine().willReturn(findNewLineAnswer(true)));
        psa.stubFor(post(urlPathEqualTo(API + "/ContractServiceAdjustments")).willReturn(json("{\"itemId\": 7011}")));
        NewLine n = newLine();

        WriteResult result = connector.createLine(context(), "2", "303", n.product(), new BigDecimal("10"), EFFECTIVE, "k");

        assertThat(result.quantity()).isEqualByComparingTo("10");
        assertThat(adjustments()).singleElement().satisfies(r -> {
            assertThat(r.getBodyAsString()).contains("\"contractServiceID\":4010");
            assertThat(unitChange(r)).isEqualTo(2);
        });
    }
}
