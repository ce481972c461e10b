package com.trueup.shared;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * Short remarks other modules attach to reconciliation lines, e.g. why an approval rule held a line back for a person.
 * The Reconcile page shows them under the line's status; modules contribute beans.
 */
public interface LineRemarks {

    /** The remark of each of the given lines of the organisation that has one, by line id. */
    Map<UUID, String> remarks(UUID tenantId, Collection<UUID> lineIds);
}
