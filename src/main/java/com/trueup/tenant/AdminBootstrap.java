package com.trueup.tenant;

import com.trueup.shared.Role;
import com.trueup.shared.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * On the first start with an empty database: one organisation and its admin, from TRUEUP_ADMIN_EMAIL /
 * TRUEUP_ADMIN_PASSWORD, or with a generated password printed once to the console (never to the log).
 */
@Component
@Order(0)
class AdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final Organisations organisations;
    private final UserAccounts users;
    private final String email;
    private final String password;
    private final String organisationName;
    private final String timeZone;

    AdminBootstrap(Organisations organisations, UserAccounts users,
            @Value("${trueup.admin.email:}") String email,
            @Value("${trueup.admin.password:}") String password,
            @Value("${trueup.admin.organisation:My MSP}") String organisationName,
            @Value("${trueup.admin.time-zone:UTC}") String timeZone) {
        this.organisations = organisations;
        this.users = users;
        this.email = email;
        this.password = password;
        this.organisationName = organisationName;
        this.timeZone = timeZone;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (organisations.any()) {
            return;
        }
        String adminEmail = email == null || email.isBlank() ? "admin@trueup.local" : email;
        boolean generated = password == null || password.isBlank();
        String adminPassword = generated ? Secrets.newSecret("").substring(0, 16) : password;
        var org = organisations.create(organisationName, timeZone, "USD");
        users.create(org.id(), adminEmail, "Administrator", Role.ADMIN, adminPassword, "system");
        log.info("Created organisation '{}' with admin {}", org.name(), adminEmail);
        if (generated) {
            System.out.println("""

                    ================================================================
                      TrueUp first start: sign in at http://localhost:%s/login
                        e-mail:   %s
                        password: %s
                      This password is shown only once. Change it under Settings.
                    ================================================================
                    """.formatted(System.getProperty("server.port", System.getenv().getOrDefault("PORT", "8080")),
                    adminEmail, adminPassword));
        }
    }
}
