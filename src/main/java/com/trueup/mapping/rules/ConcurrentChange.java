package com.trueup.mapping.rules;

import com.trueup.shared.ConflictException;
import org.springframework.dao.DuplicateKeyException;

/** Someone (usually auto-mapping) mapped the same item at the same moment. */
public final class ConcurrentChange extends ConflictException {

    ConcurrentChange() {
        super("This item was mapped by someone else at the same moment; reload and try again.");
    }

    /** A concurrent first mapping of the same item (e.g. by auto-mapping) is a conflict, never a 500. */
    static void save(Runnable write) {
        try {
            write.run();
        } catch (DuplicateKeyException e) {
            throw new ConcurrentChange();
        }
    }

    /**
     * Runs a user's change (a transaction of its own) and, if it collided with a concurrent first mapping of the same
     * item, once more: the person's decision then replaces what was written meanwhile.
     */
    public static void retryingOnce(Runnable change) {
        try {
            change.run();
        } catch (ConcurrentChange e) {
            change.run();
        }
    }
}
