package com.trueup.psa.connectwise;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.trueup.psa.PsaWriter.WriteResult;
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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** ConnectWise Manage behind a stub serving REST API 3.0 JSON (companies, catalog, agreements, additions). */
class ConnectWiseConnectorTest extends PsaConnectorContract {

    private static final String API = "/v4_6_release/apis/3.0";
    private static final String BASIC = "Basic " + Base64.getEncoder()
            .encodeToString("trueup+pubkey:privkey".getBytes(StandardCharsets.UTF_8));
    private static final String CLIENT_ID = "1d3c5e9a-2b7f-4c1e-9a8d-6f0b2c4e8a10";

    @Override
    protected PsaConnector newConnector(PsaHttpSettings settings, Sleeper sleeper, Clock clock) {
        return new ConnectWiseConnector(settings, sleeper, clock);
    }

    @Override
    protected ConnectorContext context(Map<String, String> settings) {
        return context(psa.baseUrl() + API, settings);
    }

    private ConnectorContext context(String baseUrl, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(Map.of("pageSize", "2"));
        all.putAll(settings);
        return new ConnectorContext(UUID.randomUUID(), UUID.randomUUID(), baseUrl,
                Map.of("companyId", "trueup", "publicKey", "pubkey", "privateKey", "privkey", "clientId", CLIENT_ID,
                        "site", psa.baseUrl()),
                all, CLOCK);
    }

    @Override
    protected void assertAuthenticated(LoggedRequest request) {
        if (request.getUrl().startsWith("/login/companyinfo/")) {
            assertThat(request.containsHeader("Authorization")).as("company info needs no credentials").isFalse();
            return;
        }
        assertThat(request.getHeader("Authorization")).isEqualTo(BASIC);
        assertThat(request.getHeader("clientId")).isEqualTo(CLIENT_ID);
    }

    // ---- connection ---------------------------------------------------------------------------------------------------

    @Override
    protected void stubTestConnection() {
        psa.stubFor(get(urlPathEqualTo(API + "/system/info")).willReturn(json("""
                {"version": "v2024.1.91284", "isCloud": true, "serverTimeZone": "Eastern Standard Time", "cloudRegion": "NA"}""")));
    }

    @Override
    protected void stubTestConnectionRejected() {
        psa.stubFor(get(urlPathEqualTo(API + "/system/info")).willReturn(json(401, """
                {"code": "Unauthorized", "message": "credentials rejected by the stub"}""")));
    }

    @Test
    void testConnectionNamesTheVersion() {
        stubTestConnection();

        assertThat(connector.testConnection(context())).isEqualTo("Connected to ConnectWise Manage v2024.1.91284");
    }

    @Test
    void withoutApiPathTheCodebaseIsDiscoveredFromTheSite() {
        psa.stubFor(get(urlPathEqualTo("/login/companyinfo/trueup")).willReturn(json("""
                {"CompanyName": "TrueUp MSP", "Codebase": "v4_6_release/", "VersionCode": "v2024.1", "CompanyID": "trueup",
                 "IsCloud": true, "SiteUrl": "na.myconnectwise.net"}""")));
        stubTestConnection();

        assertThat(connector.testConnection(context("", Map.of()))).startsWith("Connected to ConnectWise Manage");
        assertThat(connector.testConnection(context(psa.baseUrl() + "/", Map.of()))).startsWith("Connected to ConnectWise Manage");
        psa.verify(2, getRequestedFor(urlPathEqualTo(API + "/system/info")));
        psa.verify(1, getRequestedFor(urlPathEqualTo("/login/companyinfo/trueup")));
    }

    // ---- snapshot -----------------------------------------------------------------------------------------------------

