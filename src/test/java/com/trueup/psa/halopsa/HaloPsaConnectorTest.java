package com.trueup.psa.halopsa;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.trueup.psa.PsaException;
import com.trueup.psa.PsaException.Kind;
import com.trueup.psa.connector.ConnectorContext;
import com.trueup.psa.connector.LineRef;
import com.trueup.psa.connector.PsaConnector;
import com.trueup.psa.connector.PsaConnectorContract;
import com.trueup.psa.connector.RemoteCompany;
import com.trueup.psa.connector.RemoteContract;
import com.trueup.psa.connector.RemoteLine;
import com.trueup.psa.connector.RemoteProduct;
import com.trueup.psa.http.PsaHttpSettings;
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
import org.junit.jupiter.api.Test;

/** HaloPSA behind a stub serving its JSON (OAuth2 token, Client, Item, RecurringInvoice with lines, updatelines). */
class HaloPsaConnectorTest extends PsaConnectorContract {

    private static final UUID CONNECTION = UUID.randomUUID();

    @Override
    protected PsaConnector newConnector(PsaHttpSettings settings, Sleeper sleeper, Clock clock) {
        return new HaloPsaConnector(settings, sleeper, clock);
    }

    @Override
    protected ConnectorContext context(Map<String, String> settings) {
        return context(settings, CLOCK);
    }

    private ConnectorContext context(Map<String, String> settings, Clock clock) {
        Map<String, String> all = new HashMap<>(Map.of("pageSize", "2"));
        all.putAll(settings);
        return new ConnectorContext(UUID.randomUUID(), CONNECTION, psa.baseUrl(),
                Map.of("clientId", "halo-client", "clientSecret", "halo-secret", "tenant", "trueup"), all, clock);
    }

    @Override
    protected void stubAlways() {
        psa.stubFor(tokenRequest().willReturn(json("""
                {"access_token": "tok-1", "token_type": "Bearer", "expires_in": 3600, "scope": "all"}""")));
    }

    private MappingBuilder tokenRequest() {
        return post(urlPathEqualTo("/auth/token")).withQueryParam("tenant", equalTo("trueup"))
                .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                .withRequestBody(equalTo("grant_type=client_credentials&client_id=halo-client&client_secret=halo-secret&scope=all"));
    }

    @Override
    protected void assertAuthenticated(LoggedRequest request) {
        if (request.getUrl().startsWith("/auth/token")) {
            assertThat(request.containsHeader("Authorization")).isFalse();
            return;
        }
        assertThat(request.getHeader("Authorization")).startsWith("Bearer tok-");
    }

    private List<LoggedRequest> tokenRequests() {
        return psa.findAll(postRequestedFor(urlPathEqualTo("/auth/token")));
    }

    // ---- connection ---------------------------------------------------------------------------------------------------

    private MappingBuilder clientProbe() {
        return get(urlPathEqualTo("/api/Client")).withQueryParam("page_size", equalTo("1"));
    }

    @Override
    protected void stubTestConnection() {
        psa.stubFor(clientProbe().willReturn(json("""
                {"record_count": 27, "clients": [{"id": 11, "name": "Acme Dental Group, LLC", "inactive": false}]}""")));
    }

    @Override
    protected void stubTestConnectionRejected() {
        psa.stubFor(clientProbe().willReturn(json(401, """
                {"message": "credentials rejected by the stub"}""")));
    }

    @Test
    void theTokenIsCachedUntilItExpires() {
        stubTestConnection();

        assertThat(connector.testConnection(context())).isEqualTo("Connected to HaloPSA (27 clients)");
        connector.testConnection(context());
        assertThat(tokenRequests()).hasSize(1);

        connector.testConnection(context(Map.of(), Clock.offset(CLOCK, Duration.ofMinutes(59))));
        assertThat(tokenRequests()).as("renewed a minute before expiry").hasSize(2);
    }

