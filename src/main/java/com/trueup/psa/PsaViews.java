package com.trueup.psa;

import com.trueup.psa.connector.AuthKind;
import com.trueup.psa.connector.BaseUrlField;
import com.trueup.psa.connector.Capabilities;
import com.trueup.psa.connector.ConnectorDescriptor;
import com.trueup.psa.connector.ConnectorSettings;
import com.trueup.psa.connector.CredentialField;
import com.trueup.psa.connector.SettingField;
import com.trueup.psa.store.StoredConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** What the API and the pages show of PSA types, connections and sync runs: credentials only as "set", never values. */
final class PsaViews {

    private PsaViews() {}

    record CountsView(int companies, int products, int contracts, int lines, int billableLines) {
        static CountsView of(SnapshotStore.Counts c) {
            return c == null
                    ? null
                    : new CountsView(c.companies(), c.products(), c.contracts(), c.lines(), c.billableLines());
        }
    }

    record SyncRunView(
            UUID id,
            UUID connectionId,
            String status,
            String requestedBy,
            Instant requestedAt,
            Instant startedAt,
            Instant finishedAt,
            CountsView counts,
            String error) {
        static SyncRunView of(PsaSync.SyncRun r) {
            return new SyncRunView(
                    r.id(),
                    r.connectionId(),
                    r.status(),
                    r.requestedBy(),
                    r.requestedAt(),
                    r.startedAt(),
                    r.finishedAt(),
                    CountsView.of(r.counts()),
                    r.error());
        }
    }

    /** A credential field of a connection, with whether it is set (never its value). */
    record CredentialFieldView(String name, String label, boolean required, String hint, boolean secret, boolean set) {}

    /** A connector setting of a connection: its declaration and the value in force (the default when not set). */
    record SettingView(SettingField field, String value, boolean isDefault) {

        public String display() {
            return field.display(value);
        }
    }

    /** A PSA type this installation supports, as its connector describes it. */
    record TypeView(
            String type,
            String label,
            String description,
            boolean supported,
            String baseUrlLabel,
            boolean baseUrlRequired,
            String baseUrlHint,
            List<BaseUrlField.Choice> baseUrlChoices,
            List<CredentialField> credentials,
            List<SettingField> settings,
            AuthKind auth,
            String authDescription,
            Capabilities capabilities,
            String setupHelp) {

        static TypeView of(ConnectorDescriptor d) {
            BaseUrlField url = d.baseUrl();
            return new TypeView(
                    d.type(),
                    d.label(),
                    d.description(),
                    true,
                    url == null ? null : url.label(),
                    url != null && url.required(),
                    url == null ? null : url.hint(),
                    url == null ? List.of() : url.choices(),
                    d.credentials(),
                    d.settings(),
                    d.auth(),
                    d.auth().description(),
                    d.capabilities(),
                    d.setupHelp());
        }
    }

    record ConnectionView(
            UUID id,
            String type,
            String typeLabel,
            String name,
            String baseUrl,
            String status,
            String statusMessage,
            boolean primary,
            Map<String, String> credentials,
            Map<String, String> settings,
            Capabilities capabilities,
            Instant lastSyncedAt,
            SyncRunView lastSyncRun,
            Instant createdAt,
            Instant updatedAt) {

        static ConnectionView of(StoredConnection c, Optional<ConnectorDescriptor> type, PsaSync.SyncRun lastRun) {
            Map<String, String> credentials = new LinkedHashMap<>();
            c.credentialNames().forEach(name -> credentials.put(name, "set"));
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put(ConnectionSettings.ROUNDING_MODE, c.rounding().name());
            settings.put(ConnectionSettings.DEFAULT_EFFECTIVE_DATE, c.defaultEffectiveDate());
            type.ifPresent(d -> settings.putAll(
                    ConnectorSettings.of(d.settings(), c.settings()).asMap()));
            return new ConnectionView(
                    c.id(),
                    c.type(),
                    type.map(ConnectorDescriptor::label).orElse(c.type()),
                    c.name(),
                    c.baseUrl(),
                    c.status(),
                    c.statusMessage(),
                    c.primary(),
                    credentials,
                    settings,
                    type.map(ConnectorDescriptor::capabilities).orElse(null),
                    c.lastSyncedAt(),
                    lastRun == null ? null : SyncRunView.of(lastRun),
                    c.createdAt(),
                    c.updatedAt());
        }
    }

    /** The credential fields of a connection's type, each with whether it is set; stray stored names are listed too. */
    static List<CredentialFieldView> credentialFields(ConnectorDescriptor type, List<String> setNames) {
        List<CredentialFieldView> fields = new ArrayList<>(type.credentials().stream()
                .map(f -> new CredentialFieldView(
                        f.name(), f.label(), f.required(), f.help(), f.secret(), setNames.contains(f.name())))
                .toList());
        setNames.stream()
                .filter(n -> type.credential(n).isEmpty())
                .forEach(n -> fields.add(new CredentialFieldView(n, n, false, null, true, true)));
        return fields;
    }

    /** The connector settings of a connection with the values in force. */
    static List<SettingView> settings(ConnectorDescriptor type, Map<String, String> stored) {
        ConnectorSettings values = ConnectorSettings.of(type.settings(), stored);
        return type.settings().stream()
                .map(f -> new SettingView(f, values.asMap().get(f.name()), !stored.containsKey(f.name())))
                .toList();
    }

    /** Stored settings the connector does not declare (or that no longer parse): they are ignored. */
    static List<String> ignoredSettings(ConnectorDescriptor type, Map<String, String> stored) {
        List<String> ignored = new ArrayList<>();
        stored.forEach((name, value) -> {
            var field = type.setting(name);
            if (field.isEmpty()) {
                ignored.add(name);
            } else {
                try {
                    field.get().parse(value);
                } catch (IllegalArgumentException e) {
                    ignored.add(name);
                }
            }
        });
        return ignored;
    }
}
