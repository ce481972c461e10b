package com.trueup.shared;

import java.util.UUID;

/** One step of the getting-started checklist on the home page, contributed by the module that owns it. */
public interface SetupStep {

    /** Position in the checklist (10, 20, ...). */
    int order();

    String title();

    String hint();

    String href();

    boolean done(UUID tenantId);
}
