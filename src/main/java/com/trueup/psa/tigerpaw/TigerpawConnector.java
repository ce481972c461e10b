package com.trueup.psa.tigerpaw;

import com.trueup.psa.connector.AuthKind;
import com.trueup.psa.connector.BaseUrlField;
import com.trueup.psa.connector.Capabilities;
import com.trueup.psa.connector.ConnectorContext;
import com.trueup.psa.connector.ConnectorDescriptor;
import com.trueup.psa.connector.ConnectorException;
import com.trueup.psa.connector.CredentialField;
import com.trueup.psa.connector.PsaClient;
import com.trueup.psa.connector.SnapshotSink;
import com.trueup.psa.connector.http.HmacAuthenticator;
import com.trueup.psa.connector.http.HttpApi;
import com.trueup.psa.connector.http.HttpKit;
import com.trueup.psa.connector.http.Json;
import com.trueup.psa.connector.http.JsonHttpConnector;
import com.trueup.psa.connector.http.Urls;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Tigerpaw One's REST API on the MSP's own server: every request is signed. The signature is an HMAC-SHA256, keyed with
 * the rep's private key (UTF-8), over {@code lower("{method}|{path}|{date}")} (the path without host and query, the date
 * in RFC 1123 form as sent in {@code X-TSI-Date}), Base64-encoded; the header is
 * {@code Authorization: TSI base64("{publicKey}:{signature}")}. The connector tests the connection with the signed
 * {@code GET /api/diagnostics/validate/user}. It reads nothing else: Tigerpaw gives its REST API Reference Guide (with
 * the JSON field names of accounts, the price book and agreements) to customers only, so no field of those answers can
 * be relied on; companies, catalog, agreements and their lines come from a file import, and approved changes go to the
 * change sheet.
 */
@Component
class TigerpawConnector extends JsonHttpConnector {

    static final String TYPE = "tigerpaw";
    static final String DATE_HEADER = "X-TSI-Date";

    static final ConnectorDescriptor DESCRIPTOR = ConnectorDescriptor.builder(TYPE, "Tigerpaw")
            .description("Signs every request with a rep's REST API public and private key. Tests the connection; "
                    + "accounts, the price book, agreements and their charges come from a file import and changes go to the "
                    + "change sheet.")
            .baseUrl(BaseUrlField.required(
                    "REST API address", "The address of your Tigerpaw REST API, e.g. " + "https://api.yourhost.com"))
            .credential(CredentialField.plain(
                    "publicKey",
                    "Public key",
                    "The rep's REST API public key (Account Rep " + "Maintenance > Admin > REST API Security)."))
            .credential(CredentialField.secret(
                    "privateKey",
                    "Private key",
                    "The rep's REST API private key; it signs " + "requests and is never sent."))
            .auth(AuthKind.HMAC_SIGNED)
            .setupHelp(
                    "In Tigerpaw, give a rep REST API keys (Account Rep Maintenance > Admin > REST API Security) and "
                            + "copy the public and private key. Then export your accounts, price book items and agreement "
                            + "additional charges to CSV files and import them with TrueUp's file import.")
            .capabilities(Capabilities.builder()
                    .limitation(
                            "Tigerpaw's REST API field names are published only in the reference guide Tigerpaw gives "
                                    + "its customers: TrueUp reads accounts, the price book, agreements and their additional "
                                    + "charges from a file import, not from the API.")
                    .limitation(
                            "Changing agreement charges is not publicly documented: approved changes go to the change "
                                    + "sheet, to apply by hand.")
                    .build())
            .build();

    TigerpawConnector(HttpKit kit) {
        super(DESCRIPTOR, kit);
    }

    @Override
    protected PsaClient open(ConnectorContext context, Connection connection) {
        String base = Urls.origin(required(context.baseUrl()));
        HmacAuthenticator signer = signer(
                context.requiredCredential("publicKey"), context.requiredCredential("privateKey"), context.clock());
        return new Client(connection.api(base, signer, base + "|" + context.requiredCredential("publicKey")));
    }

    private static String required(String baseUrl) {
        if (baseUrl == null || baseUrl.isBlank()) {
            throw ConnectorException.permanent("Tigerpaw: the connection needs the address of your REST API");
        }
        return baseUrl.strip().replaceAll("/+$", "").replaceAll("/api$", "");
    }

    /** Tigerpaw's request signature (see the class documentation). */
    static HmacAuthenticator signer(String publicKey, String privateKey, Clock clock) {
        return new HmacAuthenticator(
                privateKey.getBytes(StandardCharsets.UTF_8),
                DATE_HEADER,
                (method, path, date) -> (method + "|" + path + "|" + date).toLowerCase(Locale.ROOT),
                signature -> "TSI "
                        + Base64.getEncoder()
                                .encodeToString((publicKey + ":" + signature).getBytes(StandardCharsets.UTF_8)),
                clock);
    }

    private static final class Client implements PsaClient {

        private final HttpApi api;

        Client(HttpApi api) {
            this.api = api;
        }

        @Override
        public String testConnection() {
            JsonNode answer = api.get("/api/diagnostics/validate/user", Map.of());
            if (Json.present(answer, "Success") && !Json.bool(answer, "Success", true)) {
                String message = Json.text(answer, "Message");
                throw ConnectorException.permanent(
                        "Tigerpaw refused the keys" + (message == null ? "" : ": " + message));
            }
            return "Connected to Tigerpaw: the signed request was accepted";
        }

        @Override
        public void readSnapshot(SnapshotSink sink) {
            // nothing: every part comes from the file import (see the class documentation)
        }
    }
}
