package com.trueup.psa;

import com.trueup.audit.AuditLog;
import com.trueup.psa.connector.BaseUrlField;
import com.trueup.psa.connector.ConnectorContext;
import com.trueup.psa.connector.ConnectorDescriptor;
import com.trueup.psa.connector.ConnectorSettings;
import com.trueup.psa.connector.CredentialField;
import com.trueup.psa.connector.SettingField;
import com.trueup.psa.connector.PsaConnector;
import com.trueup.shared.ConflictException;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.NotFoundException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * PSA connections of an organisation: at most {@value #MAX_CONNECTIONS} (the primary one and a second one for a
 * migration). Credentials are validated per type, encrypted before they reach the database, and leave this class only
 * inside a {@link ConnectorContext} handed to a connector.
 */
@Service
class PsaConnections {

    static final int MAX_CONNECTIONS = 2;
    static final String FIRST_OF_NEXT_MONTH = "FIRST_OF_NEXT_MONTH";
    static final String TODAY = "TODAY";
    static final String ROUNDING_MODE = "roundingMode";
    static final String DEFAULT_EFFECTIVE_DATE = "defaultEffectiveDate";

    private static final Logger log = LoggerFactory.getLogger(PsaConnections.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {
    };
    private static final String COLUMNS = """
            id, tenant_id, type, name, base_url, credential_names, rounding_mode, default_effective_date, settings,
            is_primary, status, status_message, active_sync_run_id, last_synced_at, created_at, updated_at""";

    /** A connection as stored, without its credentials. */
    record Connection(UUID id, UUID tenantId, String type, String name, String baseUrl, List<String> credentialNames,
                      QuantityRounding rounding, String defaultEffectiveDate, Map<String, String> settings,
                      boolean primary, String status, String statusMessage, UUID activeSyncRunId,
                      Instant lastSyncedAt, Instant createdAt, Instant updatedAt) {

        /** Every setting as the connector sees it, including rounding mode and default effective date. */
        Map<String, String> allSettings() {
            Map<String, String> all = new LinkedHashMap<>();
            all.put(ROUNDING_MODE, rounding.name());
            all.put(DEFAULT_EFFECTIVE_DATE, defaultEffectiveDate);
            all.putAll(settings);
            return all;
        }
    }

    /** A new connection; {@code settings} may hold roundingMode, defaultEffectiveDate and connector settings. */
    record NewConnection(String type, String name, String baseUrl, Map<String, String> credentials,
                         Map<String, String> settings) {
    }

    /**
     * A change; null leaves a part as it is. {@code credentials} replaces the named fields (a blank or null value
     * removes an optional field); in {@code settings} a null value removes a connector setting.
     */
    record ConnectionChange(String name, String baseUrl, Map<String, String> credentials, Map<String, String> settings,
                            Boolean primary) {
    }

    record TestResult(boolean ok, String message) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditLog audit;
    private final CredentialCipher cipher;
    private final Connectors connectors;

    PsaConnections(JdbcClient jdbc, Clock clock, AuditLog audit, CredentialCipher cipher, Connectors connectors) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.cipher = cipher;
        this.connectors = connectors;
    }

    List<Connection> list(UUID tenantId) {
        return jdbc.sql("select " + COLUMNS + " from psa_connection where tenant_id = :tenant order by is_primary desc, created_at, id")
                .param("tenant", tenantId).query(this::map).list();
    }