    @Test
    void aTokenRejectedByTheApiIsRenewedOnce() {
        stubTestConnection();
        connector.testConnection(context());
        psa.stubFor(clientProbe().inScenario("expired").whenScenarioStateIs(STARTED).willSetStateTo("renewed")
                .willReturn(json(401, "{\"message\": \"Invalid token\"}")));
        psa.stubFor(clientProbe().inScenario("expired").whenScenarioStateIs("renewed").willReturn(json("""
                {"record_count": 27, "clients": []}""")));

        assertThat(connector.testConnection(context())).contains("27 clients");
        assertThat(tokenRequests()).hasSize(2);
    }

    @Test
    void aRejectedTokenRequestIsPermanentWithHalosDescription() {
        psa.stubFor(tokenRequest().atPriority(1).willReturn(json(400, """
                {"error": "invalid_client", "error_description": "The client secret is not valid"}""")));

        PsaException e = catchThrowableOfType(PsaException.class, () -> connector.testConnection(context()));

        assertThat(e.kind()).isEqualTo(Kind.PERMANENT);
        assertThat(e.getMessage()).contains("The client secret is not valid").doesNotContain("halo-secret");
    }

    // ---- snapshot -----------------------------------------------------------------------------------------------------

    private void page(String path, int page, String body, String... extraParams) {
        MappingBuilder request = get(urlPathEqualTo("/api" + path))
                .withQueryParam("pageinate", equalTo("true"))
                .withQueryParam("page_size", equalTo("2"))
                .withQueryParam("page_no", equalTo(String.valueOf(page)));
        for (int i = 0; i < extraParams.length; i += 2) {
            request = request.withQueryParam(extraParams[i], equalTo(extraParams[i + 1]));
        }
        psa.stubFor(request.willReturn(json(body)));
    }

    @Override
    protected void stubSnapshot() {
        page("/Client", 1, """
                {"record_count": 4, "clients": [{"id": 11, "name": "Acme Dental Group, LLC", "inactive": false},
                                                {"id": 12, "name": "Blue Ridge Logistics", "inactive": false}]}""", "includeinactive", "true");
        page("/Client", 2, """
                {"record_count": 4, "clients": [{"id": 13, "name": "Old Town Florist", "inactive": true},
                                                {"id": 14, "name": "Cedar Creek Veterinary", "inactive": true}]}""", "includeinactive", "true");
        page("/Item", 1, """
                {"record_count": 3, "items": [{"id": 21, "name": "Keeper Business", "code": "KEEPER-BIZ", "baseprice": 5.00, "costprice": 3.25},
                                              {"id": 22, "name": "Keeper Enterprise", "code": "KEEPER-ENT", "baseprice": 7.50, "costprice": 4.50}]}""");
        page("/Item", 2, """
                {"record_count": 3, "items": [{"id": 23, "name": "Managed Backup", "code": "BACKUP-M", "baseprice": 15.00, "costprice": 9.00}]}""");
        page("/RecurringInvoice", 1, """
                {"record_count": 3, "invoices": [
                  {"id": 601, "client_id": 11, "client_name": "Acme Dental Group, LLC", "name": "Managed Services", "lines": [
                    {"id": 7001, "ihid": 601, "_itemid": 21, "item_code": "KEEPER-BIZ", "item_shortdescription": "Keeper Business",
                     "qty_order": 10.0, "unit_price": 5.0, "unit_cost": 3.25, "net_amount": 50.0, "startdate": "2024-01-01T00:00:00",
                     "enddate": "1899-12-30T00:00:00", "isinactive": false, "recurring_invoice_quantity_type": 0},
                    {"id": 7002, "ihid": 601, "_itemid": 22, "item_code": "KEEPER-ENT", "item_shortdescription": "Keeper Enterprise",
                     "qty_order": 4.5, "unit_price": 7.5, "unit_cost": 4.5, "net_amount": 33.75, "isinactive": false},
                    {"id": 7003, "ihid": 601, "_itemid": 0, "item_shortdescription": "Monthly services", "isgroupdesc": true, "qty_order": 0}]},
                  {"id": 602, "client_id": 12, "name": "Old contract", "inactive": true, "lines": [
                    {"id": 7009, "ihid": 602, "_itemid": 21, "qty_order": 3, "unit_price": 5.0, "isinactive": false}]}]}""",
                "includelines", "true", "includeinactive", "true");
        page("/RecurringInvoice", 2, """
                {"record_count": 3, "invoices": [
                  {"id": 603, "client_id": 12, "name": "Backup plan", "lines": [
                    {"id": 7004, "ihid": 603, "_itemid": 21, "item_code": "KEEPER-BIZ", "qty_order": 25, "unit_price": 5.0, "unit_cost": 3.25,
                     "enddate": "2024-03-31T00:00:00", "isinactive": false},
                    {"id": 7005, "ihid": 603, "_itemid": 23, "item_code": "BACKUP-M", "qty_order": 2, "unit_price": 15.0, "unit_cost": 9.0,
                     "isinactive": true}]}]}""",
                "includelines", "true", "includeinactive", "true");
    }

