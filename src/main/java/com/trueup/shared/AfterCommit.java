package com.trueup.shared;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Work that must only happen once the current transaction committed: caches and counters of committed state. */
public final class AfterCommit {

    private AfterCommit() {}

    /** Runs {@code action} after the current transaction commits (never if it rolls back), or now without one. */
    public static void run(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }
}
