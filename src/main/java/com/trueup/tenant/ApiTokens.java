package com.trueup.tenant;

import com.trueup.audit.AuditLog;
import com.trueup.shared.CurrentUser;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.NotFoundException;
import com.trueup.shared.Secrets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Personal API tokens: shown once on creation, stored only as a hash, revoked at once. */
@Service
class ApiTokens {

    static final String PREFIX = "tu_pat_";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditLog audit;
    private final UserAccounts users;

    ApiTokens(JdbcClient jdbc, Clock clock, AuditLog audit, UserAccounts users) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
        this.users = users;
    }

    record IssuedToken(UUID id, String name, String token) {}

    record TokenInfo(UUID id, String name, String hint, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {}

    @Transactional
    IssuedToken create(CurrentUser user, String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("name", "name is required, e.g. 'billing script'");
        }
        if (name.trim().length() > 100) {
            throw new InvalidInputException("name", "name must be at most 100 characters");
        }
        String token = Secrets.newSecret(PREFIX);
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into api_token (id, tenant_id, user_id, name, token_hash, token_hint, created_at)
                values (:id, :tenant, :user, :name, :hash, :hint, :at)""")
                .param("id", id)
                .param("tenant", user.tenantId())
                .param("user", user.userId())
                .param("name", name.trim())
                .param("hash", Secrets.sha256Hex(token))
                .param("hint", token.substring(0, PREFIX.length() + 4))
                .param("at", java.sql.Timestamp.from(clock.instant()))
                .update();
        audit.record(user.tenantId(), user.email(), "api-token.created", name.trim(), null);
        return new IssuedToken(id, name.trim(), token);
    }

    List<TokenInfo> list(CurrentUser user) {
        return jdbc.sql("""
                select id, name, token_hint, created_at, last_used_at, revoked_at from api_token
                where tenant_id = :tenant and user_id = :user order by created_at desc""")
                .param("tenant", user.tenantId())
                .param("user", user.userId())
                .query((rs, n) -> new TokenInfo(
                        rs.getObject("id", UUID.class),
                        rs.getString("name"),
                        rs.getString("token_hint"),
                        rs.getTimestamp("created_at").toInstant(),
                        instant(rs.getTimestamp("last_used_at")),
                        instant(rs.getTimestamp("revoked_at"))))
                .list();
    }

    @Transactional
    void revoke(CurrentUser user, UUID tokenId) {
        String name = jdbc.sql("select name from api_token where tenant_id = :tenant and user_id = :user and id = :id")
                .param("tenant", user.tenantId())
                .param("user", user.userId())
                .param("id", tokenId)
                .query(String.class)
                .optional()
                .orElseThrow(() -> NotFoundException.of("API token", tokenId));
        jdbc.sql("update api_token set revoked_at = :at where id = :id and revoked_at is null")
                .param("at", java.sql.Timestamp.from(clock.instant()))
                .param("id", tokenId)
                .update();
        audit.record(user.tenantId(), user.email(), "api-token.revoked", name, null);
    }

    /** The enabled user behind a live token, if any. */
    @Transactional
    Optional<CurrentUser> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        record Owner(UUID id, UUID tenant, UUID user) {}
        Optional<Owner> owner = jdbc.sql(
                        "select id, tenant_id, user_id from api_token where token_hash = :hash and revoked_at is null")
                .param("hash", Secrets.sha256Hex(token))
                .query((rs, n) -> new Owner(
                        rs.getObject("id", UUID.class),
                        rs.getObject("tenant_id", UUID.class),
                        rs.getObject("user_id", UUID.class)))
                .optional();
        if (owner.isEmpty()) {
            return Optional.empty();
        }
        jdbc.sql("update api_token set last_used_at = :at where id = :id")
                .param("at", java.sql.Timestamp.from(clock.instant()))
                .param("id", owner.get().id())
                .update();
        return users.findPrincipal(owner.get().tenant(), owner.get().user()).filter(CurrentUser::enabled);
    }

    private static Instant instant(java.sql.Timestamp ts) {
        return ts == null ? null : ts.toInstant();
    }
}