    @Override
    protected ExpectedSnapshot expectedSnapshot() {
        return new ExpectedSnapshot(
                List.of(new RemoteCompany("11", "Acme Dental Group, LLC", true),
                        new RemoteCompany("12", "Blue Ridge Logistics", true),
                        new RemoteCompany("13", "Old Town Florist", false),
                        new RemoteCompany("14", "Cedar Creek Veterinary", false)),
                List.of(new RemoteProduct("21", "KEEPER-BIZ", "Keeper Business", new BigDecimal("5"), new BigDecimal("3.25")),
                        new RemoteProduct("22", "KEEPER-ENT", "Keeper Enterprise", new BigDecimal("7.5"), new BigDecimal("4.5")),
                        new RemoteProduct("23", "BACKUP-M", "Managed Backup", new BigDecimal("15"), new BigDecimal("9"))),
                List.of(new RemoteContract("601", "11", "Managed Services", true),
                        new RemoteContract("602", "12", "Old contract", false),
                        new RemoteContract("603", "12", "Backup plan", true)),
                List.of(new RemoteLine("7001", "601", "11", "21", new BigDecimal("10"), new BigDecimal("5"), new BigDecimal("3.25"), true),
                        new RemoteLine("7002", "601", "11", "22", new BigDecimal("4.5"), new BigDecimal("7.5"), new BigDecimal("4.5"), true),
                        new RemoteLine("7004", "603", "12", "21", new BigDecimal("25"), new BigDecimal("5"), new BigDecimal("3.25"), false),
                        new RemoteLine("7005", "603", "12", "23", new BigDecimal("2"), new BigDecimal("15"), new BigDecimal("9"), false)));
    }

    @Override
    protected void assertSnapshotPaging() {
        for (String path : List.of("/api/Client", "/api/Item", "/api/RecurringInvoice")) {
            psa.verify(getRequestedFor(urlPathEqualTo(path)).withQueryParam("page_no", equalTo("1")));
            psa.verify(getRequestedFor(urlPathEqualTo(path)).withQueryParam("page_no", equalTo("2")));
            psa.verify(2, getRequestedFor(urlPathEqualTo(path)));
        }
        assertThat(tokenRequests()).as("one token for the whole sync").hasSize(1);
    }

    @Override
    protected Map<String, String> overridingBillableSettings() {
        return Map.of("nonBillableInvoiceNames", "Backup plan");
    }

    @Override
    protected Set<String> contractsBillableUnderOverride() {
        return Set.of("601");
    }

    // ---- quantity -----------------------------------------------------------------------------------------------------

    @Override
    protected LineRef line() {
        return new LineRef("7001", "601", "11", "21");
    }

    @Override
    protected MappingBuilder quantityRead() {
        return get(urlPathEqualTo("/api/RecurringInvoice/601")).withQueryParam("includelines", equalTo("true"));
    }