    Optional<Connection> find(UUID tenantId, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from psa_connection where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId).param("id", id).query(this::map).optional();
    }

    Connection get(UUID tenantId, UUID id) {
        return find(tenantId, id).orElseThrow(() -> NotFoundException.of("PSA connection", id));
    }

    Optional<Connection> primary(UUID tenantId) {
        return list(tenantId).stream().filter(Connection::primary).findFirst();
    }

    /** Every connection of every organisation: for the scheduled sync. */
    List<Connection> all() {
        return jdbc.sql("select " + COLUMNS + " from psa_connection order by created_at").query(this::map).list();
    }

    @Transactional
    Connection create(UUID tenantId, NewConnection input, String actor) {
        ConnectorDescriptor type = supportedType(input.type());
        String name = checkedName(input.name() == null || input.name().isBlank() ? type.label() : input.name());
        String baseUrl = checkedBaseUrl(type, input.baseUrl());
        Map<String, String> credentials = checkedCredentials(type, cleaned(input.credentials()));
        Settings settings = Settings.DEFAULT.apply(type, input.settings());
        long existing = jdbc.sql("select count(*) from psa_connection where tenant_id = :tenant")
                .param("tenant", tenantId).query(Long.class).single();
        if (existing >= MAX_CONNECTIONS) {
            throw new ConflictException("An organisation has one PSA connection, plus a second one while it migrates "
                    + "to another PSA. Delete a connection before adding another.");
        }
        UUID id = UUID.randomUUID();
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("""
                insert into psa_connection (id, tenant_id, type, name, base_url, credentials, credential_names,
                    rounding_mode, default_effective_date, settings, is_primary, status, created_at, updated_at)
                values (:id, :tenant, :type, :name, :baseUrl, :credentials, :names, :rounding, :effective, :settings,
                    :primary, 'new', :now, :now)""")
                .param("id", id).param("tenant", tenantId).param("type", type.type()).param("name", name)
                .param("baseUrl", baseUrl)
                .param("credentials", encrypt(tenantId, id, credentials))
                .param("names", String.join(",", new TreeMap<>(credentials).keySet()))
                .param("rounding", settings.rounding().name()).param("effective", settings.defaultEffectiveDate())
                .param("settings", JSON.writeValueAsString(settings.extra()))
                .param("primary", existing == 0)
                .param("now", now)
                .update();
        audit.record(tenantId, actor, "psa.connection.created", name,
                type.label() + (baseUrl == null ? "" : " at " + baseUrl) + "; credentials set: "
                        + (credentials.isEmpty() ? "none" : String.join(", ", new TreeMap<>(credentials).keySet())));
        return get(tenantId, id);
    }

    @Transactional
    Connection update(UUID tenantId, UUID id, ConnectionChange change, String actor) {
        Connection current = get(tenantId, id);
        ConnectorDescriptor type = connectors.descriptor(current.type()).orElseThrow(() -> new ConflictException(
                "This TrueUp installation has no connector for PSA type '" + current.type() + "' any more; "
                        + "delete the connection"));
        List<String> changes = new ArrayList<>();
        String name = current.name();
        if (change.name() != null) {
            name = checkedName(change.name());
            if (!name.equals(current.name())) {
                changes.add("name");
            }
        }
        String baseUrl = current.baseUrl();
        if (change.baseUrl() != null) {
            baseUrl = checkedBaseUrl(type, change.baseUrl());
            if (!java.util.Objects.equals(baseUrl, current.baseUrl())) {
                changes.add("base URL " + (baseUrl == null ? "cleared" : baseUrl));
            }
        }
        Settings settings = new Settings(current.rounding(), current.defaultEffectiveDate(), current.settings());
        if (change.settings() != null) {
            Settings updated = settings.apply(type, change.settings());
            if (!updated.equals(settings)) {
                changes.add("settings " + updated.describe());
            }
            settings = updated;
        }
        byte[] encrypted = null;
        String names = String.join(",", current.credentialNames());
        if (change.credentials() != null && !change.credentials().isEmpty()) {
            Map<String, String> merged = new LinkedHashMap<>(decrypt(current));
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
            Map<String, String> credentials = checkedCredentials(type, merged);
            encrypted = encrypt(tenantId, id, credentials);
            names = String.join(",", new TreeMap<>(credentials).keySet());
            Collections.sort(replaced);
            changes.add("credentials replaced: " + String.join(", ", replaced));
        }
        jdbc.sql("""
                update psa_connection set name = :name, base_url = :baseUrl, rounding_mode = :rounding,
                    default_effective_date = :effective, settings = :settings, credential_names = :names,
                    credentials = coalesce(:credentials, credentials), updated_at = :now
                where tenant_id = :tenant and id = :id""")
                .param("name", name).param("baseUrl", baseUrl).param("rounding", settings.rounding().name())
                .param("effective", settings.defaultEffectiveDate())
                .param("settings", JSON.writeValueAsString(settings.extra()))
                .param("names", names)
                .param("credentials", encrypted, java.sql.Types.VARBINARY)
                .param("now", Timestamp.from(clock.instant()))
                .param("tenant", tenantId).param("id", id)
                .update();
        if (Boolean.TRUE.equals(change.primary()) && !current.primary()) {
            makePrimary(tenantId, id);
            changes.add("made primary");
        }
        if (!changes.isEmpty()) {
            audit.record(tenantId, actor, "psa.connection.updated", name, String.join("; ", changes));
        }
        return get(tenantId, id);
    }

    @Transactional
    void delete(UUID tenantId, UUID id, String actor) {
        Connection current = get(tenantId, id);
        jdbc.sql("delete from psa_connection where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId).param("id", id).update();
        if (current.primary()) {
            list(tenantId).stream().findFirst().ifPresent(next -> makePrimary(tenantId, next.id()));
        }
        audit.record(tenantId, actor, "psa.connection.deleted", current.name(),
                label(current.type()) + "; its snapshot and sync runs were removed");
    }

    private void makePrimary(UUID tenantId, UUID id) {
        jdbc.sql("update psa_connection set is_primary = (id = :id) where tenant_id = :tenant")
                .param("id", id).param("tenant", tenantId).update();
    }

    /** Calls the PSA with the saved connection; failures are an answer (ok=false with the PSA's message), not an error. */
    TestResult test(UUID tenantId, UUID id, String actor) {
        Connection connection = get(tenantId, id);
        TestResult result;
        try {
            PsaConnector connector = connectors.require(connection.type());
            result = new TestResult(true, connector.open(context(connection)).testConnection());
        } catch (CredentialCipher.UnreadableException e) {
            result = new TestResult(false, "The saved credentials cannot be read: " + e.getMessage());
        } catch (RuntimeException e) {
            result = failed(e);
        }
        setStatus(tenantId, id, result.ok() ? "connected" : "error", result.message());
        audit.record(tenantId, actor, "psa.connection.tested", connection.name(),
                (result.ok() ? "ok: " : "failed: ") + result.message());
        return result;
    }

    /** Tests credentials before they are saved (the connection form's "Test connection"). Nothing is stored. */
    TestResult testUnsaved(UUID tenantId, String typeName, String baseUrlInput, Map<String, String> credentialsInput,
            String actor) {
        ConnectorDescriptor type = supportedType(typeName);
        String baseUrl = checkedBaseUrl(type, baseUrlInput);
        Map<String, String> credentials = checkedCredentials(type, cleaned(credentialsInput));
        TestResult result;
        try {
            var context = new ConnectorContext(tenantId, null, baseUrl, Map.copyOf(credentials),
                    ConnectorSettings.of(type.settings(), Map.of()), clock);
            result = new TestResult(true, connectors.require(type.type()).open(context).testConnection());
        } catch (RuntimeException e) {
            result = failed(e);
        }
        audit.record(tenantId, actor, "psa.connection.tested", type.label() + " (not saved)",
                (result.ok() ? "ok: " : "failed: ") + result.message());
        return result;
    }

    private TestResult failed(RuntimeException e) {
        log.info("PSA connection test failed: {}", e.getClass().getSimpleName());
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        return new TestResult(false, truncate(message, 1000));
    }

    void setStatus(UUID tenantId, UUID id, String status, String message) {
        jdbc.sql("update psa_connection set status = :status, status_message = :message where tenant_id = :tenant and id = :id")
                .param("status", status).param("message", truncate(message, 1000))
                .param("tenant", tenantId).param("id", id).update();
    }

    /** The connection as its connector sees it, with decrypted credentials. Never log or return the result. */
    ConnectorContext context(Connection connection) {
        List<SettingField> declared = connectors.descriptor(connection.type()).map(ConnectorDescriptor::settings)
                .orElse(List.of());
        return new ConnectorContext(connection.tenantId(), connection.id(), connection.baseUrl(),
                Map.copyOf(decrypt(connection)), ConnectorSettings.of(declared, connection.settings()), clock);
    }

    PsaConnectionInfo info(Connection c) {
        var writes = connectors.descriptor(c.type()).map(d -> d.capabilities())
                .map(can -> new PsaConnectionInfo.Writes(can.updatesLines(), can.createsLines(), can.wholeQuantitiesOnly(),
                        can.honoursEffectiveDate(), can.effectiveDateNote()))
                .orElse(new PsaConnectionInfo.Writes(false, false, false, true, null));
        return new PsaConnectionInfo(c.id(), c.tenantId(), c.type(), label(c.type()), c.name(), c.status(), c.rounding(),
                c.defaultEffectiveDate(), writes);
    }

    /** The PSA's label, or its type when this installation has no connector for it any more. */
    String label(String type) {
        return connectors.descriptor(type).map(ConnectorDescriptor::label).orElse(type);
    }

    private ConnectorDescriptor supportedType(String input) {
        if (input == null || input.isBlank()) {
            throw new InvalidInputException("type", "type is required: one of " + String.join(", ", connectors.types()));
        }
        return connectors.descriptor(input.trim().toLowerCase(Locale.ROOT)).orElseThrow(() -> new InvalidInputException(
                "type", "'" + input + "' is not a PSA type of this installation; use one of "
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
                throw new InvalidInputException("baseUrl", "baseUrl is required for " + type.label()
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
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getUserInfo() != null
                    || uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new InvalidInputException("baseUrl", "baseUrl must be an http(s) address such as https://psa.example.com");
            }
        } catch (URISyntaxException e) {
            throw new InvalidInputException("baseUrl", "baseUrl is not a valid address: " + e.getReason());
        }
        return url;
    }

    private static Map<String, String> cleaned(Map<String, String> input) {
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
                throw new InvalidInputException("credentials." + e.getKey(), "'" + e.getKey() + "' is not a credential of "
                        + type.label() + (type.credentials().isEmpty() ? " (it takes none)" : "; expected "
                        + String.join(", ", type.credentials().stream().map(CredentialField::name).toList())));
            }
            if (e.getValue().length() > 2000) {
                throw new InvalidInputException("credentials." + e.getKey(), "credentials." + e.getKey() + " is too long");
            }
        }
        List<String> missing = type.credentials().stream().filter(CredentialField::required)
                .map(CredentialField::name).filter(n -> !credentials.containsKey(n)).toList();
        if (!missing.isEmpty()) {
            throw new InvalidInputException("credentials." + missing.get(0), type.label() + " needs "
                    + String.join(", ", missing.stream().map(n -> "credentials." + n).toList()));
        }
        return credentials;
    }

    private byte[] encrypt(UUID tenantId, UUID id, Map<String, String> credentials) {
        return cipher.encrypt(JSON.writeValueAsBytes(new TreeMap<>(credentials)), associatedData(tenantId, id));
    }

    private Map<String, String> decrypt(Connection connection) {
        byte[] stored = jdbc.sql("select credentials from psa_connection where tenant_id = :tenant and id = :id")
                .param("tenant", connection.tenantId()).param("id", connection.id())
                .query((rs, n) -> rs.getBytes(1)).optional()
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

    private Connection map(ResultSet rs, int n) throws SQLException {
        String names = rs.getString("credential_names");
        Timestamp lastSynced = rs.getTimestamp("last_synced_at");
        return new Connection(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                rs.getString("type"), rs.getString("name"), rs.getString("base_url"),
                names == null || names.isBlank() ? List.of() : List.of(names.split(",")),
                QuantityRounding.valueOf(rs.getString("rounding_mode")), rs.getString("default_effective_date"),
                JSON.readValue(rs.getString("settings"), STRING_MAP), rs.getBoolean("is_primary"),
                rs.getString("status"), rs.getString("status_message"), rs.getObject("active_sync_run_id", UUID.class),
                lastSynced == null ? null : lastSynced.toInstant(), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }

    /** Rounding mode, default effective date and the connector's own settings, as stored (normalised text). */
    record Settings(QuantityRounding rounding, String defaultEffectiveDate, Map<String, String> extra) {

        static final Settings DEFAULT = new Settings(QuantityRounding.NEAREST, FIRST_OF_NEXT_MONTH, Map.of());

        /**
         * This with {@code input} applied: each setting is checked against the connector's declaration (an unknown name
         * or an invalid value is refused, naming it); a null value resets a connector setting to its default, a blank one
         * empties a list or text setting.
         */
        Settings apply(ConnectorDescriptor type, Map<String, String> input) {
            if (input == null) {
                return this;
            }
            QuantityRounding newRounding = rounding;
            String newEffective = defaultEffectiveDate;
            Map<String, String> newExtra = new TreeMap<>(extra);
            newExtra.keySet().removeIf(key -> type.setting(key).isEmpty());
            for (Map.Entry<String, String> e : input.entrySet()) {
                String key = e.getKey() == null ? "" : e.getKey().trim();
                String value = e.getValue() == null ? null : e.getValue().trim();
                if (ROUNDING_MODE.equals(key)) {
                    if (value != null && !value.isEmpty()) {
                        try {
                            newRounding = QuantityRounding.valueOf(value.toUpperCase(Locale.ROOT));
                        } catch (IllegalArgumentException ex) {
                            throw new InvalidInputException("settings.roundingMode", "settings.roundingMode must be NEAREST or UP");
                        }
                    }
                } else if (DEFAULT_EFFECTIVE_DATE.equals(key)) {
                    if (value != null && !value.isEmpty()) {
                        String upper = value.toUpperCase(Locale.ROOT);
                        if (!upper.equals(FIRST_OF_NEXT_MONTH) && !upper.equals(TODAY)) {
                            throw new InvalidInputException("settings.defaultEffectiveDate",
                                    "settings.defaultEffectiveDate must be FIRST_OF_NEXT_MONTH or TODAY");
                        }
                        newEffective = upper;
                    }
                } else {
                    SettingField field = type.setting(key).orElseThrow(() -> new InvalidInputException(
                            "settings." + truncate(key, 64), "'" + truncate(key, 64) + "' is not a setting of " + type.label()
                                    + "; its settings are " + String.join(", ", settingNames(type))));
                    if (value == null) {
                        newExtra.remove(key);
                    } else {
                        try {
                            newExtra.put(key, field.parse(value));
                        } catch (IllegalArgumentException invalid) {
                            throw new InvalidInputException("settings." + key, invalid.getMessage());
                        }
                    }
                }
            }
            return new Settings(newRounding, newEffective, Map.copyOf(newExtra));
        }

        private static List<String> settingNames(ConnectorDescriptor type) {
            List<String> names = new ArrayList<>(List.of(ROUNDING_MODE, DEFAULT_EFFECTIVE_DATE));
            type.settings().forEach(f -> names.add(f.name()));
            return names;
        }

        String describe() {
            List<String> parts = new ArrayList<>();
            parts.add(ROUNDING_MODE + "=" + rounding.name());
            parts.add(DEFAULT_EFFECTIVE_DATE + "=" + defaultEffectiveDate);
            extra.forEach((k, v) -> parts.add(k + "=" + v));
            return String.join(", ", parts);
        }
    }
}
