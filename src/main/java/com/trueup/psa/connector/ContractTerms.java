package com.trueup.psa.connector;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A contract as a whole, as the PSA states it: its {@code value} (money, null when not told), the days it starts and
 * ends ({@code endDate} null: open-ended), its {@code standing} in the PSA's own word ("active", "pending"...) and its
 * {@link Period}s. Shown with the contract; TrueUp never writes it back.
 */
public record ContractTerms(
        BigDecimal value, LocalDate startDate, LocalDate endDate, String standing, List<Period> periods) {

    public ContractTerms {
        periods = periods == null ? List.of() : List.copyOf(periods);
    }

    /**
     * One period of a contract (a retainer's month, say): its days ({@code endDate} null: open), standing, how it is
     * billed ({@code budgetType}, e.g. "pre-paid"), what it allows ({@code allowanceType}, e.g. "fixed value") and the
     * money of its budget ({@code budget}; null when the PSA does not tell it).
     */
    public record Period(
            String externalId,
            LocalDate startDate,
            LocalDate endDate,
            String standing,
            String budgetType,
            String allowanceType,
            BigDecimal budget) {}
}