    @Override
    protected ResponseDefinitionBuilder quantityReadAnswer(BigDecimal quantity) {
        return json("""
                {"id": 601, "client_id": 11, "name": "Managed Services", "lines": [
                  {"id": 7001, "ihid": 601, "_itemid": 21, "item_code": "KEEPER-BIZ", "qty_order": %s, "unit_price": 5.0,
                   "unit_cost": 3.25, "isinactive": false, "enddate": "1899-12-30T00:00:00"},
                  {"id": 7002, "ihid": 601, "_itemid": 22, "qty_order": 4.5, "unit_price": 7.5, "isinactive": false}]}"""
                .formatted(quantity.toPlainString()));
    }

    @Override
    protected MappingBuilder quantityWrite() {
        return post(urlPathEqualTo("/api/RecurringInvoice/updatelines")).withRequestBody(containing("\"id\":7001"));
    }

    @Override
    protected ResponseDefinitionBuilder quantityWriteAnswer(BigDecimal target) {
        return json(201, "[{\"id\": 7001, \"ihid\": 601, \"qty_order\": " + target.toPlainString() + "}]");
    }

    @Override
    protected void assertQuantityWriteBody(String body, BigDecimal current, BigDecimal target, LocalDate effectiveDate) {
        assertThat(body).isEqualTo("[{\"id\":7001,\"ihid\":601,\"qty_order\":" + target.toPlainString() + "}]");
    }

    @Override
    protected ResponseDefinitionBuilder psaError(int status, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody("\"" + message + "\"");
    }

    @Test
    void anInactiveLineReadsAsGone() {
        psa.stubFor(quantityRead().willReturn(json("""
                {"id": 601, "lines": [{"id": 7001, "ihid": 601, "_itemid": 21, "qty_order": 10, "isinactive": true}]}""")));

        assertThat(connector.readQuantity(context(), line())).isNull();
    }

    // ---- new revenue --------------------------------------------------------------------------------------------------

    @Override
    protected NewLine newLine() {
        return new NewLine("12", "603",
                new RemoteProduct("22", "KEEPER-ENT", "Keeper Enterprise", new BigDecimal("7.50"), new BigDecimal("4.50")),
                new BigDecimal("8"), "7010");
    }

    @Override
    protected MappingBuilder findNewLine() {
        return get(urlPathEqualTo("/api/RecurringInvoice/603")).withQueryParam("includelines", equalTo("true"));
    }

    @Override
    protected ResponseDefinitionBuilder findNewLineAnswer(boolean exists) {
        String created = exists ? """
                ,{"id": 7010, "ihid": 603, "_itemid": 22, "item_code": "KEEPER-ENT", "qty_order": 8, "unit_price": 7.5,
                  "unit_cost": 4.5, "isinactive": false}""" : "";
        return json("""
                {"id": 603, "client_id": 12, "name": "Backup plan", "lines": [
                  {"id": 7004, "ihid": 603, "_itemid": 21, "qty_order": 25, "enddate": "2024-03-31T00:00:00", "isinactive": false}%s]}"""
                .formatted(created));
    }

    @Override
    protected MappingBuilder createNewLine() {
        return post(urlPathEqualTo("/api/RecurringInvoice/Lines"));
    }

    @Override
    protected ResponseDefinitionBuilder createNewLineAnswer() {
        return json(201, "[{\"id\": 7010, \"ihid\": 603, \"_itemid\": 22, \"qty_order\": 8}]");
    }

    @Override
    protected void assertCreateBody(String body) {
        assertThat(body).isEqualTo("[{\"ihid\":603,\"_itemid\":22,\"item_code\":\"KEEPER-ENT\",\"item_shortdescription\":"
                + "\"Keeper Enterprise\",\"qty_order\":8,\"unit_price\":7.5,\"unit_cost\":4.5,\"startdate\":\"2024-06-01T00:00:00\"}]");
    }
}
