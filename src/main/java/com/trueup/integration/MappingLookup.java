package com.trueup.integration;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How the vendor module learns which of an integration's accounts and services are mapped, without depending on the
 * mapping module (which depends on this one). The mapping module implements it as a Spring bean; the vendor module
 * uses it for the {@code mapping} field of account and service listings, the unmapped counts of an integration and
 * the Vendor API's {@code returnUnmapped=false} filter.
 * <p>
 * Contract for the implementation:
 * <ul>
 *   <li>Keys are TrueUp ids ({@link VendorAccount#id()}, {@link VendorService#id()}); an account or service that is
 *       neither mapped nor excluded has no entry. Every lookup is scoped to {@code tenantId}.</li>
 *   <li>An excluded account or service counts as handled (not unmapped): its entry has {@code excluded = true}.</li>
 *   <li>When the integration is disconnected ({@link VendorEvents.IntegrationDisconnected}) all of its mappings are
 *       deleted, so both maps are empty afterwards; usage history stays in the vendor module.</li>
 * </ul>
 * Without a {@code MappingLookup} bean every account and service counts as unmapped.
 */
public interface MappingLookup {

    /** Mapped or excluded accounts of the integration, keyed by the vendor account's TrueUp id. */
    Map<UUID, MappingSummary> accountMappings(UUID tenantId, UUID integrationId);

    /** Mapped or excluded services of the integration, keyed by the vendor service's TrueUp id. */
    Map<UUID, MappingSummary> serviceMappings(UUID tenantId, UUID integrationId);

    /**
     * What an account or service is mapped to: {@code targetIds} are the PSA company (for an account) or the PSA
     * products (for a service, a bundle may have several) by TrueUp id, {@code label} a display name of the target(s)
     * (e.g. "Acme Dental Group, LLC"); an excluded item has no targets.
     */
    record MappingSummary(boolean excluded, List<UUID> targetIds, String label) {

        public MappingSummary {
            targetIds = targetIds == null ? List.of() : List.copyOf(targetIds);
        }

        public static MappingSummary mapped(List<UUID> targetIds, String label) {
            return new MappingSummary(false, targetIds, label);
        }

        public static MappingSummary excludedItem() {
            return new MappingSummary(true, List.of(), null);
        }
    }
}
