package com.trueup.automation;

import com.trueup.shared.InvalidInputException;
import java.util.Locale;

/** Whether a rule acts: {@code off}; {@code dry-run} records what it would do; {@code on} approves. */
enum RuleMode {
    OFF,
    DRY_RUN,
    ON;

    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static RuleMode parse(String value, String field) {
        for (RuleMode m : values()) {
            if (m.wire().equals(value == null ? "" : value.trim().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new InvalidInputException(field, field + " must be off, dry-run or on (got '" + value + "')");
    }
}