    @Override
    protected void stubSnapshot() {
        page("/company/companies", 1, "deletedFlag=false", """
                [{"id": 1, "identifier": "AcmeDental", "name": "Acme Dental Group, LLC", "status": {"id": 1, "name": "Active"},
                  "types": [{"id": 1, "name": "Client"}], "deletedFlag": false, "leadFlag": false},
                 {"id": 2, "identifier": "BlueRidge", "name": "Blue Ridge Logistics", "status": {"id": 1, "name": "Active"},
                  "types": [{"id": 1, "name": "Client"}], "deletedFlag": false}]""");
        page("/company/companies", 2, "deletedFlag=false", """
                [{"id": 3, "identifier": "OldTown", "name": "Old Town Florist", "status": {"id": 1, "name": "Active"},
                  "types": [{"id": 4, "name": "Prospect"}], "deletedFlag": false},
                 {"id": 4, "identifier": "CedarCreek", "name": "Cedar Creek Veterinary", "status": {"id": 2, "name": "Inactive"},
                  "types": [{"id": 1, "name": "Client"}], "deletedFlag": false}]""");
        page("/company/companies", 3, "deletedFlag=false", "[]");
        page("/procurement/catalog", 1, null, """
                [{"id": 101, "identifier": "KEEPER-BIZ", "description": "Keeper Business", "price": 5.00, "cost": 3.25, "inactiveFlag": false},
                 {"id": 102, "identifier": "KEEPER-ENT", "description": "Keeper Enterprise", "price": 7.50, "cost": 4.50, "inactiveFlag": false}]""");
        page("/procurement/catalog", 2, null, """
                [{"id": 103, "identifier": "BACKUP-M", "description": "Managed Backup", "price": 15.00, "cost": 9.00, "inactiveFlag": false}]""");
        page("/finance/agreements", 1, "cancelledFlag=false", """
                [{"id": 501, "name": "Managed Services", "type": {"id": 1, "name": "Managed Services"}, "company": {"id": 1, "name": "Acme Dental Group, LLC"},
                  "agreementStatus": "Active", "billingCycle": {"id": 2, "name": "Monthly"}, "noEndingDateFlag": true, "cancelledFlag": false},
                 {"id": 502, "name": "Project block", "type": {"id": 3, "name": "Block Time"}, "company": {"id": 2},
                  "agreementStatus": "Active", "billingCycle": {"id": 1, "name": "None"}, "noEndingDateFlag": true, "cancelledFlag": false}]""");
        page("/finance/agreements", 2, "cancelledFlag=false", """
                [{"id": 503, "name": "Managed Services", "type": {"id": 1, "name": "Managed Services"}, "company": {"id": 2},
                  "agreementStatus": "Active", "billingCycle": {"id": 2, "name": "Monthly"}, "endDate": "2025-12-31T00:00:00Z",
                  "noEndingDateFlag": false, "cancelledFlag": false},
                 {"id": 504, "name": "Old MSA", "type": {"id": 1, "name": "Managed Services"}, "company": {"id": 1},
                  "agreementStatus": "Expired", "billingCycle": {"id": 2, "name": "Monthly"}, "endDate": "2023-12-31T00:00:00Z",
                  "noEndingDateFlag": false, "cancelledFlag": false}]""");
        page("/finance/agreements", 3, "cancelledFlag=false", "[]");
        page("/finance/agreements/501/additions", 1, null, """
                [{"id": 9001, "product": {"id": 101, "identifier": "KEEPER-BIZ"}, "quantity": 10, "lessIncluded": 0, "unitPrice": 5.00,
                  "unitCost": 3.25, "billCustomer": "Billable", "effectiveDate": "2024-01-01T00:00:00Z", "agreementId": 501},
                 {"id": 9002, "product": {"id": 102, "identifier": "KEEPER-ENT"}, "quantity": 4.5, "lessIncluded": 0, "unitPrice": 7.50,
                  "unitCost": 4.50, "billCustomer": "Billable", "effectiveDate": "2024-01-01T00:00:00Z", "agreementId": 501}]""");
        page("/finance/agreements/501/additions", 2, null, """
                [{"id": 9003, "product": {"id": 103, "identifier": "BACKUP-M"}, "quantity": 3, "unitPrice": 15.00, "unitCost": 9.00,
                  "billCustomer": "Billable", "effectiveDate": "2023-01-01T00:00:00Z", "cancelledDate": "2024-03-31T00:00:00Z", "agreementId": 501}]""");
        page("/finance/agreements/503/additions", 1, null, """
                [{"id": 9004, "product": {"id": 101, "identifier": "KEEPER-BIZ"}, "quantity": 25, "unitPrice": 5.00, "unitCost": 3.25,
                  "billCustomer": "Billable", "effectiveDate": "2024-02-01T00:00:00Z", "cancelledDate": "2024-09-30T00:00:00Z", "agreementId": 503}]""");
        page("/finance/agreements/504/additions", 1, null, "[]");
    }

    private void page(String path, int page, String conditions, String body) {
        MappingBuilder request = get(urlPathEqualTo(API + path))
                .withQueryParam("page", equalTo(String.valueOf(page)))
                .withQueryParam("pageSize", equalTo("2"))
                .withQueryParam("orderBy", equalTo("id asc"));
        if (conditions != null) {
            request = request.withQueryParam("conditions", equalTo(conditions));
        }
        psa.stubFor(request.willReturn(json(body)));
    }

