package com.trueup.reconciliation;

import com.trueup.integration.VendorEvents;
import com.trueup.mapping.MappingEvents;
import com.trueup.psa.PsaEvents;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns other modules' events into rebuild requests, in the publisher's transaction (so a request exists exactly when
 * the change committed): one series' new counts refresh only that series' lines; anything else rebuilds the current and
 * previous month.
 */
@Component
class RebuildTriggers {

    private final PendingRebuilds pending;

    RebuildTriggers(PendingRebuilds pending) {
        this.pending = pending;
    }

    @EventListener
    void on(VendorEvents.UsageChanged event) {
        if (event.accountId() != null && event.serviceId() != null) {
            pending.requestSeries(
                    event.tenantId(), event.integrationId(), event.accountId(), event.serviceId(), event.firstDay());
        } else {
            pending.requestAll(event.tenantId(), event.firstDay());
        }
    }

    @EventListener
    void on(VendorEvents.IntegrationDisconnected event) {
        pending.requestAll(event.tenantId(), null);
    }

    @EventListener
    void on(MappingEvents.MappingsChanged event) {
        pending.requestAll(event.tenantId(), null);
    }

    @EventListener
    void on(PsaEvents.SnapshotRefreshed event) {
        pending.requestAll(event.tenantId(), null);
    }
}
