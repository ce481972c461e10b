package com.trueup.tenant;

import com.trueup.audit.AuditLog;
import com.trueup.shared.CurrentUser;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.authentication.event.LogoutSuccessEvent;
import org.springframework.stereotype.Component;

/** Puts sign-ins, failed sign-ins and sign-outs into the audit log (never the password tried). */
@Component
class LoginAuditListener {

    private final AuditLog audit;
    private final UserAccounts users;

    LoginAuditListener(AuditLog audit, UserAccounts users) {
        this.audit = audit;
        this.users = users;
    }

    @EventListener
    void onLogin(InteractiveAuthenticationSuccessEvent event) {
        if (event.getAuthentication().getPrincipal() instanceof CurrentUser user) {
            audit.record(user.tenantId(), user.email(), "login.succeeded", user.email(), null);
        }
    }

    @EventListener
    void onFailure(AuthenticationFailureBadCredentialsEvent event) {
        String email = String.valueOf(event.getAuthentication().getPrincipal());
        users.findForLogin(email)
                .forEach(user ->
                        audit.record(user.tenantId(), user.email(), "login.failed", user.email(), "wrong password"));
    }

    @EventListener
    void onLogout(LogoutSuccessEvent event) {
        if (event.getAuthentication() != null && event.getAuthentication().getPrincipal() instanceof CurrentUser user) {
            audit.record(user.tenantId(), user.email(), "logout", user.email(), null);
        }
    }
}
