package com.trueup.integration;

import com.trueup.shared.NavigationBadge;
import com.trueup.shared.SetupStep;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The vendor module's step of the getting-started checklist and its navigation badge. */
@Configuration(proxyBeanMethods = false)
class VendorShellContributions {

    /** "Connect a vendor": done once a connected integration has an API token. */
    @Bean
    SetupStep connectVendorStep(JdbcClient jdbc) {
        return new SetupStep() {
            @Override
            public int order() {
                return 10;
            }

            @Override
            public String title() {
                return "Connect a vendor";
            }

            @Override
            public String hint() {
                return "Connect Keeper Security (or any vendor that speaks the Vendor API), generate its API token and "
                        + "paste it into the vendor's console.";
            }

            @Override
            public String href() {
                return "/integrations";
            }

            @Override
            public boolean done(UUID tenantId) {
                return jdbc.sql("""
                        select count(*) from vendor_integration
                        where tenant_id = :tenant and status <> 'disconnected' and token_issued_at is not null""")
                        .param("tenant", tenantId).query(Long.class).single() > 0;
            }
        };
    }

    /** Integrations the vendor reports in error need a look. */
    @Bean
    NavigationBadge integrationsInError(JdbcClient jdbc) {
        return new NavigationBadge() {
            @Override
            public String navKey() {
                return "integrations";
            }

            @Override
            public long count(UUID tenantId) {
                return jdbc.sql("select count(*) from vendor_integration where tenant_id = :tenant and status = 'error'")
                        .param("tenant", tenantId).query(Long.class).single();
            }
        };
    }
}
