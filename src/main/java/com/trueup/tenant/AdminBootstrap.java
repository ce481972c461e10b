package com.trueup.tenant;

import com.trueup.shared.Role;
import com.trueup.shared.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * On the first start with an empty database: one organisation and its admin, from {@code trueup.admin.*}
 * (TRUEUP_ADMIN_EMAIL, TRUEUP_ADMIN_PASSWORD), or with a generated password printed once to the console (never to the
 * log).
 */
@Component
@Order(0)
class AdminBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

    private final Organisations organisations;
    private final UserAccounts users;
    private final TenantSettings.Admin admin;

    AdminBootstrap(Organisations organisations, UserAccounts users, TenantSettings settings) {
        this.organisations = organisations;
        this.users = users;
        this.admin = settings.admin();
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (organisations.any()) {
            return;
        }
        String adminEmail = admin.email();
        boolean generated = admin.password().isBlank();
        String adminPassword = generated ? Secrets.newSecret("").substring(0, 16) : admin.password();
        var org = organisations.create(admin.organisation(), admin.timeZone(), "USD");
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
                    """.formatted(
                            System.getProperty("server.port", System.getenv().getOrDefault("PORT", "8080")),
                            adminEmail,
                            adminPassword));
        }
    }
}
