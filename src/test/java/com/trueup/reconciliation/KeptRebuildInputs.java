package com.trueup.reconciliation;

import org.springframework.context.ApplicationContext;

/** For tests outside the module: makes the application forget what its rebuilds kept, as a node that just started. */
public final class KeptRebuildInputs {

    private KeptRebuildInputs() {}

    public static void forget(ApplicationContext context) {
        context.getBean(RebuildInputs.class).clear();
    }
}
