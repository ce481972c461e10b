package com.trueup.psa;

import com.trueup.psa.connector.Capabilities;
import com.trueup.psa.connector.ConnectorDescriptor;
import com.trueup.psa.connector.ConnectorException;
import com.trueup.psa.connector.ConnectorException.Kind;
import com.trueup.psa.connector.LineRef;
import com.trueup.psa.connector.NewLine;
import com.trueup.psa.connector.PsaClient;
import com.trueup.psa.connector.QuantityChange;
import com.trueup.psa.connector.WriteResult;
import com.trueup.psa.connector.WriteStyle;
import com.trueup.psa.connector.http.PsaHttpSettings;
import com.trueup.psa.connector.http.Sleeper;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The only place where quantities go to a PSA. Connectors only map the wire format; here:
 * <ul>
 * <li>a quantity must be zero or more, and whole for PSAs that take whole quantities only (a fraction is refused, never
 * rounded here: rounding happens once, when the approval's quantity is chosen);</li>
 * <li>a DELTA PSA's line is read first (the quantity in force on the effective date) and gets target − current;
 * a line already at the target is answered without writing;</li>
 * <li>a write is sent once; after a retryable or unknown failure the line is read again, and another write is sent
 * only when the line is not at the target yet (with a new delta), at most {@code maxWriteAttempts} in all;</li>
 * <li>a new line is looked for before it is created and after every failed create: a line is never created twice.
 * A create is sent again only after a failure that made nothing (refused, rate-limited); a create whose outcome is
 * unknown (accepted without the line showing, a time-out, an error after sending) is looked for once and, when not
 * found, reported as of unknown outcome for a person to check, never sent again. For a PSA whose API does
 * not tell line quantities, a line found after a failed create is the one created (it was not there before); one
 * found before is refused, never added again.</li>
 * </ul>
 * Failures are {@link ConnectorException}s.
 */
@Component
class QuantityWrites {

    private final PsaHttpSettings settings;
    private final Sleeper sleeper;

    QuantityWrites(PsaHttpSettings settings, Sleeper sleeper) {
        this.settings = settings;
        this.sleeper = sleeper;
    }

    /** Why {@code quantity} cannot be written to a PSA with these capabilities, or empty when it can. */
    static Optional<String> refusal(String psa, boolean wholeQuantitiesOnly, BigDecimal quantity) {
        if (quantity == null || quantity.signum() < 0) {
            return Optional.of("The quantity must be zero or more, not "
                    + (quantity == null ? "nothing" : quantity.toPlainString()));
        }
        if (wholeQuantitiesOnly && quantity.stripTrailingZeros().scale() > 0) {
            return Optional.of(psa + " takes whole quantities only, not " + quantity.toPlainString()
                    + "; round it with the connection's rounding mode first");
        }
        return Optional.empty();
    }

    /**
     * Brings an existing line to {@code target} from {@code effectiveDate}. {@code readJustNow} is the quantity the
     * caller read from the PSA a moment ago (null when it did not): an absolute write needs no read of its own.
     */
    WriteResult setQuantity(
            ConnectorDescriptor psa,
            PsaClient client,
            LineRef line,
            BigDecimal target,
            LocalDate effectiveDate,
            String idempotencyKey,
            BigDecimal readJustNow) {
        Capabilities can = psa.capabilities();
        if (!can.updatesLines()) {
            throw ConnectorException.permanent(
                    psa.label() + " does not let TrueUp change a line's quantity through its API");
        }
        check(psa, target);
        BigDecimal current =
                can.writeStyle() == WriteStyle.DELTA ? read(psa, client, line, effectiveDate) : readJustNow;
        return toTarget(psa, client, line, target, effectiveDate, idempotencyKey, current);
    }

    /** Adds a line for new revenue, or brings the line already there to the quantity; never creates it twice. */
    WriteResult createLine(ConnectorDescriptor psa, PsaClient client, NewLine requested) {
        if (!psa.capabilities().createsLines()) {
            throw ConnectorException.permanent(psa.label() + " does not let TrueUp add lines through its API");
        }
        check(psa, requested.quantity());
        String contract = requested.contractExternalId() != null
                ? requested.contractExternalId()
                : client.contractForNewLine(requested.companyExternalId());
        NewLine line = new NewLine(
                requested.companyExternalId(),
                contract,
                requested.product(),
                requested.quantity(),
                requested.effectiveDate(),
                requested.idempotencyKey());
        Optional<String> before = client.findLine(line);
        if (before.isPresent()) {
            return setFound(psa, client, line, before.get());
        }
        ConnectorException last = null;
        boolean unknown = false;
        for (int attempts = 1; ; attempts++) {
            try {
                WriteResult created = client.createLine(line);
                if (created.reference() != null && !created.reference().isBlank()) {
                    return created;
                }
                Optional<String> made = findAfterCreate(psa, client, line);
                if (made.isPresent()) {
                    return new WriteResult(
                            made.get(),
                            created.quantity() != null ? created.quantity() : line.quantity(),
                            created.message());
                }
                throw new AnsweredWithoutLine(new ConnectorException(
                        Kind.UNKNOWN_OUTCOME,
                        0,
                        psa.label()
                                + " accepted the new line but does not show it in contract " + contract
                                + "; check the contract before trying again",
                        null,
                        null));
            } catch (AnsweredWithoutLine e) {
                throw e.outcome;
            } catch (ConnectorException e) {
                if (e.kind() == Kind.PERMANENT) {
                    throw e;
                }
                last = e;
                unknown |= e.kind() == Kind.UNKNOWN_OUTCOME;
                if (!pause(e, attempts)) {
                    throw settle(last, unknown, "the PSA asks to wait longer than allowed");
                }
                Optional<String> found;
                try {
                    found = client.findLine(line);
                } catch (ConnectorException readFailure) {
                    throw settle(last, unknown, "looking for the line again failed: " + readFailure.getMessage());
                }
                if (found.isPresent()) {
                    if (!psa.capabilities().readsLineQuantities()) {
                        // it was not there before this create: it is the line just created, with the units sent
                        return new WriteResult(
                                found.get(),
                                line.quantity(),
                                "created; confirmed by finding the line " + "in contract " + contract + " after: "
                                        + e.getMessage());
                    }
                    return setFound(psa, client, line, found.get());
                }
                if (unknown) {
                    // the PSA may have made the line and not show it yet: a second create could bill it twice
                    throw settle(last, true, "the line is not in the contract yet; it is not sent again");
                }
                if (attempts >= settings.maxWriteAttempts()) {
                    throw settle(last, unknown, "not created after " + attempts + " attempts");
                }
            }
        }
    }

    /** Looks for a line the PSA said it created; a failed look leaves the create's outcome unknown. */
    private static Optional<String> findAfterCreate(ConnectorDescriptor psa, PsaClient client, NewLine line) {
        try {
            return client.findLine(line);
        } catch (ConnectorException e) {
            throw new AnsweredWithoutLine(new ConnectorException(
                    Kind.UNKNOWN_OUTCOME,
                    0,
                    psa.label()
                            + " accepted the new line but looking for it failed: " + e.getMessage()
                            + "; check the contract before trying again",
                    null,
                    null));
        }
    }

    /** A create the PSA accepted without the line showing: its outcome is unknown and it is never sent again. */
    private static final class AnsweredWithoutLine extends RuntimeException {
        private final ConnectorException outcome;

        AnsweredWithoutLine(ConnectorException outcome) {
            super(null, null, false, false);
            this.outcome = outcome;
        }
    }

    /** A line of the product found in the contract: brought to the quantity (read first, so a match writes nothing). */
    private WriteResult setFound(ConnectorDescriptor psa, PsaClient client, NewLine line, String lineId) {
        LineRef ref = new LineRef(
                lineId,
                line.contractExternalId(),
                line.companyExternalId(),
                line.product().externalId());
        if (!psa.capabilities().updatesLines() && !psa.capabilities().readsLineQuantities()) {
            throw ConnectorException.permanent(psa.label() + " already has line " + lineId
                    + " of this product in contract "
                    + line.contractExternalId() + "; its API neither tells nor changes the line's quantity, so TrueUp "
                    + "does not add the product a second time: set the quantity in the PSA");
        }
        if (!psa.capabilities().updatesLines()) {
            BigDecimal now = read(psa, client, ref, line.effectiveDate());
            if (now.compareTo(line.quantity()) == 0) {
                return new WriteResult(lineId, now, "the line is in the PSA with " + now.toPlainString());
            }
            throw ConnectorException.permanent(psa.label() + " already has line " + lineId + " of this product with "
                    + now.toPlainString() + " and does not let TrueUp change it");
        }
        WriteResult set = toTarget(
                psa,
                client,
                ref,
                line.quantity(),
                line.effectiveDate(),
                line.idempotencyKey(),
                read(psa, client, ref, line.effectiveDate()));
        // the caller keeps the line's id as its reference, not that of the change (an Autotask adjustment, say)
        return new WriteResult(lineId, set.quantity(), set.message());
    }

    private WriteResult toTarget(
            ConnectorDescriptor psa,
            PsaClient client,
            LineRef line,
            BigDecimal target,
            LocalDate effectiveDate,
            String idempotencyKey,
            BigDecimal known) {
        boolean delta = psa.capabilities().writeStyle() == WriteStyle.DELTA;
        BigDecimal current = known;
        int writes = 0;
        ConnectorException last = null;
        boolean unknown = false;
        while (true) {
            if (current != null && current.compareTo(target) == 0) {
                return new WriteResult(
                        line.externalLineId(),
                        current,
                        last == null
                                ? "already at " + target.toPlainString() + "; nothing written"
                                : "confirmed at " + target.toPlainString() + " by reading the line again after: "
                                        + last.getMessage());
            }
            if (writes >= settings.maxWriteAttempts()) {
                throw settle(last, unknown, "still not at the target after " + writes + " attempts");
            }
            try {
                writes++;
                WriteResult result = client.writeQuantity(
                        line,
                        new QuantityChange(
                                target,
                                current,
                                delta ? target.subtract(current) : null,
                                effectiveDate,
                                idempotencyKey));
                return result.quantity() != null
                        ? result
                        : new WriteResult(
                                result.reference() != null ? result.reference() : line.externalLineId(),
                                target,
                                result.message());
            } catch (ConnectorException e) {
                if (e.kind() == Kind.PERMANENT) {
                    throw e;
                }
                last = e;
                unknown |= e.kind() == Kind.UNKNOWN_OUTCOME;
                if (!pause(e, writes)) {
                    throw settle(last, unknown, "the PSA asks to wait longer than allowed");
                }
                try {
                    current = read(psa, client, line, effectiveDate);
                } catch (ConnectorException readFailure) {
                    if (readFailure.kind() == Kind.PERMANENT && !unknown) {
                        throw readFailure;
                    }
                    throw settle(last, unknown, "reading the line again failed: " + readFailure.getMessage());
                }
            }
        }
    }

    private static BigDecimal read(ConnectorDescriptor psa, PsaClient client, LineRef line, LocalDate date) {
        return client.readQuantity(line, date)
                .orElseThrow(() -> ConnectorException.permanent(
                        psa.label() + ": line " + line.externalLineId() + " no longer exists"));
    }

    private static void check(ConnectorDescriptor psa, BigDecimal quantity) {
        refusal(psa.label(), psa.capabilities().wholeQuantitiesOnly(), quantity).ifPresent(message -> {
            throw ConnectorException.permanent(message);
        });
    }

    /** Waits before attempt {@code attempt + 1}: Retry-After when given, else exponential backoff; false when too long. */
    private boolean pause(ConnectorException failure, int attempt) {
        Duration wait = failure.retryAfter();
        if (wait != null && wait.compareTo(settings.maxRetryAfter()) > 0) {
            return false;
        }
        if (wait == null) {
            wait = settings.initialBackoff().multipliedBy(1L << Math.min(attempt - 1, 20));
            if (wait.compareTo(settings.maxBackoff()) > 0) {
                wait = settings.maxBackoff();
            }
        }
        try {
            sleeper.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static ConnectorException settle(ConnectorException last, boolean unknown, String why) {
        Kind kind = unknown ? Kind.UNKNOWN_OUTCOME : Kind.RETRYABLE;
        String message = (last == null ? "write failed" : last.getMessage()) + " (" + why + ")";
        return new ConnectorException(
                kind, last == null ? 0 : last.status(), message, last == null ? null : last.retryAfter(), last);
    }
}
