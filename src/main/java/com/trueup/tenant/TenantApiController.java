package com.trueup.tenant;

import com.trueup.shared.CurrentUser;
import com.trueup.shared.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Who am I, the organisation, its users and personal API tokens. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Organisation and users")
class TenantApiController {

    private final Organisations organisations;
    private final UserAccounts users;
    private final ApiTokens tokens;

    TenantApiController(Organisations organisations, UserAccounts users, ApiTokens tokens) {
        this.organisations = organisations;
        this.users = users;
        this.tokens = tokens;
    }

    record OrganisationView(UUID id, String name, String timeZone, String currency) {
        static OrganisationView of(Organisation o) {
            return new OrganisationView(o.id(), o.name(), o.timeZone().getId(), o.currency());
        }
    }

    record MeView(UUID id, String email, String displayName, String role, OrganisationView organisation) {}

    record UserView(UUID id, String email, String displayName, String role, boolean enabled, Instant createdAt) {
        static UserView of(UserAccounts.User u) {
            return new UserView(u.id(), u.email(), u.displayName(), u.role().name(), u.enabled(), u.createdAt());
        }
    }

    record NewUser(String email, String displayName, String role, String password) {}

    record UserChange(String role, Boolean enabled, String displayName) {}

    record PasswordChange(String currentPassword, String newPassword) {}

    record OrganisationChange(String name, String timeZone, String currency) {}

    record NewToken(String name) {}

    @GetMapping("/me")
    @Operation(summary = "The signed-in user and organisation")
    MeView me(@AuthenticationPrincipal CurrentUser user) {
        return new MeView(
                user.userId(),
                user.email(),
                user.displayName(),
                user.role().name(),
                OrganisationView.of(organisations.get(user.tenantId())));
    }

    @PostMapping("/me/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Change your own password")
    void changePassword(@AuthenticationPrincipal CurrentUser user, @RequestBody PasswordChange change) {
        users.changePassword(
                user.tenantId(), user.userId(), change.currentPassword(), change.newPassword(), user.email());
    }

    @GetMapping("/organisation")
    OrganisationView organisation(@AuthenticationPrincipal CurrentUser user) {
        return OrganisationView.of(organisations.get(user.tenantId()));
    }

    @PatchMapping("/organisation")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Change the organisation's name, time zone or currency (admins)")
    OrganisationView updateOrganisation(
            @AuthenticationPrincipal CurrentUser user, @RequestBody OrganisationChange change) {
        return OrganisationView.of(organisations.update(
                user.tenantId(), change.name(), change.timeZone(), change.currency(), user.email()));
    }

    @GetMapping("/users")
    Map<String, List<UserView>> listUsers(@AuthenticationPrincipal CurrentUser user) {
        return Map.of(
                "items", users.list(user.tenantId()).stream().map(UserView::of).toList());
    }

    @GetMapping("/users/{id}")
    UserView getUser(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        return UserView.of(users.get(user.tenantId(), id));
    }

    @PostMapping("/users")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Add a user (admins)")
    ResponseEntity<UserView> createUser(@AuthenticationPrincipal CurrentUser user, @RequestBody NewUser body) {
        var created = users.create(
                user.tenantId(),
                body.email(),
                body.displayName(),
                Role.parse(body.role()),
                body.password(),
                user.email());
        return ResponseEntity.created(URI.create("/api/v1/users/" + created.id()))
                .body(UserView.of(created));
    }

    @PatchMapping("/users/{id}")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Change a user's role, name or enabled flag (admins)")
    UserView updateUser(
            @AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, @RequestBody UserChange change) {
        return UserView.of(users.update(
                user.tenantId(),
                id,
                change.role() == null ? null : Role.parse(change.role()),
                change.enabled(),
                change.displayName(),
                user.email()));
    }

    @DeleteMapping("/users/{id}")
    @PreAuthorize("hasRole('ADMIN')")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Disable a user (admins); the audit trail keeps their actions")
    void disableUser(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        users.update(user.tenantId(), id, null, false, null, user.email());
    }

    @GetMapping("/api-tokens")
    Map<String, List<ApiTokens.TokenInfo>> listTokens(@AuthenticationPrincipal CurrentUser user) {
        return Map.of("items", tokens.list(user));
    }

    @PostMapping("/api-tokens")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a personal API token; the token is shown only in this response")
    ApiTokens.IssuedToken createToken(@AuthenticationPrincipal CurrentUser user, @RequestBody NewToken body) {
        return tokens.create(user, body.name());
    }

    @DeleteMapping("/api-tokens/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revokeToken(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        tokens.revoke(user, id);
    }
}
