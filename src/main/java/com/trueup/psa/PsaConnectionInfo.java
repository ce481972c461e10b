package com.trueup.psa;

import com.trueup.shared.Quantities;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;

/**
 * A PSA connection as other modules see it: never its credentials. {@code type} is the connector's type (sandbox,
 * connectwise, autotask, halopsa, ...); {@code defaultEffectiveDate} is FIRST_OF_NEXT_MONTH or TODAY; {@code writes}
 * says what TrueUp can write through the connector.
 */
public record PsaConnectionInfo(
        UUID id,
        UUID tenantId,
        String type,
        String typeLabel,
        String name,
        String status,
        QuantityRounding rounding,
        String defaultEffectiveDate,
        Writes writes) {

    /**
     * What TrueUp can write to this connection's PSA: update a line's quantity, add a line, whether quantities must be
     * whole, whether the PSA honours an effective date (when not, {@code effectiveDateNote} names when a change applies
     * instead, e.g. "the schedule's next run").
     */
    public record Writes(
            boolean updatesLines,
            boolean createsLines,
            boolean wholeQuantitiesOnly,
            boolean honoursEffectiveDate,
            String effectiveDateNote) {}

    /** The quantity that will be written for an exact vendor quantity: whole for whole-number PSAs, else at the quantity scale. */
    public BigDecimal quantityToWrite(BigDecimal exact) {
        return writes.wholeQuantitiesOnly() ? rounding.toWhole(exact) : Quantities.normalize(exact);
    }

    /** Why {@code quantity} cannot be written to this PSA (a fraction for a whole-number PSA, a negative), if so. */
    public Optional<String> refusal(BigDecimal quantity) {
        return QuantityWrites.refusal(name, writes.wholeQuantitiesOnly(), quantity);
    }

    /**
     * Why an approved change must be applied by hand in the PSA (it goes to the change sheet), or empty when TrueUp
     * writes it through the connector: {@code newLine} for new revenue (a line to add), else a line's quantity to change.
     * E.g. "Kaseya BMS's API cannot change a line's quantity".
     */
    public Optional<String> byHand(boolean newLine) {
        if (newLine ? writes.createsLines() : writes.updatesLines()) {
            return Optional.empty();
        }
        return Optional.of(
                typeLabel + "'s API cannot " + (newLine ? "add a recurring line" : "change a line's quantity"));
    }

    /** The effective date of a write-back approved on {@code today} unless the user picks another. */
    public LocalDate effectiveDateFor(LocalDate today) {
        return "TODAY".equals(defaultEffectiveDate)
                ? today
                : today.withDayOfMonth(1).plusMonths(1);
    }
}
