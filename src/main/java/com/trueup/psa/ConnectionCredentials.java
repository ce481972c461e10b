package com.trueup.psa;

import com.trueup.psa.connector.ConnectorContext;
import com.trueup.psa.connector.ConnectorDescriptor;
import com.trueup.psa.connector.ConnectorSettings;
import com.trueup.psa.connector.SettingField;
import com.trueup.psa.store.ConnectionStore;
import com.trueup.psa.store.StoredConnection;
import com.trueup.shared.NotFoundException;
import com.trueup.shared.TenantCalendar;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A connection's credentials: encrypted (AES-GCM, bound to the organisation and the connection) before they reach the
 * database, and decrypted only into the {@link ConnectorContext} handed to a connector. Nothing else sees them.
 */
@Component
class ConnectionCredentials {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};

    private final ConnectionStore store;
    private final CredentialCipher cipher;
    private final Connectors connectors;
    private final Clock clock;
    private final TenantCalendar calendar;

    ConnectionCredentials(
            ConnectionStore store,
            CredentialCipher cipher,
            Connectors connectors,
            Clock clock,
            TenantCalendar calendar) {
        this.store = store;
        this.cipher = cipher;
        this.connectors = connectors;
        this.clock = clock;
        this.calendar = calendar;
    }

    /** The connection as its connector sees it, with decrypted credentials. Never log or return the result. */
    ConnectorContext context(StoredConnection connection) {
        List<SettingField> declared = connectors
                .descriptor(connection.type())
                .map(ConnectorDescriptor::settings)
                .orElse(List.of());
        return new ConnectorContext(
                connection.tenantId(),
                connection.id(),
                connection.baseUrl(),
                Map.copyOf(decrypt(connection)),
                ConnectorSettings.of(declared, connection.settings()),
                clock.withZone(calendar.zone(connection.tenantId())));
    }

    byte[] encrypt(UUID tenantId, UUID id, Map<String, String> credentials) {
        return cipher.encrypt(JSON.writeValueAsBytes(new TreeMap<>(credentials)), associatedData(tenantId, id));
    }

    Map<String, String> decrypt(StoredConnection connection) {
        byte[] stored = store.credentials(connection.tenantId(), connection.id())
                .orElseThrow(() -> NotFoundException.of("PSA connection", connection.id()));
        byte[] plain = cipher.decrypt(stored, associatedData(connection.tenantId(), connection.id()));
        try {
            return JSON.readValue(plain, STRING_MAP);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    private static byte[] associatedData(UUID tenantId, UUID id) {
        return ("psa-credentials:" + tenantId + ":" + id).getBytes(StandardCharsets.UTF_8);
    }
}