    @Override
    protected ExpectedSnapshot expectedSnapshot() {
        return new ExpectedSnapshot(
                List.of(new RemoteCompany("1", "Acme Dental Group, LLC", true),
                        new RemoteCompany("2", "Blue Ridge Logistics", true),
                        new RemoteCompany("3", "Old Town Florist", false),
                        new RemoteCompany("4", "Cedar Creek Veterinary", false)),
                List.of(new RemoteProduct("101", "KEEPER-BIZ", "Keeper Business", new BigDecimal("5"), new BigDecimal("3.25")),
                        new RemoteProduct("102", "KEEPER-ENT", "Keeper Enterprise", new BigDecimal("7.5"), new BigDecimal("4.5")),
                        new RemoteProduct("103", "BACKUP-M", "Managed Backup", new BigDecimal("15"), new BigDecimal("9"))),
                List.of(new RemoteContract("501", "1", "Managed Services", true),
                        new RemoteContract("502", "2", "Project block", false),
                        new RemoteContract("503", "2", "Managed Services", true),
                        new RemoteContract("504", "1", "Old MSA", false)),
                List.of(new RemoteLine("9001", "501", "1", "101", new BigDecimal("10"), new BigDecimal("5"), new BigDecimal("3.25"), true),
                        new RemoteLine("9002", "501", "1", "102", new BigDecimal("4.5"), new BigDecimal("7.5"), new BigDecimal("4.5"), true),
                        new RemoteLine("9003", "501", "1", "103", new BigDecimal("3"), new BigDecimal("15"), new BigDecimal("9"), false),
                        new RemoteLine("9004", "503", "2", "101", new BigDecimal("25"), new BigDecimal("5"), new BigDecimal("3.25"), true)));
    }

    @Override
    protected void assertSnapshotPaging() {
        for (int page = 1; page <= 3; page++) {
            psa.verify(getRequestedFor(urlPathEqualTo(API + "/company/companies")).withQueryParam("page", equalTo(String.valueOf(page))));
            psa.verify(getRequestedFor(urlPathEqualTo(API + "/finance/agreements")).withQueryParam("page", equalTo(String.valueOf(page))));
        }
        psa.verify(2, getRequestedFor(urlPathEqualTo(API + "/procurement/catalog")));
        psa.verify(2, getRequestedFor(urlPathEqualTo(API + "/finance/agreements/501/additions")));
        psa.verify(0, getRequestedFor(urlPathEqualTo(API + "/finance/agreements/502/additions")));
    }

    @Override
    protected Map<String, String> overridingBillableSettings() {
        return Map.of("billableContractStatuses", "Active,Expired", "nonBillableBillingCycles", "");
    }

    @Override
    protected Set<String> contractsBillableUnderOverride() {
        return Set.of("501", "502", "503");
    }

    @Override
    protected void stubSnapshotForOverride() {
        page("/finance/agreements/502/additions", 1, null, "[]");
    }

    // ---- quantity -----------------------------------------------------------------------------------------------------

    @Override
    protected LineRef line() {
        return new LineRef("9001", "501", "1", "101");
    }

    @Override
    protected MappingBuilder quantityRead() {
        return get(urlPathEqualTo(API + "/finance/agreements/501/additions/9001"));
    }

    @Override
    protected ResponseDefinitionBuilder quantityReadAnswer(BigDecimal quantity) {
        return json(addition(9001, 101, quantity));
    }

    @Override
    protected MappingBuilder quantityWrite() {
        return patch(urlPathEqualTo(API + "/finance/agreements/501/additions/9001"));
    }

    @Override
    protected ResponseDefinitionBuilder quantityWriteAnswer(BigDecimal target) {
        return json(addition(9001, 101, target));
    }

    @Override
    protected void assertQuantityWriteBody(String body, BigDecimal current, BigDecimal target, LocalDate effectiveDate) {
        assertThat(body).isEqualTo("[{\"op\":\"replace\",\"path\":\"quantity\",\"value\":" + target.toPlainString() + "},"
                + "{\"op\":\"replace\",\"path\":\"effectiveDate\",\"value\":\"" + effectiveDate + "T00:00:00Z\"}]");
    }

    @Override
    protected ResponseDefinitionBuilder psaError(int status, String message) {
        return json(status, """
                {"code": "InvalidObject", "message": "addition object is invalid",
                 "errors": [{"code": "InvalidField", "message": "%s", "resource": "addition", "field": "quantity"}]}""".formatted(message));
    }

    private static String addition(long id, long productId, BigDecimal quantity) {
        return """
                {"id": %d, "product": {"id": %d, "identifier": "KEEPER"}, "quantity": %s, "lessIncluded": 0, "unitPrice": 5.00,
                 "unitCost": 3.25, "billCustomer": "Billable", "effectiveDate": "2024-01-01T00:00:00Z", "agreementId": 501}"""
                .formatted(id, productId, quantity.toPlainString());
    }

    @Test
    void effectiveDateCanBeLeftOutOfThePatch() {
        stubWriteScenario(new BigDecimal("10"), new BigDecimal("12"), quantityWriteAnswer(new BigDecimal("12")), true);

        connector.setQuantity(context(Map.of("sendEffectiveDate", "false")), line(), new BigDecimal("12.0000"), EFFECTIVE, "k");

        assertThat(writes().get(0).getBodyAsString()).isEqualTo("[{\"op\":\"replace\",\"path\":\"quantity\",\"value\":12}]");
    }

