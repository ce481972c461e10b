package com.trueup.psa.connector;

import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * One connection as a connector sees it: the base URL, the decrypted credentials (never logged, never returned
 * by TrueUp) and the connection's settings (e.g. billable contract types).
 */
public record ConnectorContext(UUID tenantId, UUID connectionId, String baseUrl, Map<String, String> credentials,
                               Map<String, String> settings, Clock clock) {

    public String credential(String name) {
        return credentials.get(name);
    }

    public String setting(String name, String defaultValue) {
        return settings.getOrDefault(name, defaultValue);
    }

    @Override
    public String toString() {
        return "ConnectorContext[connection " + connectionId + ", " + baseUrl + "]";
    }
}
