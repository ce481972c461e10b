package com.trueup.psa;

import com.trueup.shared.NavigationBadge;
import com.trueup.shared.SetupStep;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The home page's "Connect your PSA" step and the navigation badge for connections whose last sync or test failed. */
@Component
class PsaSetup implements SetupStep, NavigationBadge {

    private final SyncRunStore runs;

    PsaSetup(SyncRunStore runs) {
        this.runs = runs;
    }

    @Override
    public int order() {
        return 20;
    }

    @Override
    public String title() {
        return "Connect your PSA";
    }

    @Override
    public String hint() {
        return "Connect ConnectWise, Autotask or HaloPSA and sync its clients, catalog and recurring contracts. "
                + "No PSA at hand? The built-in Sandbox PSA needs no credentials and comes with demo data.";
    }

    @Override
    public String href() {
        return "/psa";
    }

    @Override
    public boolean done(UUID tenantId) {
        return runs.anySynced(tenantId);
    }

    @Override
    public String navKey() {
        return "psa";
    }

    @Override
    public long count(UUID tenantId) {
        return runs.countInError(tenantId);
    }
}
