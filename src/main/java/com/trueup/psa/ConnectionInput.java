package com.trueup.psa;

import com.trueup.psa.connector.BaseUrlField;
import com.trueup.psa.connector.ConnectorDescriptor;
import com.trueup.psa.connector.CredentialField;
import com.trueup.shared.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a connection form or request may hold, checked against the PSA type's descriptor: the type, the name, the base
 * URL and the credential fields. Each refusal is an {@link InvalidInputException} naming the field.
 */
final class ConnectionInput {

    private ConnectionInput() {}

    static ConnectorDescriptor supportedType(Connectors connectors, String input) {
        if (input == null || input.isBlank()) {
            throw new InvalidInputException(
                    "type", "type is required: one of " + String.join(", ", connectors.types()));
        }
        return connectors
                .descriptor(input.trim().toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new InvalidInputException(
                        "type",
                        "'" + input + "' is not a PSA type of this installation; use one of "
                                + String.join(", ", connectors.types())));
    }

    static String checkedName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("name", "name must not be blank");
        }
        if (name.trim().length() > 200) {
            throw new InvalidInputException("name", "name must be at most 200 characters");
        }
        return name.trim();
    }

    /** Trimmed, without a trailing slash, https:// added when no scheme is given; blank means none. */
    static String checkedBaseUrl(ConnectorDescriptor type, String input) {
        BaseUrlField field = type.baseUrl();
        if (input == null || input.isBlank()) {
            if (field != null && field.required()) {
                throw new InvalidInputException(
                        "baseUrl",
                        "baseUrl is required for " + type.label()
                                + (field.hint() == null ? "" : " (" + field.hint() + ")"));
            }
            return null;
        }
        if (field == null) {
            throw new InvalidInputException("baseUrl", type.label() + " takes no base URL");
        }
        String url = input.trim();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        if (!url.contains("://")) {
            url = "https://" + url;
        }
        if (url.length() > 500) {
            throw new InvalidInputException("baseUrl", "baseUrl must be at most 500 characters");
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http"))
                    || uri.getHost() == null
                    || uri.getUserInfo() != null
                    || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) {
                throw new InvalidInputException(
                        "baseUrl", "baseUrl must be an http(s) address such as https://psa.example.com");
            }
        } catch (URISyntaxException e) {
            throw new InvalidInputException("baseUrl", "baseUrl is not a valid address: " + e.getReason());
        }
        return url;
    }

    /** The credential fields that have a value, names and values trimmed. */
    static Map<String, String> cleaned(Map<String, String> input) {
        Map<String, String> result = new LinkedHashMap<>();
        if (input != null) {
            input.forEach((k, v) -> {
                if (k != null && v != null && !v.isBlank()) {
                    result.put(k.trim(), v.trim());
                }
            });
        }
        return result;
    }

    /** Checks the credential fields of the type: required ones present, no unknown names (typos), sane sizes. */
    static Map<String, String> checkedCredentials(ConnectorDescriptor type, Map<String, String> credentials) {
        for (Map.Entry<String, String> e : credentials.entrySet()) {
            if (type.credential(e.getKey()).isEmpty()) {
                throw new InvalidInputException(
                        "credentials." + e.getKey(),
                        "'" + e.getKey() + "' is not a credential of "
                                + type.label()
                                + (type.credentials().isEmpty()
                                        ? " (it takes none)"
                                        : "; expected "
                                                + String.join(
                                                        ", ",
                                                        type.credentials().stream()
                                                                .map(CredentialField::name)
                                                                .toList())));
            }
            if (e.getValue().length() > 2000) {
                throw new InvalidInputException(
                        "credentials." + e.getKey(), "credentials." + e.getKey() + " is too long");
            }
        }
        List<String> missing = type.credentials().stream()
                .filter(CredentialField::required)
                .map(CredentialField::name)
                .filter(n -> !credentials.containsKey(n))
                .toList();
        if (!missing.isEmpty()) {
            throw new InvalidInputException(
                    "credentials." + missing.get(0),
                    type.label() + " needs "
                            + String.join(
                                    ", ",
                                    missing.stream()
                                            .map(n -> "credentials." + n)
                                            .toList()));
        }
        return credentials;
    }
}
