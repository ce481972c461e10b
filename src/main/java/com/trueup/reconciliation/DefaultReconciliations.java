package com.trueup.reconciliation;

import com.trueup.psa.PsaSnapshot;
import java.time.YearMonth;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** {@link Reconciliations}: rebuilds in the caller's thread, and whether a sync or rebuild is under way. */
@Service
class DefaultReconciliations implements Reconciliations {

    private final ReconciliationRebuilder rebuilder;
    private final RebuildRequestStore requests;
    private final RebuildSchedule schedule;
    private final ReconciliationStore store;
    private final PsaSnapshot psa;

    DefaultReconciliations(
            ReconciliationRebuilder rebuilder,
            RebuildRequestStore requests,
            RebuildSchedule schedule,
            ReconciliationStore store,
            PsaSnapshot psa) {
        this.rebuilder = rebuilder;
        this.requests = requests;
        this.schedule = schedule;
        this.store = store;
        this.psa = psa;
    }

    @Override
    public RebuildSummary rebuild(UUID tenantId, YearMonth period) {
        return rebuilder.rebuild(tenantId, rebuilder.period(tenantId, period));
    }

    @Override
    public RebuildSummary refreshSeries(
            UUID tenantId, UUID integrationId, UUID accountId, UUID serviceId, YearMonth period) {
        return rebuilder.refreshSeries(
                tenantId, integrationId, accountId, serviceId, rebuilder.period(tenantId, period));
    }

    @Override
    public SyncStatus syncStatus(UUID tenantId) {
        boolean running = psa.syncRunning(tenantId) || requests.anyPending(tenantId) || schedule.jobQueued(tenantId);
        return new SyncStatus(running, store.lastBuilt(tenantId).orElse(null));
    }
}
