package com.trueup.psa.store;

import com.trueup.psa.QuantityRounding;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code psa_connection} table: connections with their encrypted credentials (stored and returned as the cipher's
 * bytes, never decrypted here), settings as a JSON object and the names of the credential fields that are set.
 * Every statement but {@link #all()} is scoped by {@code tenant_id}. Each write that changes what
 * {@code PsaSnapshot#connection} or {@code primaryConnection} return sets {@code snapshot_version} to a new random value
 * in the same statement ({@link #snapshotVersion}).
 */
@Repository
public class ConnectionStore {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() {};
    private static final String COLUMNS = """
            id, tenant_id, type, name, base_url, credential_names, rounding_mode, default_effective_date, settings,
            is_primary, status, status_message, active_sync_run_id, last_synced_at, created_at, updated_at""";

    /** What a connection's owner sets: everything but its type, credentials, primary flag and status. */
    public record Fields(
            String name,
            String baseUrl,
            List<String> credentialNames,
            QuantityRounding rounding,
            String defaultEffectiveDate,
            Map<String, String> settings) {}

    private final JdbcClient jdbc;

    public ConnectionStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The organisation's connections, the primary one first. */
    public List<StoredConnection> list(UUID tenantId) {
        return jdbc.sql("select " + COLUMNS
                        + " from psa_connection where tenant_id = :tenant order by is_primary desc, created_at, id")
                .param("tenant", tenantId)
                .query(ConnectionStore::map)
                .list();
    }

    public Optional<StoredConnection> find(UUID tenantId, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from psa_connection where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId)
                .param("id", id)
                .query(ConnectionStore::map)
                .optional();
    }

    /** Every connection of every organisation: for the scheduled sync. */
    public List<StoredConnection> all() {
        return jdbc.sql("select " + COLUMNS + " from psa_connection order by created_at")
                .query(ConnectionStore::map)
                .list();
    }

    public long count(UUID tenantId) {
        return jdbc.sql("select count(*) from psa_connection where tenant_id = :tenant")
                .param("tenant", tenantId)
                .query(Long.class)
                .single();
    }

    public void insert(
            UUID tenantId, UUID id, String type, Fields fields, byte[] credentials, boolean primary, Instant now) {
        Timestamp at = Timestamp.from(now);
        jdbc.sql("""
                insert into psa_connection (id, tenant_id, type, name, base_url, credentials, credential_names,
                    rounding_mode, default_effective_date, settings, is_primary, status, created_at, updated_at,
                    snapshot_version)
                values (:id, :tenant, :type, :name, :baseUrl, :credentials, :names, :rounding, :effective, :settings,
                    :primary, 'new', :now, :now, :version)""")
                .param("id", id)
                .param("tenant", tenantId)
                .param("type", type)
                .param("name", fields.name())
                .param("baseUrl", fields.baseUrl())
                .param("credentials", credentials)
                .param("names", String.join(",", fields.credentialNames()))
                .param("rounding", fields.rounding().name())
                .param("effective", fields.defaultEffectiveDate())
                .param("settings", JSON.writeValueAsString(fields.settings()))
                .param("primary", primary)
                .param("now", at)
                .param("version", UUID.randomUUID())
                .update();
    }

    /**
     * Updates the connection's fields; {@code credentials} null keeps the stored ones. A new snapshot version whatever
     * changed: changes are rare, and a field PsaSnapshot exposes later cannot be forgotten here.
     */
    public void update(UUID tenantId, UUID id, Fields fields, byte[] credentials, Instant now) {
        jdbc.sql("""
                update psa_connection set name = :name, base_url = :baseUrl, rounding_mode = :rounding,
                    default_effective_date = :effective, settings = :settings, credential_names = :names,
                    credentials = coalesce(:credentials, credentials), updated_at = :now, snapshot_version = :version
                where tenant_id = :tenant and id = :id""")
                .param("name", fields.name())
                .param("baseUrl", fields.baseUrl())
                .param("rounding", fields.rounding().name())
                .param("effective", fields.defaultEffectiveDate())
                .param("settings", JSON.writeValueAsString(fields.settings()))
                .param("names", String.join(",", fields.credentialNames()))
                .param("credentials", credentials, java.sql.Types.VARBINARY)
                .param("now", Timestamp.from(now))
                .param("version", UUID.randomUUID())
                .param("tenant", tenantId)
                .param("id", id)
                .update();
    }

    public void delete(UUID tenantId, UUID id) {
        jdbc.sql("delete from psa_connection where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId)
                .param("id", id)
                .update();
    }

    /**
     * Makes {@code id} the organisation's primary connection and every other one not; the connections whose flag flips
     * get a new snapshot version (which connection is primary is part of what PsaSnapshot returns).
     */
    public void makePrimary(UUID tenantId, UUID id) {
        jdbc.sql("""
                update psa_connection set is_primary = (id = :id),
                    snapshot_version = case when is_primary = (id = :id) then snapshot_version else :version end
                where tenant_id = :tenant""")
                .param("id", id)
                .param("version", UUID.randomUUID())
                .param("tenant", tenantId)
                .update();
    }

    /**
     * Sets the status and its message; a new snapshot version only when the status changes (the message is not part of
     * what PsaSnapshot returns, and every sync and connection test sets it).
     */
    public void setStatus(UUID tenantId, UUID id, String status, String message) {
        jdbc.sql("""
                update psa_connection set status = :status, status_message = :message,
                    snapshot_version = case when status = :status then snapshot_version else :version end
                where tenant_id = :tenant and id = :id""")
                .param("status", status)
                .param("message", message)
                .param("version", UUID.randomUUID())
                .param("tenant", tenantId)
                .param("id", id)
                .update();
    }

    /**
     * The connection's snapshot version: a random value replaced in the same transaction as any write that changes what
     * PsaSnapshot returns for it; empty when the connection does not exist or the value is unknown (stored before
     * versions were kept).
     */
    public Optional<UUID> snapshotVersion(UUID tenantId, UUID id) {
        return jdbc.sql("select snapshot_version from psa_connection where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId)
                .param("id", id)
                .query((rs, n) -> Optional.ofNullable(rs.getObject(1, UUID.class)))
                .optional()
                .flatMap(v -> v);
    }

    /** The encrypted credentials, as stored; empty when the connection does not exist. */
    public Optional<byte[]> credentials(UUID tenantId, UUID id) {
        return jdbc.sql("select credentials from psa_connection where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId)
                .param("id", id)
                .query((rs, n) -> rs.getBytes(1))
                .optional();
    }

    private static StoredConnection map(ResultSet rs, int n) throws SQLException {
        String names = rs.getString("credential_names");
        Timestamp lastSynced = rs.getTimestamp("last_synced_at");
        return new StoredConnection(
                rs.getObject("id", UUID.class),
                rs.getObject("tenant_id", UUID.class),
                rs.getString("type"),
                rs.getString("name"),
                rs.getString("base_url"),
                names == null || names.isBlank() ? List.of() : List.of(names.split(",")),
                QuantityRounding.valueOf(rs.getString("rounding_mode")),
                rs.getString("default_effective_date"),
                JSON.readValue(rs.getString("settings"), STRING_MAP),
                rs.getBoolean("is_primary"),
                rs.getString("status"),
                rs.getString("status_message"),
                rs.getObject("active_sync_run_id", UUID.class),
                lastSynced == null ? null : lastSynced.toInstant(),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
