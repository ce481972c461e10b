package com.trueup.writeback;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/** The outbox of approved changes. Implemented in this module; filtered by {@code tenantId}. */
public interface WriteBacks {

    /**
     * Queues the change for asynchronous delivery, in the caller's transaction (the approval and its write-back
     * commit together or not at all). Returns the write-back id.
     */
    UUID enqueue(WriteBackRequest request);

    /** The newest write-back of each of the given reconciliation lines that has one. */
    Map<UUID, WriteBackView> latestForLines(UUID tenantId, Collection<UUID> lineIds);
}
