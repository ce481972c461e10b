package com.trueup.psa;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** What the API and the pages show of connections and sync runs: credentials only as "set", never their values. */
final class PsaViews {

    private PsaViews() {
    }

    record CountsView(int companies, int products, int contracts, int lines, int billableLines) {
        static CountsView of(SnapshotStore.Counts c) {
            return c == null ? null : new CountsView(c.companies(), c.products(), c.contracts(), c.lines(), c.billableLines());
        }
    }

    record SyncRunView(UUID id, UUID connectionId, String status, String requestedBy, Instant requestedAt,
                       Instant startedAt, Instant finishedAt, CountsView counts, String error) {
        static SyncRunView of(PsaSync.SyncRun r) {
            return new SyncRunView(r.id(), r.connectionId(), r.status(), r.requestedBy(), r.requestedAt(), r.startedAt(),
                    r.finishedAt(), CountsView.of(r.counts()), r.error());
        }
    }

    record CredentialFieldView(String name, String label, boolean required, String hint, boolean set) {
    }

    record ConnectionView(UUID id, String type, String typeLabel, String name, String baseUrl, String status,
                          String statusMessage, boolean primary, Map<String, String> credentials,
                          Map<String, String> settings, ConnectorCapabilities capabilities, Instant lastSyncedAt,
                          SyncRunView lastSyncRun, Instant createdAt, Instant updatedAt) {

        static ConnectionView of(PsaConnections.Connection c, PsaTypes.Type type, ConnectorCapabilities capabilities,
                PsaSync.SyncRun lastRun) {
            Map<String, String> credentials = new LinkedHashMap<>();
            c.credentialNames().forEach(name -> credentials.put(name, "set"));
            return new ConnectionView(c.id(), c.type(), type.label(), c.name(), c.baseUrl(), c.status(), c.statusMessage(),
                    c.primary(), credentials, c.allSettings(), capabilities, c.lastSyncedAt(),
                    lastRun == null ? null : SyncRunView.of(lastRun), c.createdAt(), c.updatedAt());
        }
    }

    record TypeView(String type, String label, String description, boolean supported, String baseUrlLabel,
                    boolean baseUrlRequired, String baseUrlHint, List<PsaTypes.Field> credentials) {
        static TypeView of(PsaTypes.Type t, boolean supported) {
            return new TypeView(t.type(), t.label(), t.description(), supported, t.baseUrlLabel(), t.baseUrlRequired(),
                    t.baseUrlHint(), t.fields());
        }
    }

    /** The credential fields of a connection's type, each with whether it is set (never its value). */
    static List<CredentialFieldView> credentialFields(PsaTypes.Type type, List<String> setNames) {
        List<CredentialFieldView> fields = new java.util.ArrayList<>(type.fields().stream()
                .map(f -> new CredentialFieldView(f.name(), f.label(), f.required(), f.hint(), setNames.contains(f.name())))
                .toList());
        setNames.stream().filter(n -> type.field(n).isEmpty())
                .forEach(n -> fields.add(new CredentialFieldView(n, n, false, null, true)));
        return fields;
    }
}
