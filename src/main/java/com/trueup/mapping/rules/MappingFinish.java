package com.trueup.mapping.rules;

import com.trueup.integration.VendorIntegration;
import com.trueup.mapping.rules.MappingBoard.Counts;
import com.trueup.mapping.store.MappingStore;
import com.trueup.psa.PsaSnapshot;
import com.trueup.shared.ConflictException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Finishing the mapping of an integration starts a PSA sync; the page shows whether one is running. */
@Service
public class MappingFinish {

    private final MappingStore store;
    private final PsaSnapshot psa;
    private final MappableItems items;
    private final MappingBoards boards;
    private final MappingChangeLog log;
    private final Clock clock;

    MappingFinish(
            MappingStore store,
            PsaSnapshot psa,
            MappableItems items,
            MappingBoards boards,
            MappingChangeLog log,
            Clock clock) {
        this.store = store;
        this.psa = psa;
        this.items = items;
        this.boards = boards;
        this.log = log;
        this.clock = clock;
    }

    /** Starts a sync of the primary PSA connection once the integration has a mapped account and a mapped service. */
    @Transactional
    public UUID finish(UUID tenantId, String actor, UUID integrationId) {
        VendorIntegration integration = items.requireMappable(tenantId, integrationId);
        PsaSide side = PsaSide.of(psa, tenantId);
        if (!side.connected()) {
            throw new ConflictException("Connect your PSA before finishing the mapping: there is nothing to sync yet.");
        }
        Counts accounts =
                boards.accountBoard(tenantId, integration, side, false).counts();
        Counts services =
                boards.serviceBoard(tenantId, integration, side, false).counts();
        if (accounts.mapped() == 0 || services.mapped() == 0) {
            List<String> missing = new ArrayList<>();
            if (accounts.mapped() == 0) {
                missing.add("an account (0 of " + accounts.total() + " mapped)");
            }
            if (services.mapped() == 0) {
                missing.add("a service (0 of " + services.total() + " mapped)");
            }
            throw new ConflictException("Finishing needs at least one mapped account and one mapped service: map "
                    + String.join(" and ", missing) + " to the PSA first.");
        }
        UUID syncRunId = psa.requestSync(tenantId, side.connection().id(), actor);
        store.saveFinish(tenantId, integrationId, actor, clock.instant(), syncRunId);
        log.record(
                tenantId,
                actor,
                "mapping.finished",
                integration.name(),
                accounts.mapped() + " accounts and " + services.mapped() + " services mapped; sync run " + syncRunId
                        + " started");
        return syncRunId;
    }

    public boolean syncRunning(UUID tenantId) {
        return psa.syncRunning(tenantId);
    }
}
