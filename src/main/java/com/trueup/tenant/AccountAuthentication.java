package com.trueup.tenant;

import com.trueup.shared.CurrentUser;
import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Sign-in by e-mail and password (form login and HTTP Basic). An address may have an account in several
 * organisations, each with its own password: the password tells which account signs in (enabled accounts first, then
 * the oldest). An unknown address costs the same hash check as a known one, so timing does not tell them apart.
 */
class AccountAuthentication implements AuthenticationProvider {

    private final UserAccounts users;
    private final PasswordEncoder passwords;
    private final String unknownUserHash;

    AccountAuthentication(UserAccounts users, PasswordEncoder passwords) {
        this.users = users;
        this.passwords = passwords;
        this.unknownUserHash = passwords.encode("no-such-user-" + System.nanoTime());
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String email = authentication.getName();
        Object credentials = authentication.getCredentials();
        String password = credentials == null ? "" : credentials.toString();
        List<CurrentUser> accounts = users.findForLogin(email);
        if (accounts.isEmpty()) {
            passwords.matches(password, unknownUserHash);
            throw new BadCredentialsException("Bad credentials");
        }
        for (CurrentUser account : accounts) {
            if (account.passwordHash() != null && passwords.matches(password, account.passwordHash())) {
                if (!account.enabled()) {
                    throw new DisabledException("User is disabled");
                }
                CurrentUser principal = account.withoutPassword();
                return UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities());
            }
        }
        throw new BadCredentialsException("Bad credentials");
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
