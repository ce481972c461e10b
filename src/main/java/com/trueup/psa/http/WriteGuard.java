package com.trueup.psa.http;

import com.trueup.psa.PsaException;
import com.trueup.psa.PsaException.Kind;
import com.trueup.psa.PsaWriter.WriteResult;
import java.math.BigDecimal;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Writes that are never blindly repeated. A write that failed RETRYABLE or UNKNOWN_OUTCOME is followed by a re-read
 * of the line; it is sent again only when the PSA does not show the target yet, and at most
 * {@link PsaHttpSettings#maxWriteAttempts()} times in all. A PERMANENT failure ends at once.
 */
public final class WriteGuard {

    private WriteGuard() {
    }

    /** Sends one write given the quantity currently on the line (null when not read before the first attempt). */
    @FunctionalInterface
    public interface QuantityWrite {
        WriteResult write(BigDecimal current);
    }

    /**
     * Brings a line to the absolute {@code target}. With {@code readFirst} the line is read before the first write
     * (required for delta-based PSAs; a line already at the target is answered without writing). {@code readCurrent}
     * returns the line's quantity now, or null when the PSA no longer has the line.
     */
    public static WriteResult toTarget(PsaSession session, String lineReference, BigDecimal target, boolean readFirst,
                                       Supplier<BigDecimal> readCurrent, QuantityWrite write) {
        BigDecimal current = readFirst ? existing(session, readCurrent.get(), lineReference) : null;
        int writes = 0;
        PsaException last = null;
        boolean unknown = false;
        while (true) {
            if (current != null && current.compareTo(target) == 0) {
                return new WriteResult(lineReference, target, last == null
                        ? "already at " + target.toPlainString() + "; nothing written"
                        : "confirmed at " + target.toPlainString() + " by re-reading after: " + last.getMessage());
            }
            if (writes >= session.maxWriteAttempts()) {
                throw settle(last, unknown, "still not at the target after " + writes + " attempts");
            }
            try {
                writes++;
                return write.write(current);
            } catch (PsaException e) {
                if (e.kind() == Kind.PERMANENT) {
                    throw e;
                }
                last = e;
                unknown |= e.kind() == Kind.UNKNOWN_OUTCOME;
                if (!session.pause(e, writes)) {
                    throw settle(last, unknown, "the PSA asks to wait longer than allowed");
                }
                try {
                    current = existing(session, readCurrent.get(), lineReference);
                } catch (PsaException readFailure) {
                    if (readFailure.kind() == Kind.PERMANENT && !unknown) {
                        throw readFailure;
                    }
                    throw settle(last, unknown, "re-reading the line failed: " + readFailure.getMessage());
                }
            }
        }
    }

    /**
     * Makes sure a line exists (new revenue) without ever creating it twice: {@code find} looks for the line (its
     * PSA id) before the first attempt and after every failed one; a line found is brought to the quantity by
     * {@code setExisting}; {@code create} sends one create.
     */
    public static WriteResult ensureLine(PsaSession session, Supplier<Optional<String>> find,
                                         Function<String, WriteResult> setExisting, Supplier<WriteResult> create) {
        Optional<String> before = find.get();
        if (before.isPresent()) {
            return setExisting.apply(before.get());
        }
        int attempts = 0;
        PsaException last;
        boolean unknown = false;
        while (true) {
            attempts++;
            try {
                return create.get();
            } catch (PsaException e) {
                if (e.kind() == Kind.PERMANENT) {
                    throw e;
                }
                last = e;
                unknown |= e.kind() == Kind.UNKNOWN_OUTCOME;
                if (!session.pause(e, attempts)) {
                    throw settle(last, unknown, "the PSA asks to wait longer than allowed");
                }
                Optional<String> found;
                try {
                    found = find.get();
                } catch (PsaException readFailure) {
                    throw settle(last, unknown, "re-checking for the line failed: " + readFailure.getMessage());
                }
                if (found.isPresent()) {
                    return setExisting.apply(found.get());
                }
                if (attempts >= session.maxWriteAttempts()) {
                    throw settle(last, unknown, "not created after " + attempts + " attempts");
                }
            }
        }
    }

    private static BigDecimal existing(PsaSession session, BigDecimal quantity, String lineReference) {
        if (quantity == null) {
            throw new PsaException(Kind.PERMANENT, session.psaName() + ": line " + lineReference + " no longer exists");
        }
        return quantity;
    }

    private static PsaException settle(PsaException last, boolean unknown, String why) {
        Kind kind = unknown ? Kind.UNKNOWN_OUTCOME : Kind.RETRYABLE;
        String message = (last == null ? "write failed" : last.getMessage()) + " (" + why + ")";
        return new PsaException(kind, message, last == null ? null : last.retryAfter(), last);
    }
}