    @Test
    void aDecimalQuantityIsWrittenAsADecimal() {
        stubWriteScenario(new BigDecimal("10"), new BigDecimal("12.5"), quantityWriteAnswer(new BigDecimal("12.5")), true);

        WriteResult result = connector.setQuantity(context(), line(), new BigDecimal("12.5000"), EFFECTIVE, "k");

        assertThat(result.quantity()).isEqualByComparingTo("12.5");
        assertThat(writes().get(0).getBodyAsString()).startsWith("[{\"op\":\"replace\",\"path\":\"quantity\",\"value\":12.5}");
    }

    @Test
    void aCancelledAdditionReadsAsGone() {
        psa.stubFor(quantityRead().willReturn(json("""
                {"id": 9001, "product": {"id": 101}, "quantity": 10, "cancelledDate": "2024-05-01T00:00:00Z"}""")));

        assertThat(connector.readQuantity(context(), line())).isNull();
    }

    @Test
    void aMissingAdditionReadsAsGone() {
        psa.stubFor(quantityRead().willReturn(json(404, """
                {"code": "NotFound", "message": "Addition not found"}""")));

        assertThat(connector.readQuantity(context(), line())).isNull();
    }

    // ---- new revenue --------------------------------------------------------------------------------------------------

    @Override
    protected NewLine newLine() {
        return new NewLine("2", "503",
                new RemoteProduct("102", "KEEPER-ENT", "Keeper Enterprise", new BigDecimal("7.50"), new BigDecimal("4.50")),
                new BigDecimal("8"), "9010");
    }

    @Override
    protected void stubCreateContext() {
        psa.stubFor(get(urlPathEqualTo(API + "/finance/agreements/503/additions/9010")).willReturn(json(addition(9010, 102, new BigDecimal("8")))));
    }

    @Override
    protected MappingBuilder findNewLine() {
        return get(urlPathEqualTo(API + "/finance/agreements/503/additions")).withQueryParam("conditions", equalTo("product/id=102"));
    }

    @Override
    protected ResponseDefinitionBuilder findNewLineAnswer(boolean exists) {
        return json(exists ? "[" + addition(9010, 102, new BigDecimal("8")) + "]" : "[]");
    }

    @Override
    protected MappingBuilder createNewLine() {
        return post(urlPathEqualTo(API + "/finance/agreements/503/additions"));
    }

    @Override
    protected ResponseDefinitionBuilder createNewLineAnswer() {
        return json(201, addition(9010, 102, new BigDecimal("8")));
    }

    @Override
    protected void assertCreateBody(String body) {
        assertThat(body).isEqualTo("{\"product\":{\"id\":102},\"quantity\":8,\"unitPrice\":7.5,\"unitCost\":4.5,"
                + "\"billCustomer\":\"Billable\",\"effectiveDate\":\"2024-06-01T00:00:00Z\"}");
    }

    @Test
    void createLineWithoutContractUsesTheCompanysBillableAgreement() {
        psa.stubFor(get(urlPathEqualTo(API + "/finance/agreements")).withQueryParam("page", equalTo("2"))
                .withQueryParam("conditions", equalTo("company/id=2 and cancelledFlag=false")).willReturn(json("[]")));
        psa.stubFor(get(urlPathEqualTo(API + "/finance/agreements")).withQueryParam("page", equalTo("1"))
                .withQueryParam("conditions", equalTo("company/id=2 and cancelledFlag=false")).willReturn(json("""
                        [{"id": 502, "name": "Project block", "company": {"id": 2}, "agreementStatus": "Active",
                          "billingCycle": {"id": 1, "name": "None"}, "cancelledFlag": false},
                         {"id": 503, "name": "Managed Services", "company": {"id": 2}, "agreementStatus": "Active",
                          "billingCycle": {"id": 2, "name": "Monthly"}, "noEndingDateFlag": true, "cancelledFlag": false}]""")));
        stubCreateScenario(createNewLineAnswer());
        NewLine n = newLine();

        WriteResult result = connector.createLine(context(), "2", null, n.product(), n.quantity(), EFFECTIVE, "k");

        assertThat(result.psaReference()).isEqualTo("9010");
        assertThat(creates()).hasSize(1);
        psa.verify(equalToJsonBody());
    }

    private com.github.tomakehurst.wiremock.matching.RequestPatternBuilder equalToJsonBody() {
        return com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlPathEqualTo(API + "/finance/agreements/503/additions"))
                .withRequestBody(equalToJson("{\"product\":{\"id\":102},\"quantity\":8}", true, true));
    }
}
