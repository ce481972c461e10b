package com.trueup.integration;

import com.trueup.shared.NavigationBadge;
import com.trueup.shared.SetupStep;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The vendor module's step of the getting-started checklist and its navigation badge. */
@Configuration(proxyBeanMethods = false)
class VendorShellContributions {

    /** "Connect a vendor": done once a connected integration has an API token. */
    @Bean
    SetupStep connectVendorStep(Integrations integrations) {
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
                return integrations.anyConnectedWithToken(tenantId);
            }
        };
    }

    /** Integrations the vendor reports in error need a look. */
    @Bean
    NavigationBadge integrationsInError(Integrations integrations) {
        return new NavigationBadge() {
            @Override
            public String navKey() {
                return "integrations";
            }

            @Override
            public long count(UUID tenantId) {
                return integrations.countInError(tenantId);
            }
        };
    }
}
