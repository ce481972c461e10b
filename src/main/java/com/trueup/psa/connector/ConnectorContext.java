package com.trueup.psa.connector;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

/**
 * One connection as a connector sees it: the base URL, the decrypted credentials (never logged, never returned by
 * TrueUp), the typed settings and the clock, whose zone is the organisation's: {@link #today()} is the organisation's
 * day, as every day in TrueUp is. {@code connectionId} is null while an unsaved form is tested.
 */
public record ConnectorContext(
        UUID tenantId,
        UUID connectionId,
        String baseUrl,
        Map<String, String> credentials,
        ConnectorSettings settings,
        Clock clock) {

    /** A credential, trimmed; null when not set. */
    public String credential(String name) {
        String value = credentials.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** A credential the connection must have; its absence is a permanent failure naming it. */
    public String requiredCredential(String name) {
        String value = credential(name);
        if (value == null) {
            throw ConnectorException.permanent("the connection has no " + name);
        }
        return value;
    }

    /** Today in the organisation's time zone (the zone of {@link #clock()}). */
    public LocalDate today() {
        return LocalDate.now(clock);
    }

    @Override
    public String toString() {
        return "ConnectorContext[connection " + connectionId + ", " + baseUrl + "]";
    }
}
