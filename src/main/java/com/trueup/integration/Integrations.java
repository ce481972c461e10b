package com.trueup.integration;

import com.trueup.audit.AuditLog;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.NotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Vendor integrations of an organisation: connect (create + token), regenerate, disconnect, reconnect, and the
 * vendor's own status and profile. Invariants: a token resolves to exactly one (organisation, integration);
 * disconnecting stops the token at once (403 from then on), publishes {@link VendorEvents.IntegrationDisconnected}
 * and keeps accounts, services and usage; a new token for a disconnected integration reconnects it (pending) and
 * offers all its accounts and services for mapping again.
 */
@Service
class Integrations {

    static final Set<String> VENDOR_STATUSES = Set.of("active", "inactive", "pending", "disabled", "error");
    static final String DISCONNECTED = "disconnected";
    private static final long SYNC_TOUCH_NANOS = 1_000_000_000L;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditLog audit;
    private final VendorTokens tokens;
    private final ApplicationEventPublisher events;
    private final Map<UUID, Long> lastTouched = new ConcurrentHashMap<>();

    Integrations(JdbcClient jdbc, Clock clock, AuditLog audit, VendorTokens tokens, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.tokens = tokens;
        this.events = events;
    }

    /** One integration as stored. */
    record Integration(
            UUID id,
            UUID tenantId,
            String vendor,
            String name,
            String status,
            UUID vendorId,
            String vendorName,
            String vendorDescription,
            String supportPageUrl,
            String portalUrl,
            Instant createdAt,
            Instant updatedAt,
            Instant lastSyncedAt,
            Instant tokenIssuedAt,
            Instant disconnectedAt) {

        VendorIntegration toApi() {
            return new VendorIntegration(id, tenantId, vendor, name, status, lastSyncedAt);
        }

        public boolean connected() {
            return !DISCONNECTED.equals(status);
        }

        public boolean keeper() {
            return "keeper".equals(vendor);
        }

        /** The name the vendor gives itself on the Vendor API, else the MSP's name of the integration. */
        String displayVendorName() {
            return vendorName != null ? vendorName : keeper() ? "Keeper Security" : name;
        }
    }

    private static final String COLUMNS = """
            id, tenant_id, vendor, name, status, vendor_id, vendor_name, vendor_description, support_page_url, portal_url,
            created_at, updated_at, last_synced_at, token_issued_at, disconnected_at""";

