package com.trueup.mapping.rules;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.trueup.integration.VendorEvents;
import com.trueup.psa.PsaEvents;
import java.time.Duration;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Reacts to the vendor and PSA modules. New vendor items and refreshed PSA snapshots schedule an auto-mapping job in
 * the publisher's transaction (so it exists exactly when the new data committed, runs once in a cluster and is
 * retried on failure); a disconnected integration loses its mappings in the same transaction as the disconnect.
 */
@Configuration(proxyBeanMethods = false)
class MappingJobs {

    static final String AUTO_MAP_TASK = "mapping-auto-map";
    private static final String ALL = "all";
    private static final Logger log = LoggerFactory.getLogger(MappingJobs.class);

    /** Instance id: {@code <tenantId>:<integrationId or "all">:<unique>}; each event gets its own run. */
    @Bean
    OneTimeTask<Void> mappingAutoMapTask(@Lazy AutoMapping autoMapping) {
        return Tasks.oneTime(AUTO_MAP_TASK)
                .onFailure(FailureHandler.<Void>maxRetries(5)
                        .withBackoff(Duration.ofSeconds(2))
                        .thenRemove())
                .execute((instance, context) -> {
                    String[] parts = instance.getId().split(":");
                    UUID tenantId = UUID.fromString(parts[0]);
                    UUID integrationId = ALL.equals(parts[1]) ? null : UUID.fromString(parts[1]);
                    int created = autoMapping.autoMap(tenantId, integrationId);
                    if (created > 0) {
                        log.info("Auto-mapped {} vendor items by exact name for tenant {}", created, tenantId);
                    }
                });
    }

    @Component
    static class Listeners {

        private final SchedulerClient scheduler;
        private final OneTimeTask<Void> autoMapTask;
        private final IntegrationCleanup cleanup;

        Listeners(SchedulerClient scheduler, OneTimeTask<Void> mappingAutoMapTask, IntegrationCleanup cleanup) {
            this.scheduler = scheduler;
            this.autoMapTask = mappingAutoMapTask;
            this.cleanup = cleanup;
        }

        @EventListener
        void accountsAdded(VendorEvents.AccountsAdded event) {
            scheduleAutoMap(event.tenantId(), event.integrationId());
        }

        @EventListener
        void servicesAdded(VendorEvents.ServicesAdded event) {
            scheduleAutoMap(event.tenantId(), event.integrationId());
        }

        /** E.g. the first sync after the PSA was connected: whatever became matchable is mapped. */
        @EventListener
        void snapshotRefreshed(PsaEvents.SnapshotRefreshed event) {
            scheduleAutoMap(event.tenantId(), null);
        }

        @EventListener
        void integrationDisconnected(VendorEvents.IntegrationDisconnected event) {
            cleanup.integrationDisconnected(event.tenantId(), event.integrationId());
        }

        private void scheduleAutoMap(UUID tenantId, UUID integrationId) {
            String id =
                    tenantId + ":" + (integrationId == null ? ALL : integrationId.toString()) + ":" + UUID.randomUUID();
            scheduler.scheduleIfNotExists(autoMapTask.schedulableInstance(id));
        }
    }
}
