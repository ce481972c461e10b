package com.trueup.tenant;

import com.trueup.audit.AuditLog;
import com.trueup.shared.ConflictException;
import com.trueup.shared.CurrentUser;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.NotFoundException;
import com.trueup.shared.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Users of an organisation: added, re-roled and disabled by admins; passwords changed by their owners. */
@Service
public class UserAccounts {

    static final int MIN_PASSWORD_LENGTH = 10;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final AuditLog audit;
    private final Clock clock;
    private final Organisations organisations;

    UserAccounts(JdbcClient jdbc, PasswordEncoder passwords, AuditLog audit, Clock clock, Organisations organisations) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.audit = audit;
        this.clock = clock;
        this.organisations = organisations;
    }

    /** Self-service sign-up (when enabled): a new organisation with its first admin, atomically. */
    @Transactional
    public Organisation signUp(String organisationName, String timeZone, String email, String password) {
        checkedEmail(email);
        checkedPassword(password, "password");
        var org = organisations.create(organisationName, timeZone, "USD");
        create(org.id(), email, null, Role.ADMIN, password, email);
        return org;
    }

    /** A user as shown to admins; never carries the password hash. */
    public record User(UUID id, String email, String displayName, Role role, boolean enabled, Instant createdAt) {}

    public List<User> list(UUID tenantId) {
        return jdbc.sql("select * from app_user where tenant_id = :tenant order by email")
                .param("tenant", tenantId)
                .query(UserAccounts::user)
                .list();
    }

    public User get(UUID tenantId, UUID userId) {
        return jdbc.sql("select * from app_user where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId)
                .param("id", userId)
                .query(UserAccounts::user)
                .optional()
                .orElseThrow(() -> NotFoundException.of("User", userId));
    }

    /**
     * Every account with this address, enabled ones first, then the oldest first. An address is unique within an
     * organisation only: a person who works for two organisations has an account (and a password) in each.
     */
    List<CurrentUser> findForLogin(String email) {
        if (email == null) {
            return List.of();
        }
        return jdbc.sql("select * from app_user where email = :email order by enabled desc, created_at, id")
                .param("email", email.trim().toLowerCase(Locale.ROOT))
                .query(UserAccounts::principal)
                .list();
    }

    Optional<CurrentUser> findPrincipal(UUID tenantId, UUID userId) {
        return jdbc.sql("select * from app_user where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId)
                .param("id", userId)
                .query(UserAccounts::principal)
                .optional();
    }

    @Transactional
    public User create(UUID tenantId, String email, String displayName, Role role, String password, String actor) {
        String normalized = checkedEmail(email);
        checkedPassword(password, "password");
        if (role == null) {
            throw new InvalidInputException("role", "role is required: one of ADMIN, APPROVER, VIEWER");
        }
        // only this organisation's users count: whether the address is registered elsewhere is none of its business
        if (jdbc.sql("select count(*) from app_user where tenant_id = :tenant and email = :email")
                        .param("tenant", tenantId)
                        .param("email", normalized)
                        .query(Long.class)
                        .single()
                > 0) {
            throw new ConflictException(normalized + " is already a user of your organisation.");
        }
        String name = displayName == null || displayName.isBlank() ? normalized : displayName.trim();
        if (name.length() > 200) {
            throw new InvalidInputException("displayName", "displayName must be at most 200 characters");
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into app_user (id, tenant_id, email, display_name, password_hash, role, enabled, created_at)
                values (:id, :tenant, :email, :name, :hash, :role, true, :at)""")
                .param("id", id)
                .param("tenant", tenantId)
                .param("email", normalized)
                .param("name", name)
                .param("hash", passwords.encode(password))
                .param("role", role.name())
                .param("at", java.sql.Timestamp.from(clock.instant()))
                .update();
        audit.record(tenantId, actor, "user.created", normalized, "role " + role);
        return get(tenantId, id);
    }

    @Transactional
    public User update(UUID tenantId, UUID userId, Role role, Boolean enabled, String displayName, String actor) {
        User current = get(tenantId, userId);
        Role newRole = role == null ? current.role() : role;
        boolean newEnabled = enabled == null ? current.enabled() : enabled;
        String newName = displayName == null || displayName.isBlank() ? current.displayName() : displayName.trim();
        if (newName.length() > 200) {
            throw new InvalidInputException("displayName", "displayName must be at most 200 characters");
        }
        boolean losesAdmin =
                current.role() == Role.ADMIN && current.enabled() && (newRole != Role.ADMIN || !newEnabled);
        if (losesAdmin && enabledAdmins(tenantId) <= 1) {
            throw new ConflictException("The organisation must keep at least one enabled admin.");
        }
        jdbc.sql(
                        "update app_user set role = :role, enabled = :enabled, display_name = :name where tenant_id = :tenant and id = :id")
                .param("role", newRole.name())
                .param("enabled", newEnabled)
                .param("name", newName)
                .param("tenant", tenantId)
                .param("id", userId)
                .update();
        if (!newEnabled && current.enabled()) {
            audit.record(tenantId, actor, "user.disabled", current.email(), null);
        } else if (newEnabled && !current.enabled()) {
            audit.record(tenantId, actor, "user.enabled", current.email(), null);
        }
        if (newRole != current.role()) {
            audit.record(tenantId, actor, "user.role-changed", current.email(), current.role() + " -> " + newRole);
        }
        return get(tenantId, userId);
    }

    @Transactional
    public void changePassword(UUID tenantId, UUID userId, String currentPassword, String newPassword, String actor) {
        String hash = jdbc.sql("select password_hash from app_user where tenant_id = :tenant and id = :id")
                .param("tenant", tenantId)
                .param("id", userId)
                .query(String.class)
                .optional()
                .orElseThrow(() -> NotFoundException.of("User", userId));
        if (currentPassword == null || !passwords.matches(currentPassword, hash)) {
            throw new InvalidInputException("currentPassword", "the current password is not correct");
        }
        checkedPassword(newPassword, "newPassword");
        jdbc.sql("update app_user set password_hash = :hash where tenant_id = :tenant and id = :id")
                .param("hash", passwords.encode(newPassword))
                .param("tenant", tenantId)
                .param("id", userId)
                .update();
        audit.record(
                tenantId, actor, "user.password-changed", get(tenantId, userId).email(), null);
    }

    private long enabledAdmins(UUID tenantId) {
        return jdbc.sql("select count(*) from app_user where tenant_id = :tenant and role = 'ADMIN' and enabled = true")
                .param("tenant", tenantId)
                .query(Long.class)
                .single();
    }

    static String checkedEmail(String email) {
        if (email == null || email.isBlank()) {
            throw new InvalidInputException("email", "email is required");
        }
        String normalized = email.trim().toLowerCase(Locale.ROOT);
        if (normalized.length() > 320 || !EMAIL.matcher(normalized).matches()) {
            throw new InvalidInputException("email", "'" + email + "' is not a valid e-mail address");
        }
        return normalized;
    }

    static void checkedPassword(String password, String field) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new InvalidInputException(field, field + " must be at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        if (password.length() > 200) {
            throw new InvalidInputException(field, field + " must be at most 200 characters");
        }
    }

    private static User user(ResultSet rs, int n) throws SQLException {
        return new User(
                rs.getObject("id", UUID.class),
                rs.getString("email"),
                rs.getString("display_name"),
                Role.valueOf(rs.getString("role")),
                rs.getBoolean("enabled"),
                rs.getTimestamp("created_at").toInstant());
    }

    private static CurrentUser principal(ResultSet rs, int n) throws SQLException {
        return new CurrentUser(
                rs.getObject("id", UUID.class),
                rs.getObject("tenant_id", UUID.class),
                rs.getString("email"),
                rs.getString("display_name"),
                Role.valueOf(rs.getString("role")),
                rs.getString("password_hash"),
                rs.getBoolean("enabled"));
    }
}
