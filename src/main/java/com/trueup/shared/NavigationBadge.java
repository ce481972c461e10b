package com.trueup.shared;

import java.util.UUID;

/**
 * A count shown next to a navigation entry, e.g. unmapped vendor accounts next to "Mapping". Modules
 * contribute beans; the navigation shows the sum per {@link #navKey()} when it is above zero.
 */
public interface NavigationBadge {

    /** One of integrations, psa, mapping, reconcile, insights, audit, settings. */
    String navKey();

    long count(UUID tenantId);
}
