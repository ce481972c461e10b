package com.trueup.tenant;

import com.trueup.shared.ConflictException;
import com.trueup.shared.CurrentUser;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.Role;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Sign-in, optional sign-up, and the Settings page (organisation, users, API tokens, own password). */
@Controller
class AccountPagesController {

    private final Organisations organisations;
    private final UserAccounts users;
    private final ApiTokens tokens;
    private final boolean signupEnabled;

    AccountPagesController(Organisations organisations, UserAccounts users, ApiTokens tokens, TenantSettings settings) {
        this.organisations = organisations;
        this.users = users;
        this.tokens = tokens;
        this.signupEnabled = settings.signupEnabled();
    }

    @GetMapping("/login")
    String login(Model model) {
        model.addAttribute("signupEnabled", signupEnabled);
        return "login";
    }

    @GetMapping("/signup")
    String signupForm() {
        requireSignup();
        return "signup";
    }

    @PostMapping("/signup")
    String signup(
            @RequestParam String organisation,
            @RequestParam String timeZone,
            @RequestParam String email,
            @RequestParam String password,
            Model model) {
        requireSignup();
        try {
            createOrganisation(organisation, timeZone, email, password);
            return "redirect:/login?signedUp";
        } catch (InvalidInputException | ConflictException e) {
            model.addAttribute("error", e.getMessage());
            model.addAttribute("organisation", organisation);
            model.addAttribute("timeZone", timeZone);
            model.addAttribute("email", email);
            return "signup";
        }
    }

    private void createOrganisation(String organisation, String timeZone, String email, String password) {
        users.signUp(organisation, timeZone, email, password);
    }

    @GetMapping("/settings")
    String settings(@AuthenticationPrincipal CurrentUser user, Model model) {
        model.addAttribute("organisation", organisations.get(user.tenantId()));
        model.addAttribute("users", users.list(user.tenantId()));
        model.addAttribute("tokens", tokens.list(user));
        model.addAttribute("roles", Role.values());
        model.addAttribute("isAdmin", user.can(Role.ADMIN));
        return "settings";
    }

    @PostMapping("/settings/organisation")
    @PreAuthorize("hasRole('ADMIN')")
    String updateOrganisation(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam String name,
            @RequestParam String timeZone,
            @RequestParam String currency,
            RedirectAttributes redirect) {
        return act(
                redirect,
                "Organisation saved.",
                () -> organisations.update(user.tenantId(), name, timeZone, currency, user.email()));
    }

    @PostMapping("/settings/users")
    @PreAuthorize("hasRole('ADMIN')")
    String addUser(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam String email,
            @RequestParam(required = false) String displayName,
            @RequestParam String role,
            @RequestParam String password,
            RedirectAttributes redirect) {
        return act(
                redirect,
                "User " + email + " added.",
                () -> users.create(user.tenantId(), email, displayName, Role.parse(role), password, user.email()));
    }

    @PostMapping("/settings/users/{id}")
    @PreAuthorize("hasRole('ADMIN')")
    String updateUser(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestParam String role,
            @RequestParam(defaultValue = "false") boolean enabled,
            RedirectAttributes redirect) {
        return act(
                redirect,
                "User updated.",
                () -> users.update(user.tenantId(), id, Role.parse(role), enabled, null, user.email()));
    }

    @PostMapping("/settings/password")
    String changePassword(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam String currentPassword,
            @RequestParam String newPassword,
            RedirectAttributes redirect) {
        return act(
                redirect,
                "Password changed.",
                () -> users.changePassword(user.tenantId(), user.userId(), currentPassword, newPassword, user.email()));
    }

    @PostMapping("/settings/tokens")
    String createToken(
            @AuthenticationPrincipal CurrentUser user, @RequestParam String name, RedirectAttributes redirect) {
        try {
            var issued = tokens.create(user, name);
            redirect.addFlashAttribute("newToken", issued);
            redirect.addFlashAttribute("flash", "Token created. Copy it now: it is shown only once.");
        } catch (InvalidInputException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/settings#tokens";
    }

    @PostMapping("/settings/tokens/{id}/revoke")
    String revokeToken(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, RedirectAttributes redirect) {
        return act(redirect, "Token revoked; it no longer works.", () -> tokens.revoke(user, id));
    }

    private String act(RedirectAttributes redirect, String success, Runnable action) {
        try {
            action.run();
            redirect.addFlashAttribute("flash", success);
        } catch (InvalidInputException | ConflictException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/settings";
    }

    private void requireSignup() {
        if (!signupEnabled) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
    }
}
