package com.trueup.psa.cloudblue;

import com.trueup.psa.connector.AuthKind;
import com.trueup.psa.connector.BaseUrlField;
import com.trueup.psa.connector.Capabilities;
import com.trueup.psa.connector.ConnectorContext;
import com.trueup.psa.connector.ConnectorDescriptor;
import com.trueup.psa.connector.ConnectorException;
import com.trueup.psa.connector.CredentialField;
import com.trueup.psa.connector.PsaClient;
import com.trueup.psa.connector.RemoteCompany;
import com.trueup.psa.connector.SettingField;
import com.trueup.psa.connector.SnapshotPart;
import com.trueup.psa.connector.SnapshotSink;
import com.trueup.psa.connector.http.Authenticator;
import com.trueup.psa.connector.http.HttpApi;
import com.trueup.psa.connector.http.HttpKit;
import com.trueup.psa.connector.http.Json;
import com.trueup.psa.connector.http.JsonHttpConnector;
import com.trueup.psa.connector.http.Paging;
import com.trueup.psa.connector.http.PsaRequest;
import com.trueup.psa.connector.http.Urls;
import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * CloudBlue PSA (formerly Harmony PSA), web API v1, read only: the customer list. Its report-style reads take a
 * {@code filter} query parameter holding JSON (page number from 1, page size, grid columns) and answer a JSON array of
 * rows with the grid columns; adding {@code TotalRows} to the columns gives the count. The API user's key travels in
 * the {@code api_key} query parameter, the only way the public sources show: it never appears in logs or messages.
 * Contracts, recurring lines and the product catalog have no public API: they come from a file import, and approved
 * changes go to the change sheet.
 */
@Component
class CloudBlueConnector extends JsonHttpConnector {

    static final String TYPE = "cloudblue";
    private static final String HOST_SUFFIX = ".cloudbluepsa.io";
    private static final String API_PATH = "/webapi/v1";
    static final String CUSTOMER_COLUMNS = "AccountID,CompanyName,TotalRows";

    static final ConnectorDescriptor DESCRIPTOR = ConnectorDescriptor.builder(TYPE, "CloudBlue PSA")
            .description(
                    "Uses the API key of an API user (Setup > Employees > Find employees, add an API user). Reads the "
                            + "customer list; contracts, the catalog and recurring lines come from a file import and changes go to "
                            + "the change sheet.")
            .baseUrl(BaseUrlField.required(
                    "Instance or address",
                    "Your instance name (acme) or address "
                            + "(https://acme.cloudbluepsa.io; older instances https://acme.harmonypsa.com)"))
            .credential(CredentialField.secret("apiKey", "API key", "The API user's key (Setup > Employees)."))
            .setting(SettingField.integer(
                    "pageSize",
                    "Page size",
                    1000,
                    1,
                    1000,
                    "Customers per page (CloudBlue's own Power BI connector reads 1,000 a page)."))
            .auth(AuthKind.QUERY_KEY)
            .setupHelp(
                    "In CloudBlue PSA, add an API user (Setup > Employees > Find employees) and copy its API key. Then "
                            + "export your contracts' recurring lines (customer, product, quantity) to a CSV file and import it "
                            + "with TrueUp's file import.")
            .capabilities(Capabilities.builder()
                    .reads(SnapshotPart.COMPANIES)
                    .limitation(
                            "CloudBlue PSA's public API has no contracts, recurring lines or catalog: they come from a "
                                    + "file import, matched to CloudBlue's customers by account id or exact name.")
                    .limitation("CloudBlue PSA's public API cannot change contracts: approved changes go to the change "
                            + "sheet, to apply by hand.")
                    .limitation(
                            "Every customer the API lists is treated as billable: the public sources name no status "
                                    + "column for customers.")
                    .build())
            .build();

    CloudBlueConnector(HttpKit kit) {
        super(DESCRIPTOR, kit);
    }

    @Override
    protected PsaClient open(ConnectorContext context, Connection connection) {
        String base = apiRoot(context.baseUrl());
        return new Client(
                connection.api(base, Authenticator.queryKey("api_key", context.requiredCredential("apiKey")), base));
    }

    /**
     * "acme", "acme.cloudbluepsa.io", "https://acme.harmonypsa.com" or an API URL → "https://acme.cloudbluepsa.io/webapi/v1"
     * (the host as given when it has a domain).
     */
    static String apiRoot(String baseUrl) {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw ConnectorException.permanent("CloudBlue PSA: the connection needs your instance name or address");
        }
        URI uri = URI.create(Urls.origin(baseUrl.strip()));
        String host = uri.getHost();
        if (host == null) {
            throw ConnectorException.permanent("CloudBlue PSA: '" + baseUrl + "' is not an address");
        }
        if (!host.contains(".")) {
            host = host + HOST_SUFFIX;
        }
        return uri.getScheme() + "://" + host + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + API_PATH;
    }

    /** The report filter of one page: every row, in AccountID order, as JSON, with the given grid columns. */
    static String filter(int page, int size, String columns) {
        ObjectNode filter = Json.object();
        filter.put("pageno", page);
        filter.put("pagesize", size);
        filter.set("filters", Json.array());
        filter.put("filterop", "AND");
        filter.put("sortcolumn", "AccountID");
        filter.put("sortorder", "Asc");
        filter.put("resulttype", "Json");
        filter.put("includeccysymbols", false);
        filter.put("gridcolumns", columns);
        return filter.toString();
    }

    private static final class Client implements PsaClient {

        private final HttpApi api;

        Client(HttpApi api) {
            this.api = api;
        }

        @Override
        public String testConnection() {
            JsonNode rows = api.get("/companies/getcustomers", Map.of("filter", filter(1, 1, CUSTOMER_COLUMNS)));
            BigDecimal total =
                    rows.isArray() && !rows.isEmpty() ? Json.decimal(rows.get(0), "TotalRows") : BigDecimal.ZERO;
            return "Connected to CloudBlue PSA" + (total == null ? "" : " (" + total.toPlainString() + " customers)");
        }

        @Override
        public void readSnapshot(SnapshotSink sink) {
            forEachRow("/companies/getcustomers", CUSTOMER_COLUMNS, row -> {
                String id = Json.id(row, "AccountID");
                String name = Json.text(row, "CompanyName");
                if (id != null && !id.isBlank()) {
                    sink.company(new RemoteCompany(id, name == null || name.isBlank() ? id : name, true));
                }
            });
        }

        /** Pages from 1 until as many rows as the first row's TotalRows were read (or a short page). */
        private void forEachRow(String path, String columns, Consumer<JsonNode> each) {
            int size = api.pageSize();
            BigDecimal[] total = {null};
            api.forEach(
                    Paging.numbered(
                            1,
                            page -> PsaRequest.get(api.uri(path, Map.of("filter", filter(page, size, columns)))),
                            body -> {
                                List<JsonNode> rows = Json.elements(body);
                                if (total[0] == null && !rows.isEmpty()) {
                                    total[0] = Json.decimal(rows.get(0), "TotalRows");
                                }
                                return rows;
                            },
                            Paging.shortPage(size)
                                    .or((body, number, items, seen) ->
                                            total[0] != null && seen >= total[0].longValue())),
                    each);
        }
    }
}
