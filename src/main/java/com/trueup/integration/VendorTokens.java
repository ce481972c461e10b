package com.trueup.integration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.trueup.shared.BulkSql;
import com.trueup.shared.Secrets;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The Vendor API's {@code GRADIENT-TOKEN}: {@code base64(utf8("<vendorKey>:<partnerKey>"))}. Both keys are 256-bit
 * secrets TrueUp issues; only their SHA-256 hashes are stored, looked up by the partner key's hash and the vendor
 * key's hash compared in constant time.
 * <p>
 * Successful look-ups are cached for a short time ({@code trueup.vendor.token-cache}, default 1 s) because the count
 * endpoint is hot. Regenerating or disconnecting evicts the cache of this instance at once; every vendor write
 * re-checks the token inside its own transaction ({@link #stillValid}, {@link #requireValid}), so with several
 * instances a revoked token can at most read for the cache time, never write.
 */
@Component
class VendorTokens {

    static final String VENDOR_KEY_PREFIX = "tuv_";
    static final String PARTNER_KEY_PREFIX = "tup_";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Cache<String, Cached> cache;

    VendorTokens(JdbcClient jdbc, Clock clock, IntegrationSettings settings) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(settings.tokenCache())
                .maximumSize(settings.tokenCacheSize())
                .build();
    }

    /** A freshly issued token; shown once, never stored. */
    record IssuedToken(String token, String vendorKey, String partnerKey) {}

    /** Who is calling the Vendor API: one (organisation, integration). */
    record VendorCaller(UUID tenantId, UUID integrationId, String integrationName, String partnerKeyHash) {

        String actor() {
            return "vendor:" + integrationName;
        }
    }

    /** The outcome of authenticating a request. */
    sealed interface Authentication permits Authenticated, Rejected {}

    record Authenticated(VendorCaller caller) implements Authentication {}

    /** {@code status} 401 (missing, malformed, unknown or replaced token) or 403 (integration disconnected). */
    record Rejected(int status, String detail) implements Authentication {}

    private record Cached(VendorCaller caller, String vendorKeyHash, boolean disconnected) {}

    static IssuedToken newToken() {
        String vendorKey = Secrets.newSecret(VENDOR_KEY_PREFIX);
        String partnerKey = Secrets.newSecret(PARTNER_KEY_PREFIX);
        String token =
                Base64.getEncoder().encodeToString((vendorKey + ":" + partnerKey).getBytes(StandardCharsets.UTF_8));
        return new IssuedToken(token, vendorKey, partnerKey);
    }

    /** Stores the hashes of a new token of the integration, replacing its previous token. */
    void store(UUID tenantId, UUID integrationId, IssuedToken issued) {
        jdbc.sql("delete from vendor_token where tenant_id = :tenant and integration_id = :id")
                .param("tenant", tenantId)
                .param("id", integrationId)
                .update();
        jdbc.sql("""
                insert into vendor_token (integration_id, tenant_id, vendor_key_hash, partner_key_hash, created_at)
                values (:id, :tenant, :vendorHash, :partnerHash, :at)""")
                .param("id", integrationId)
                .param("tenant", tenantId)
                .param("vendorHash", Secrets.sha256Hex(issued.vendorKey()))
                .param("partnerHash", Secrets.sha256Hex(issued.partnerKey()))
                .param("at", Timestamp.from(clock.instant()))
                .update();
        evict(integrationId);
    }

    /** Forgets cached look-ups of the integration's tokens (after regenerate or disconnect). */
    void evict(UUID integrationId) {
        cache.asMap().values().removeIf(c -> c.caller().integrationId().equals(integrationId));
    }

    Authentication authenticate(String header) {
        if (header == null || header.isBlank()) {
            return new Rejected(
                    401, "Missing GRADIENT-TOKEN header: send the API token TrueUp generated for this integration.");
        }
        String[] keys = split(header.trim());
        if (keys == null) {
            return new Rejected(401, "Malformed GRADIENT-TOKEN: expected base64 of '<vendorKey>:<partnerKey>'.");
        }
        String partnerHash = Secrets.sha256Hex(keys[1]);
        String vendorHash = Secrets.sha256Hex(keys[0]);
        Cached cached = cache.getIfPresent(partnerHash);
        if (cached == null) {
            cached = load(partnerHash).orElse(null);
            if (cached == null) {
                return new Rejected(
                        401, "Unknown or revoked GRADIENT-TOKEN: generate a new token on TrueUp's Integrations page.");
            }
            cache.put(partnerHash, cached);
        }
        if (!Secrets.constantTimeEquals(cached.vendorKeyHash(), vendorHash)) {
            return new Rejected(
                    401, "Unknown or revoked GRADIENT-TOKEN: generate a new token on TrueUp's Integrations page.");
        }
        if (cached.disconnected()) {
            return new Rejected(
                    403,
                    "This integration was disconnected by the MSP; its token no longer grants access. "
                            + "Ask the MSP to reconnect and paste the new token.");
        }
        return new Authenticated(cached.caller());
    }

    private Optional<Cached> load(String partnerHash) {
        return jdbc.sql("""
                select t.tenant_id, t.integration_id, t.vendor_key_hash, i.name, i.status
                from vendor_token t join vendor_integration i on i.id = t.integration_id and i.tenant_id = t.tenant_id
                where t.partner_key_hash = :hash""")
                .param("hash", partnerHash)
                .query((rs, n) -> new Cached(
                        new VendorCaller(
                                rs.getObject("tenant_id", UUID.class),
                                rs.getObject("integration_id", UUID.class),
                                rs.getString("name"),
                                partnerHash),
                        rs.getString("vendor_key_hash"),
                        "disconnected".equals(rs.getString("status"))))
                .optional();
    }

    /**
     * Of the given callers, those whose token still authenticates right now (read in the caller's transaction):
     * writes check this so a token revoked on another instance cannot write.
     */
    Set<String> stillValid(Collection<VendorCaller> callers) {
        Set<String> hashes = new HashSet<>();
        callers.forEach(c -> hashes.add(c.partnerKeyHash()));
        if (hashes.isEmpty()) {
            return Set.of();
        }
        // one array parameter: one statement text, prepared once, whatever the number of tokens
        List<String> valid = jdbc.sql("""
                select t.partner_key_hash from vendor_token t
                join vendor_integration i on i.id = t.integration_id and i.tenant_id = t.tenant_id
                where t.partner_key_hash = any(:hashes) and i.status <> 'disconnected'""")
                .param("hashes", BulkSql.array("varchar", hashes))
                .query(String.class)
                .list();
        return new HashSet<>(valid);
    }

    /** Thrown inside a vendor write whose token was revoked meanwhile (answered 403, nothing written). */
    static final class TokenRevoked extends RuntimeException implements org.springframework.web.ErrorResponse {
        TokenRevoked() {
            super("The token of this integration was revoked or the integration disconnected; nothing was changed.");
        }

        @Override
        public org.springframework.http.HttpStatusCode getStatusCode() {
            return org.springframework.http.HttpStatus.FORBIDDEN;
        }

        @Override
        public org.springframework.http.ProblemDetail getBody() {
            return com.trueup.shared.Problems.of(getStatusCode(), getMessage(), null);
        }
    }

    /** Re-checks the caller's token in the current transaction (see the class comment). */
    void requireValid(VendorCaller caller) {
        if (!stillValid(List.of(caller)).contains(caller.partnerKeyHash())) {
            throw new TokenRevoked();
        }
    }

    /** vendorKey and partnerKey of a header value, or null when it is not base64 of "a:b". */
    static String[] split(String header) {
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(header);
        } catch (IllegalArgumentException e) {
            try {
                decoded = Base64.getUrlDecoder().decode(header);
            } catch (IllegalArgumentException again) {
                return null;
            }
        }
        String text = new String(decoded, StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            return null;
        }
        return new String[] {text.substring(0, colon), text.substring(colon + 1)};
    }
}
