package com.trueup.reconciliation;

import java.time.LocalDate;
import java.util.UUID;

/**
 * A stored request for a rebuild ({@code reconciliation_pending}): {@code scope} {@link #ALL} (integration etc. null) or
 * {@link #SERIES}; {@code firstDay} null means the recent months. {@code id} is null until stored; {@code version} is
 * the stored row's, as read (raised each time a request is merged into the row).
 */
record RebuildRequest(
        UUID id,
        UUID tenantId,
        String scope,
        UUID integrationId,
        UUID accountId,
        UUID serviceId,
        LocalDate firstDay,
        long version) {

    static final String ALL = "all";
    static final String SERIES = "series";

    RebuildRequest(
            UUID id,
            UUID tenantId,
            String scope,
            UUID integrationId,
            UUID accountId,
            UUID serviceId,
            LocalDate firstDay) {
        this(id, tenantId, scope, integrationId, accountId, serviceId, firstDay, 0);
    }

    String seriesKey() {
        return integrationId + ":" + accountId + ":" + serviceId;
    }
}
