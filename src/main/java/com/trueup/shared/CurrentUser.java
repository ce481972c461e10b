package com.trueup.shared;

import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The signed-in user, whether by form login, HTTP Basic or a personal API token. Controllers take it
 * with {@code @AuthenticationPrincipal CurrentUser user}; {@link #tenantId()} scopes every query.
 */
public record CurrentUser(
        UUID userId, UUID tenantId, String email, String displayName, Role role, String passwordHash, boolean enabled)
        implements UserDetails {

    public CurrentUser withoutPassword() {
        return new CurrentUser(userId, tenantId, email, displayName, role, null, enabled);
    }

    public boolean can(Role required) {
        return role.ordinal() <= required.ordinal();
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority(role.authority()));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return email;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public String toString() {
        return "CurrentUser[" + email + ", " + role + ", tenant " + tenantId + "]";
    }
}
