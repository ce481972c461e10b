package com.trueup.integration;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What other modules may read of the vendor side, always within one organisation. Implemented in this module;
 * every method filters by {@code tenantId}.
 */
public interface VendorDirectory {

    /** Integrations that are not disconnected, oldest first. */
    List<VendorIntegration> integrations(UUID tenantId);

    Optional<VendorIntegration> integration(UUID tenantId, UUID integrationId);

    List<VendorAccount> accounts(UUID tenantId, UUID integrationId);

    List<VendorService> services(UUID tenantId, UUID integrationId);

    /**
     * How many accounts and services each integration that is not disconnected has, by integration id (every such
     * integration is a key, with zeros if it has none), in the order of {@link #integrations(UUID)}. For figures
     * shown on every page (e.g. the unmapped badge): the implementation counts in the database without loading the
     * items; this default is what it must equal.
     */
    default Map<UUID, ItemCounts> itemCounts(UUID tenantId) {
        Map<UUID, ItemCounts> counts = new LinkedHashMap<>();
        for (VendorIntegration integration : integrations(tenantId)) {
            counts.put(
                    integration.id(),
                    new ItemCounts(
                            accounts(tenantId, integration.id()).size(),
                            services(tenantId, integration.id()).size()));
        }
        return counts;
    }

    /**
     * Quantities of every series of the organisation's connected integrations whose first count is before
     * {@code endExclusive} (a series whose count dropped to 0 is included, with 0), over [start, end) in the tenant's
     * days. Reads per-month aggregates (about one row per series and month), never the daily rows, so it stays fast
     * for large tenants. Disconnected integrations keep their usage but are left out here.
     */
    List<UsageQuantity> usage(UUID tenantId, LocalDate start, LocalDate endExclusive);

    /** The same for one series, for incremental rebuilds after a single new count. */
    Optional<UsageQuantity> usage(
            UUID tenantId, UUID integrationId, UUID accountId, UUID serviceId, LocalDate start, LocalDate endExclusive);

    /**
     * A value that changes whenever any usage of the organisation changes (any series, any month), equal values mean
     * the usage reads return the same; one aggregate over the organisation's series, no row lock. Disconnecting or
     * reconnecting an integration with usage changes it too (its usage leaves or rejoins what {@code usage} reads).
     * Read it before the usage it is kept with: a change committed in between then shows as a new value on the next
     * read, never as a missed one.
     */
    String usageVersion(UUID tenantId);

    /** The numbers of accounts and services of one integration. */
    record ItemCounts(long accounts, long services) {}
}
