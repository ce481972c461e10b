package com.trueup.automation;

import com.trueup.reconciliation.AutomaticApprovals.PendingLine;
import com.trueup.shared.Display;
import com.trueup.shared.InvalidInputException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The conditions a line must meet for a rule to approve it; every limit is optional (null: none). The change is
 * quantity to write − PSA quantity; the percentage is of the PSA quantity and does not apply to new lines (there is no
 * PSA quantity to compare with). Floor and ceiling bound the quantity written. Ages are those of the newest data TrueUp
 * received from the line's vendor integrations (the oldest of them, for a line fed by several) and of the PSA snapshot.
 */
record Guards(
        Direction direction,
        BigDecimal maxUnits,
        BigDecimal maxPercent,
        BigDecimal floor,
        BigDecimal ceiling,
        boolean allowNewLines,
        Integer maxVendorAgeHours,
        Integer maxPsaAgeHours) {

    static final BigDecimal HUNDRED = new BigDecimal(100);

    enum Direction {
        INCREASE,
        DECREASE,
        BOTH;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Direction parse(String value) {
            for (Direction d : values()) {
                if (d.wire().equals(value == null ? "" : value.trim().toLowerCase(Locale.ROOT))) {
                    return d;
                }
            }
            throw new InvalidInputException(
                    "direction", "direction must be increase, decrease or both (got '" + value + "')");
        }
    }

    Guards {
        checkQuantity(maxUnits, "maxUnits");
        checkQuantity(maxPercent, "maxPercent");
        checkQuantity(floor, "floor");
        checkQuantity(ceiling, "ceiling");
        if (floor != null && ceiling != null && floor.compareTo(ceiling) > 0) {
            throw new InvalidInputException(
                    "floor", "floor (" + plain(floor) + ") must not be above ceiling (" + plain(ceiling) + ")");
        }
        checkHours(maxVendorAgeHours, "maxVendorAgeHours");
        checkHours(maxPsaAgeHours, "maxPsaAgeHours");
        if (direction == null) {
            throw new InvalidInputException("direction", "direction is required: increase, decrease or both");
        }
    }

    /**
     * Why the rule must leave the line to a person; empty when it may approve. {@code vendorAge} / {@code psaAge}: how
     * old the data is, null when none was ever received.
     */
    List<String> breaches(PendingLine line, Duration vendorAge, Duration psaAge) {
        List<String> reasons = new ArrayList<>();
        BigDecimal written = line.quantityToWrite();
        BigDecimal billed = line.psaQuantity() == null ? BigDecimal.ZERO : line.psaQuantity();
        BigDecimal change = written.subtract(billed);
        if (!line.hasContractLine() && !allowNewLines) {
            reasons.add("new revenue (no contract line yet): this rule does not add contract lines");
        }
        if (direction == Direction.INCREASE && change.signum() < 0) {
            reasons.add("a decrease; this rule approves increases only");
        } else if (direction == Direction.DECREASE && change.signum() > 0) {
            reasons.add("an increase; this rule approves decreases only");
        }
        if (maxUnits != null && change.abs().compareTo(maxUnits) > 0) {
            reasons.add("a change of " + plain(change.abs()) + " units is more than the limit of " + plain(maxUnits));
        }
        if (maxPercent != null && line.hasContractLine()) {
            if (billed.signum() == 0) {
                reasons.add("the PSA bills 0, so the change cannot be within " + plain(maxPercent) + " %");
            } else {
                BigDecimal percent = change.abs().multiply(HUNDRED).divide(billed, 1, RoundingMode.HALF_UP);
                if (change.abs().multiply(HUNDRED).compareTo(maxPercent.multiply(billed)) > 0) {
                    reasons.add("a change of " + plain(percent) + " % is more than the limit of " + plain(maxPercent)
                            + " %");
                }
            }
        }
        if (floor != null && written.compareTo(floor) < 0) {
            reasons.add("would go below the floor of " + plain(floor));
        }
        if (ceiling != null && written.compareTo(ceiling) > 0) {
            reasons.add("would go above the ceiling of " + plain(ceiling));
        }
        if (maxVendorAgeHours != null) {
            if (vendorAge == null) {
                reasons.add("the vendor has not sent any data yet");
            } else if (vendorAge.compareTo(Duration.ofHours(maxVendorAgeHours)) > 0) {
                reasons.add("the vendor's data is " + vendorAge.toHours() + " h old, more than the " + maxVendorAgeHours
                        + " h this rule allows");
            }
        }
        if (maxPsaAgeHours != null) {
            if (psaAge == null) {
                reasons.add("the PSA snapshot's age is unknown (no sync since approval rules came); sync the PSA");
            } else if (psaAge.compareTo(Duration.ofHours(maxPsaAgeHours)) > 0) {
                reasons.add("the PSA snapshot is " + psaAge.toHours() + " h old, more than the " + maxPsaAgeHours
                        + " h this rule allows");
            }
        }
        return reasons;
    }

    private static void checkQuantity(BigDecimal value, String field) {
        if (value == null) {
            return;
        }
        if (value.signum() < 0) {
            throw new InvalidInputException(field, field + " must be 0 or more");
        }
        if (value.stripTrailingZeros().scale() > 4) {
            throw new InvalidInputException(field, field + " may have at most 4 decimals");
        }
        if (value.compareTo(new BigDecimal("1000000000")) >= 0) {
            throw new InvalidInputException(field, field + " is too large");
        }
    }

    private static void checkHours(Integer hours, String field) {
        if (hours != null && (hours < 1 || hours > 8760)) {
            throw new InvalidInputException(field, field + " must be between 1 and 8760 hours (got " + hours + ")");
        }
    }

    static String plain(BigDecimal value) {
        return Display.quantity(value);
    }
}
