package com.trueup.automation;

import com.trueup.shared.InvalidInputException;
import java.math.BigDecimal;
import java.util.UUID;

/** The rule form's fields as typed (strings), so a refused form comes back as the person left it. */
record RuleForm(
        String name,
        String scope,
        String direction,
        String maxUnits,
        String maxPercent,
        String floor,
        String ceiling,
        Boolean allowNewLines,
        String maxVendorAgeHours,
        String maxPsaAgeHours,
        String trigger,
        String time,
        String dayOfWeek,
        String businessDay,
        String period) {

    static RuleForm blank() {
        return new RuleForm(
                "",
                "all",
                "both",
                "",
                "",
                "",
                "",
                false,
                "48",
                "24",
                "after-rebuild",
                "06:00",
                "MONDAY",
                "2",
                "current");
    }

    static RuleForm of(Rule r) {
        Guards g = r.guards();
        Schedule s = r.schedule();
        return new RuleForm(
                r.name(),
                ScopeNames.value(r.scope()),
                g.direction().wire(),
                text(g.maxUnits()),
                text(g.maxPercent()),
                text(g.floor()),
                text(g.ceiling()),
                g.allowNewLines(),
                g.maxVendorAgeHours() == null ? "" : g.maxVendorAgeHours().toString(),
                g.maxPsaAgeHours() == null ? "" : g.maxPsaAgeHours().toString(),
                s.trigger().wire(),
                s.time() == null ? "06:00" : s.time().toString(),
                s.dayOfWeek() == null ? "MONDAY" : s.dayOfWeek().name(),
                s.businessDay() == null ? "2" : s.businessDay().toString(),
                s.period().wire());
    }

    RuleInput input(String mode) {
        String scopeKind = scope == null || scope.isBlank()
                ? "all"
                : scope.contains(":") ? scope.substring(0, scope.indexOf(':')) : scope;
        UUID scopeId = scope != null && scope.contains(":") ? uuid(scope.substring(scope.indexOf(':') + 1)) : null;
        return new RuleInput(
                name,
                mode,
                null,
                new RuleInput.ScopeInput(scopeKind, scopeId),
                direction,
                decimal(maxUnits, "maxUnits"),
                decimal(maxPercent, "maxPercent"),
                decimal(floor, "floor"),
                decimal(ceiling, "ceiling"),
                Boolean.TRUE.equals(allowNewLines),
                integer(maxVendorAgeHours, "maxVendorAgeHours"),
                integer(maxPsaAgeHours, "maxPsaAgeHours"),
                new RuleInput.ScheduleInput(
                        trigger, time, dayOfWeek, integer(businessDay, "schedule.businessDay"), period));
    }

    private static String text(BigDecimal value) {
        return value == null ? "" : Guards.plain(value);
    }

    private static BigDecimal decimal(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        BigDecimal number;
        try {
            number = new BigDecimal(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, field + " must be a number (got '" + value + "')");
        }
        String problem = com.trueup.shared.BoundedNumbers.problem(number);
        if (problem != null) {
            throw new InvalidInputException(field, field + " " + problem);
        }
        return number;
    }

    private static Integer integer(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, field + " must be a whole number (got '" + value + "')");
        }
    }

    private static UUID uuid(String value) {
        try {
            return UUID.fromString(value.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("scope.id", "unknown scope '" + value + "'");
        }
    }
}
