package com.trueup.automation;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * A rule as written by a person (API body and form). {@code position}: 1 is checked first (null: last for a new rule,
 * unchanged otherwise). Limits left null do not apply.
 */
record RuleInput(
        String name,
        String mode,
        Integer position,
        ScopeInput scope,
        String direction,
        BigDecimal maxUnits,
        BigDecimal maxPercent,
        BigDecimal floor,
        BigDecimal ceiling,
        Boolean allowNewLines,
        Integer maxVendorAgeHours,
        Integer maxPsaAgeHours,
        ScheduleInput schedule) {

    /** {@code kind}: all, integration, service (a vendor service) or company (a PSA company); {@code id} of the one. */
    record ScopeInput(String kind, UUID id) {}

    /**
     * {@code trigger}: after-rebuild, daily, weekly or monthly; {@code time} HH:MM in the organisation's zone;
     * {@code dayOfWeek} for weekly (MONDAY …); {@code businessDay} for monthly (1 = first business day); {@code period}:
     * current (month to date) or previous (the month just closed; default for monthly).
     */
    record ScheduleInput(String trigger, String time, String dayOfWeek, Integer businessDay, String period) {}
}