    static Integration map(ResultSet rs, int n) throws SQLException {
        return new Integration(
                rs.getObject("id", UUID.class),
                rs.getObject("tenant_id", UUID.class),
                rs.getString("vendor"),
                rs.getString("name"),
                rs.getString("status"),
                rs.getObject("vendor_id", UUID.class),
                rs.getString("vendor_name"),
                rs.getString("vendor_description"),
                rs.getString("support_page_url"),
                rs.getString("portal_url"),
                instant(rs.getTimestamp("created_at")),
                instant(rs.getTimestamp("updated_at")),
                instant(rs.getTimestamp("last_synced_at")),
                instant(rs.getTimestamp("token_issued_at")),
                instant(rs.getTimestamp("disconnected_at")));
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    List<Integration> list(UUID tenantId, boolean includeDisconnected) {
        return jdbc.sql("select " + COLUMNS + " from vendor_integration where tenant_id = :tenant"
                        + (includeDisconnected ? "" : " and status <> 'disconnected'") + " order by created_at, id")
                .param("tenant", tenantId)
                .query(Integrations::map)
                .list();
    }

    Integration get(UUID tenantId, UUID id) {
        return find(tenantId, id).orElseThrow(() -> NotFoundException.of("Integration", id));
    }

    java.util.Optional<Integration> find(UUID tenantId, UUID id) {
        return jdbc.sql("select " + COLUMNS + " from vendor_integration where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId)
                .param("id", id)
                .query(Integrations::map)
                .optional();
    }

    /** Creates an integration (status pending, no token yet). {@code vendor} is keeper or custom. */
    @Transactional
    Integration create(UUID tenantId, String vendor, String name, String actor) {
        String kind = vendor == null ? null : vendor.trim().toLowerCase(Locale.ROOT);
        if (!"keeper".equals(kind) && !"custom".equals(kind)) {
            throw new InvalidInputException("vendor", "vendor must be 'keeper' or 'custom'");
        }
        String checkedName =
                name == null || name.isBlank() ? ("keeper".equals(kind) ? "Keeper Security" : null) : name.trim();
        if (checkedName == null) {
            throw new InvalidInputException("name", "name is required for a custom vendor, e.g. 'Acme Backup'");
        }
        if (checkedName.length() > 200) {
            throw new InvalidInputException("name", "name must be at most 200 characters");
        }
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into vendor_integration (id, tenant_id, vendor, name, status, vendor_id, created_at, updated_at)
                values (:id, :tenant, :vendor, :name, 'pending', :vendorId, :at, :at)""")
                .param("id", id)
                .param("tenant", tenantId)
                .param("vendor", kind)
                .param("name", checkedName)
                .param("vendorId", UUID.randomUUID())
                .param("at", Timestamp.from(now))
                .update();
        audit.record(tenantId, actor, "integration.created", checkedName, "vendor " + kind + ", billing only");
        return get(tenantId, id);
    }

    /**
     * Issues a new token (the previous one stops at once). For a disconnected integration this reconnects it: status
     * pending, and its existing accounts and services are announced again so mapping can start again.
     */
    @Transactional
    VendorTokens.IssuedToken issueToken(UUID tenantId, UUID id, String actor) {
        Integration integration = lockedGet(tenantId, id);
        VendorTokens.IssuedToken issued = VendorTokens.newToken();
        tokens.store(tenantId, id, issued);
        Instant now = clock.instant();
        boolean reconnect = !integration.connected();
        jdbc.sql("""
                update vendor_integration set token_issued_at = :at, updated_at = :at,
                  status = case when status = 'disconnected' then 'pending' else status end, disconnected_at = null
                where tenant_id = :tenant and id = :id""")
                .param("at", Timestamp.from(now))
                .param("tenant", tenantId)
                .param("id", id)
                .update();
        if (reconnect) {
            audit.record(
                    tenantId,
                    actor,
                    "integration.reconnected",
                    integration.name(),
                    "new API token issued; mapping starts again");
            List<UUID> accounts = jdbc.sql(
                            "select id from vendor_account where tenant_id = :tenant and integration_id = :id order by created_at, id")
                    .param("tenant", tenantId)
                    .param("id", id)
                    .query(UUID.class)
                    .list();
            List<UUID> services = jdbc.sql(
                            "select id from vendor_service where tenant_id = :tenant and integration_id = :id order by created_at, id")
                    .param("tenant", tenantId)
                    .param("id", id)
                    .query(UUID.class)
                    .list();
            if (!accounts.isEmpty()) {
                events.publishEvent(new VendorEvents.AccountsAdded(tenantId, id, accounts));
            }
            if (!services.isEmpty()) {
                events.publishEvent(new VendorEvents.ServicesAdded(tenantId, id, services));
            }
        } else {
            audit.record(
                    tenantId,
                    actor,
                    integration.tokenIssuedAt() == null
                            ? "integration.token-generated"
                            : "integration.token-regenerated",
                    integration.name(),
                    integration.tokenIssuedAt() == null
                            ? "API token generated"
                            : "API token regenerated; the previous token stopped working");
        }
        return issued;
    }

    /** Stops the token at once and asks the mapping module to drop this integration's mappings; usage stays. */
    @Transactional
    void disconnect(UUID tenantId, UUID id, String actor) {
        Integration integration = lockedGet(tenantId, id);
        if (!integration.connected()) {
            return;
        }
        Instant now = clock.instant();
        jdbc.sql("""
                update vendor_integration set status = 'disconnected', disconnected_at = :at, updated_at = :at
                where tenant_id = :tenant and id = :id""")
                .param("at", Timestamp.from(now))
                .param("tenant", tenantId)
                .param("id", id)
                .update();
        tokens.evict(id);
        events.publishEvent(new VendorEvents.IntegrationDisconnected(tenantId, id));
        audit.record(
                tenantId,
                actor,
                "integration.disconnected",
                integration.name(),
                "API token stopped; account and service mappings removed; usage history kept");
    }

    private Integration lockedGet(UUID tenantId, UUID id) {
        return jdbc.sql("select " + COLUMNS
                        + " from vendor_integration where tenant_id = :tenant and id = :id for update")
                .param("tenant", tenantId)
                .param("id", id)
                .query(Integrations::map)
                .optional()
                .orElseThrow(() -> NotFoundException.of("Integration", id));
    }

    /** The vendor sets its integration's status (PATCH /organization/status/{status}). */
    @Transactional
    Integration setStatusFromVendor(VendorTokens.VendorCaller caller, String status) {
        if (status == null || !VENDOR_STATUSES.contains(status)) {
            throw new InvalidInputException(
                    "status", "unknown status '" + status + "': use active, inactive, pending, disabled or error");
        }
        tokens.requireValid(caller);
        Integration before = get(caller.tenantId(), caller.integrationId());
        jdbc.sql("""
                update vendor_integration set status = :status, updated_at = :at
                where tenant_id = :tenant and id = :id and status <> 'disconnected'""")
                .param("status", status)
                .param("at", Timestamp.from(clock.instant()))
                .param("tenant", caller.tenantId())
                .param("id", caller.integrationId())
                .update();
        touchSynced(caller, true);
        if (!status.equals(before.status())) {
            audit.record(
                    caller.tenantId(),
                    caller.actor(),
                    "integration.status-changed",
                    before.name(),
                    before.status() + " -> " + status);
        }
        return get(caller.tenantId(), caller.integrationId());
    }

    /** The vendor describes itself (PATCH /api/vendor-api); null fields stay as they are. */
    @Transactional
    Integration updateVendorProfile(
            VendorTokens.VendorCaller caller, String name, String description, String supportUrl, String portalUrl) {
        tokens.requireValid(caller);
        Integration current = get(caller.tenantId(), caller.integrationId());
        jdbc.sql("""
                update vendor_integration set vendor_name = :name, vendor_description = :description,
                  support_page_url = :support, portal_url = :portal, updated_at = :at
                where tenant_id = :tenant and id = :id""")
                .param("name", limited("name", name, 200, current.vendorName()))
                .param("description", limited("description", description, 2000, current.vendorDescription()))
                .param("support", limited("vendorSupportPageUrl", supportUrl, 1000, current.supportPageUrl()))
                .param("portal", limited("integrationPortalUrl", portalUrl, 1000, current.portalUrl()))
                .param("at", Timestamp.from(clock.instant()))
                .param("tenant", caller.tenantId())
                .param("id", caller.integrationId())
                .update();
        audit.record(
                caller.tenantId(),
                caller.actor(),
                "integration.vendor-updated",
                current.name(),
                "vendor profile updated");
        return get(caller.tenantId(), caller.integrationId());
    }

    private static String limited(String field, String value, int max, String current) {
        if (value == null) {
            return current;
        }
        if (value.length() > max) {
            throw new InvalidInputException(field, field + " must be at most " + max + " characters");
        }
        return value;
    }

    /** Records that the vendor wrote something (at most once a second per integration unless forced). */
    void touchSynced(VendorTokens.VendorCaller caller, boolean force) {
        touchSynced(List.of(caller), force);
    }

    void touchSynced(Collection<VendorTokens.VendorCaller> callers, boolean force) {
        long now = System.nanoTime();
        Map<UUID, UUID> due = new HashMap<>();
        for (VendorTokens.VendorCaller caller : callers) {
            Long last = lastTouched.get(caller.integrationId());
            if (force || last == null || now - last > SYNC_TOUCH_NANOS) {
                due.put(caller.integrationId(), caller.tenantId());
                lastTouched.put(caller.integrationId(), now);
            }
        }
        if (due.isEmpty()) {
            return;
        }
        jdbc.sql("update vendor_integration set last_synced_at = :at where tenant_id in (:tenants) and id in (:ids)")
                .param("at", Timestamp.from(clock.instant()))
                .param("tenants", Set.copyOf(due.values()))
                .param("ids", due.keySet())
                .update();
    }

    /**
     * Counts of accounts and services of each integration that is not disconnected (zeros included), oldest
     * integration first, in one statement: what the navigation badges read on every page.
     */
    Map<UUID, long[]> connectedCounts(UUID tenantId) {
        Map<UUID, long[]> counts = new LinkedHashMap<>();
        jdbc.sql("""
                select i.id,
                    (select count(*) from vendor_account a where a.tenant_id = i.tenant_id and a.integration_id = i.id),
                    (select count(*) from vendor_service s where s.tenant_id = i.tenant_id and s.integration_id = i.id)
                from vendor_integration i
                where i.tenant_id = :tenant and i.status <> 'disconnected'
                order by i.created_at, i.id""")
                .param("tenant", tenantId)
                .query((rs, n) -> counts.put(rs.getObject(1, UUID.class), new long[] {rs.getLong(2), rs.getLong(3)}))
                .list();
        return counts;
    }

    /** Counts of accounts and services per integration of the organisation. */
    Map<UUID, long[]> counts(UUID tenantId) {
        Map<UUID, long[]> counts = new HashMap<>();
        jdbc.sql(
                        "select integration_id, count(*) from vendor_account where tenant_id = :tenant group by integration_id")
                .param("tenant", tenantId)
                .query((rs, n) ->
                        counts.computeIfAbsent(rs.getObject(1, UUID.class), k -> new long[2])[0] = rs.getLong(2))
                .list();
        jdbc.sql(
                        "select integration_id, count(*) from vendor_service where tenant_id = :tenant group by integration_id")
                .param("tenant", tenantId)
                .query((rs, n) ->
                        counts.computeIfAbsent(rs.getObject(1, UUID.class), k -> new long[2])[1] = rs.getLong(2))
                .list();
        return counts;
    }

    /** Whether the organisation has an integration that is not disconnected and has been issued an API token. */
    boolean anyConnectedWithToken(UUID tenantId) {
        return jdbc.sql("""
                select count(*) from vendor_integration
                where tenant_id = :tenant and status <> 'disconnected' and token_issued_at is not null""").param("tenant", tenantId).query(Long.class).single() > 0;
    }

    /** Integrations of the organisation the vendor reports in error. */
    long countInError(UUID tenantId) {
        return jdbc.sql("select count(*) from vendor_integration where tenant_id = :tenant and status = 'error'")
                .param("tenant", tenantId)
                .query(Long.class)
                .single();
    }
}
