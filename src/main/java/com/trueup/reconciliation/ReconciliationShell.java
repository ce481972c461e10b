package com.trueup.reconciliation;

import com.trueup.shared.NavigationBadge;
import com.trueup.shared.SetupStep;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The module's contributions to the UI shell: the checklist step and the count of lines waiting for a decision. */
@Configuration(proxyBeanMethods = false)
class ReconciliationShell {

    @Bean
    SetupStep reviewReconciliationStep(ReconciliationListing lines) {
        return new SetupStep() {
            @Override
            public int order() {
                return 40;
            }

            @Override
            public String title() {
                return "Review the reconciliation";
            }

            @Override
            public String hint() {
                return "Compare vendor usage with what you bill, then approve, adjust or dismiss each difference.";
            }

            @Override
            public String href() {
                return "/reconcile";
            }

            @Override
            public boolean done(UUID tenantId) {
                return lines.anyDecision(tenantId);
            }
        };
    }

    @Bean
    NavigationBadge reconcileBadge(ReconciliationListing lines) {
        return new NavigationBadge() {
            @Override
            public String navKey() {
                return "reconcile";
            }

            @Override
            public long count(UUID tenantId) {
                return lines.actionableInCurrentPeriod(tenantId);
            }
        };
    }
}
