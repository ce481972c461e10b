package com.trueup.mapping.web;

import com.trueup.mapping.rules.MappingCounts;
import com.trueup.shared.NavigationBadge;
import com.trueup.shared.SetupStep;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The mapping module's contributions to the UI shell: the unmapped-items badge and the checklist step. */
final class MappingNavigation {

    private MappingNavigation() {}

    /** Unmapped (not excluded) accounts and services of connected integrations, next to "Mapping". */
    @Component
    static class UnmappedBadge implements NavigationBadge {

        private final MappingCounts counts;

        UnmappedBadge(MappingCounts counts) {
            this.counts = counts;
        }

        @Override
        public String navKey() {
            return "mapping";
        }

        @Override
        public long count(UUID tenantId) {
            return counts.unmappedCount(tenantId);
        }
    }

    @Component
    static class MapStep implements SetupStep {

        private final MappingCounts counts;

        MapStep(MappingCounts counts) {
            this.counts = counts;
        }

        @Override
        public int order() {
            return 30;
        }

        @Override
        public String title() {
            return "Map accounts and services";
        }

        @Override
        public String hint() {
            return "Link each vendor account to a PSA company and each vendor service to PSA products "
                    + "(exact name matches are mapped for you), then press Finish to sync.";
        }

        @Override
        public String href() {
            return "/mapping";
        }

        @Override
        public boolean done(UUID tenantId) {
            return counts.anyFinished(tenantId);
        }
    }
}
