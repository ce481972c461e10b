package com.trueup.integration;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Events the vendor module publishes (Spring application events, within the writing transaction). */
public final class VendorEvents {

    private VendorEvents() {}

    /**
     * New vendor accounts arrived (first set-up or "Sync mapping" on the vendor side). Also published with all of an
     * integration's accounts when a disconnected integration is reconnected, since its mapping starts again.
     */
    public record AccountsAdded(UUID tenantId, UUID integrationId, List<UUID> accountIds) {}

    /** New vendor services (SKUs) arrived (and, like accounts, all of them again on reconnect). */
    public record ServicesAdded(UUID tenantId, UUID integrationId, List<UUID> serviceIds) {}

    /**
     * Counts changed from {@code firstDay} on. {@code accountId}/{@code serviceId} are set when one series changed;
     * a changed counting mode of a service is announced with {@code accountId} and {@code firstDay} null. Re-posting a
     * count equal to the stored one announces nothing.
     */
    public record UsageChanged(UUID tenantId, UUID integrationId, UUID accountId, UUID serviceId, LocalDate firstDay) {}

    /** The MSP disconnected the integration: its token stopped working; mappings must go, usage stays. */
    public record IntegrationDisconnected(UUID tenantId, UUID integrationId) {}
}
