package com.trueup.psa;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What TrueUp knows about each PSA type before any connector is involved: its label, what the base URL means and
 * which credential fields it takes (names as in the API). This is data for forms and input validation only; whether a
 * type can be used depends on a {@link com.trueup.psa.connector.PsaConnector} bean for it.
 */
final class PsaTypes {

    record Field(String name, String label, boolean required, String hint) {
    }

    record Type(String type, String label, String description, String baseUrlLabel, boolean baseUrlRequired,
                String baseUrlHint, List<Field> fields) {

        Optional<Field> field(String name) {
            return fields.stream().filter(f -> f.name().equals(name)).findFirst();
        }
    }

    private static final Map<String, Type> TYPES = new LinkedHashMap<>();

    static {
        add(new Type("sandbox", "Sandbox PSA",
                "A simulated PSA inside TrueUp with clients, a catalog and recurring contracts. Needs no credentials: "
                        + "try every flow, then switch to your real PSA.",
                null, false, null, List.of()));
        add(new Type("connectwise", "ConnectWise PSA (Manage)",
                "Uses an API member's keys (System > Members > API Members > API Keys) and a client id from "
                        + "developer.connectwise.com.",
                "Site / API URL", true, "Your site, e.g. https://na.myconnectwise.net (the API path is discovered), "
                        + "or the full API URL, e.g. https://na.myconnectwise.net/v2025_1/apis/3.0",
                List.of(new Field("companyId", "Company ID", true, "The company id you enter when you sign in to ConnectWise."),
                        new Field("publicKey", "Public key", true, "Of the API member's API key."),
                        new Field("privateKey", "Private key", true, "Shown only once when the API key is created."),
                        new Field("clientId", "Client ID", true, "Your integration's client id (a GUID) from developer.connectwise.com."))));
        add(new Type("autotask", "Datto Autotask PSA",
                "Uses an API user (Admin > Resources/Users, security level 'API User') with its tracking identifier.",
                "Zone URL (optional)", false,
                "Leave blank to discover the zone from the user name, e.g. https://webservices5.autotask.net/ATServicesRest/V1.0",
                List.of(new Field("username", "API user name", true, "The API user's user name (an e-mail address)."),
                        new Field("secret", "Secret", true, "The API user's password / secret."),
                        new Field("integrationCode", "Integration code", true, "The API tracking identifier of the integration."),
                        new Field("impersonationResourceId", "Impersonation resource id", false,
                                "Optional: the id of a resource that writes are attributed to."))));
        add(new Type("halopsa", "HaloPSA",
                "Uses an API application with 'Client ID and Secret (Services)' authentication (Configuration > Integrations > HaloPSA API).",
                "Host", true, "Your Halo address, e.g. https://acme.halopsa.com (token at /auth/token, API at /api)",
                List.of(new Field("clientId", "Client ID", true, "Of the API application."),
                        new Field("clientSecret", "Client secret", true, "Of the API application; shown once by Halo."),
                        new Field("tenant", "Tenant", false, "Your Halo tenant name (hosted Halo); leave blank for self-hosted."),
                        new Field("authUrl", "Token URL", false,
                                "Optional: the token URL when your authorisation server is not at <host>/auth/token."))));
        add(new Type("syncro", "Syncro", null, "API URL", true, "e.g. https://acme.syncromsp.com/api/v1",
                List.of(new Field("apiToken", "API token", true, null))));
        add(new Type("kaseya-bms", "Kaseya BMS", null, "API URL", true, "e.g. https://api.bms.kaseya.com",
                List.of(new Field("username", "User name", true, null), new Field("password", "Password", true, null),
                        new Field("tenant", "Tenant", true, null))));
        add(new Type("pulseway", "Pulseway PSA", null, "API URL", true, "e.g. https://psa.pulseway.com",
                List.of(new Field("username", "User name", true, null), new Field("password", "Password", true, null),
                        new Field("tenant", "Tenant", true, null))));
        add(new Type("accelo", "Accelo", null, "Deployment URL", true, "e.g. https://acme.api.accelo.com",
                List.of(new Field("clientId", "Client ID", true, null), new Field("clientSecret", "Client secret", true, null))));
        add(new Type("tigerpaw", "Tigerpaw", null, "Server URL", true, "e.g. https://tigerpaw.acme.local",
                List.of(new Field("publicKey", "Public key", true, null), new Field("privateKey", "Private key", true, null))));
        add(new Type("cloudblue", "CloudBlue PSA", null, "API URL", true, "e.g. https://acme.cloudbluepsa.io/webapi/v1.3",
                List.of(new Field("apiKey", "API key", true, null))));
    }

    private PsaTypes() {
    }

    private static void add(Type type) {
        TYPES.put(type.type(), type);
    }

    static Optional<Type> find(String type) {
        return Optional.ofNullable(TYPES.get(type));
    }

    static List<Type> all() {
        return List.copyOf(TYPES.values());
    }

    /** A type served by a connector TrueUp has no form data for: any credential fields, base URL optional. */
    static Type generic(String type) {
        return new Type(type, type, null, "Base URL", false, null, List.of());
    }
}
