package com.trueup.psa;

import com.trueup.audit.AuditLog;
import com.trueup.psa.connector.ConnectorDescriptor;
import com.trueup.psa.store.ConnectionStore;
import com.trueup.psa.store.StoredConnection;
import com.trueup.shared.ConflictException;
import com.trueup.shared.NotFoundException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * PSA connections of an organisation: at most {@value #MAX_CONNECTIONS} (the primary one and a second one for a
 * migration). What is typed is checked per type ({@link ConnectionInput}, {@link ConnectionSettings}); credentials are
 * encrypted by {@link ConnectionCredentials} before they reach the database.
 */
@Service
class PsaConnections {

    static final int MAX_CONNECTIONS = 2;

    /** A new connection; {@code settings} may hold roundingMode, defaultEffectiveDate and connector settings. */
    record NewConnection(
            String type, String name, String baseUrl, Map<String, String> credentials, Map<String, String> settings) {}

    /**
     * A change; null leaves a part as it is. {@code credentials} replaces the named fields (a blank or null value
     * removes an optional field); in {@code settings} a null value removes a connector setting.
     */
    record ConnectionChange(
            String name,
            String baseUrl,
            Map<String, String> credentials,
            Map<String, String> settings,
            Boolean primary) {}

    private final ConnectionStore store;
    private final ConnectionCredentials credentials;
    private final Clock clock;
    private final AuditLog audit;
    private final Connectors connectors;

    PsaConnections(
            ConnectionStore store,
            ConnectionCredentials credentials,
            Clock clock,
            AuditLog audit,
            Connectors connectors) {
        this.store = store;
        this.credentials = credentials;
        this.clock = clock;
        this.audit = audit;
        this.connectors = connectors;
    }

    List<StoredConnection> list(UUID tenantId) {
        return store.list(tenantId);
    }

    Optional<StoredConnection> find(UUID tenantId, UUID id) {
        return store.find(tenantId, id);
    }

    StoredConnection get(UUID tenantId, UUID id) {
        return find(tenantId, id).orElseThrow(() -> NotFoundException.of("PSA connection", id));
    }

    Optional<StoredConnection> primary(UUID tenantId) {
        return list(tenantId).stream().filter(StoredConnection::primary).findFirst();
    }

    /** See {@link PsaSnapshot#snapshotVersion}. */
    Optional<UUID> snapshotVersion(UUID tenantId, UUID id) {
        return store.snapshotVersion(tenantId, id);
    }

    /** Every connection of every organisation: for the scheduled sync. */
    List<StoredConnection> all() {
        return store.all();
    }

    @Transactional
    StoredConnection create(UUID tenantId, NewConnection input, String actor) {
        ConnectorDescriptor type = ConnectionInput.supportedType(connectors, input.type());
        String name = ConnectionInput.checkedName(
                input.name() == null || input.name().isBlank() ? type.label() : input.name());
        String baseUrl = ConnectionInput.checkedBaseUrl(type, input.baseUrl());
        Map<String, String> typed =
                ConnectionInput.checkedCredentials(type, ConnectionInput.cleaned(input.credentials()));
        ConnectionSettings settings = ConnectionSettings.DEFAULT.apply(type, input.settings());
        long existing = store.count(tenantId);
        if (existing >= MAX_CONNECTIONS) {
            throw new ConflictException("An organisation has one PSA connection, plus a second one while it migrates "
                    + "to another PSA. Delete a connection before adding another.");
        }
        UUID id = UUID.randomUUID();
        List<String> names = List.copyOf(new TreeMap<>(typed).keySet());
        store.insert(
                tenantId,
                id,
                type.type(),
                fields(name, baseUrl, names, settings),
                credentials.encrypt(tenantId, id, typed),
                existing == 0,
                clock.instant());
        audit.record(
                tenantId,
                actor,
                "psa.connection.created",
                name,
                type.label() + (baseUrl == null ? "" : " at " + baseUrl) + "; credentials set: "
                        + (typed.isEmpty() ? "none" : String.join(", ", names)));
        return get(tenantId, id);
    }

    @Transactional
    StoredConnection update(UUID tenantId, UUID id, ConnectionChange change, String actor) {
        StoredConnection current = get(tenantId, id);
        ConnectorDescriptor type = connectors
                .descriptor(current.type())
                .orElseThrow(() -> new ConflictException("This TrueUp installation has no connector for PSA type '"
                        + current.type() + "' any more; " + "delete the connection"));
        List<String> changes = new ArrayList<>();
        String name = current.name();
        if (change.name() != null) {
            name = ConnectionInput.checkedName(change.name());
            if (!name.equals(current.name())) {
                changes.add("name");
            }
        }
        String baseUrl = current.baseUrl();
        if (change.baseUrl() != null) {
            baseUrl = ConnectionInput.checkedBaseUrl(type, change.baseUrl());
            if (!java.util.Objects.equals(baseUrl, current.baseUrl())) {
                changes.add("base URL " + (baseUrl == null ? "cleared" : baseUrl));
            }
        }
        ConnectionSettings settings =
                new ConnectionSettings(current.rounding(), current.defaultEffectiveDate(), current.settings());
        if (change.settings() != null) {
            ConnectionSettings updated = settings.apply(type, change.settings());
            if (!updated.equals(settings)) {
                changes.add("settings " + updated.describe());
            }
            settings = updated;
        }
        byte[] encrypted = null;
        List<String> names = current.credentialNames();
        if (change.credentials() != null && !change.credentials().isEmpty()) {
            Map<String, String> merged = new LinkedHashMap<>(credentials.decrypt(current));
            List<String> replaced = new ArrayList<>();
            for (Map.Entry<String, String> e : change.credentials().entrySet()) {
                String field = e.getKey() == null ? "" : e.getKey().trim();
                if (e.getValue() == null || e.getValue().isBlank()) {
                    merged.remove(field);
                } else {
                    merged.put(field, e.getValue().trim());
                }
                replaced.add(field);
            }
            Map<String, String> typed = ConnectionInput.checkedCredentials(type, merged);
            encrypted = credentials.encrypt(tenantId, id, typed);
            names = List.copyOf(new TreeMap<>(typed).keySet());
            Collections.sort(replaced);
            changes.add("credentials replaced: " + String.join(", ", replaced));
        }
        store.update(tenantId, id, fields(name, baseUrl, names, settings), encrypted, clock.instant());
        if (Boolean.TRUE.equals(change.primary()) && !current.primary()) {
            store.makePrimary(tenantId, id);
            changes.add("made primary");
        }
        if (!changes.isEmpty()) {
            audit.record(tenantId, actor, "psa.connection.updated", name, String.join("; ", changes));
        }
        return get(tenantId, id);
    }

    @Transactional
    void delete(UUID tenantId, UUID id, String actor) {
        StoredConnection current = get(tenantId, id);
        store.delete(tenantId, id);
        if (current.primary()) {
            list(tenantId).stream().findFirst().ifPresent(next -> store.makePrimary(tenantId, next.id()));
        }
        audit.record(
                tenantId,
                actor,
                "psa.connection.deleted",
                current.name(),
                label(current.type()) + "; its snapshot and sync runs were removed");
    }

    private static ConnectionStore.Fields fields(
            String name, String baseUrl, List<String> credentialNames, ConnectionSettings settings) {
        return new ConnectionStore.Fields(
                name, baseUrl, credentialNames, settings.rounding(), settings.defaultEffectiveDate(), settings.extra());
    }

    void setStatus(UUID tenantId, UUID id, String status, String message) {
        store.setStatus(tenantId, id, status, truncate(message, 1000));
    }

    PsaConnectionInfo info(StoredConnection c) {
        var writes = connectors
                .descriptor(c.type())
                .map(d -> d.capabilities())
                .map(can -> new PsaConnectionInfo.Writes(
                        can.updatesLines(),
                        can.createsLines(),
                        can.wholeQuantitiesOnly(),
                        can.honoursEffectiveDate(),
                        can.effectiveDateNote()))
                .orElse(new PsaConnectionInfo.Writes(false, false, false, true, null));
        return new PsaConnectionInfo(
                c.id(),
                c.tenantId(),
                c.type(),
                label(c.type()),
                c.name(),
                c.status(),
                c.rounding(),
                c.defaultEffectiveDate(),
                writes);
    }

    /** The PSA's label, or its type when this installation has no connector for it any more. */
    String label(String type) {
        return connectors.descriptor(type).map(ConnectorDescriptor::label).orElse(type);
    }

    static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }
}
