package com.trueup.automation;

import java.time.Instant;
import java.util.UUID;

/** An approval rule of an organisation. {@code position}: 1 is checked first. {@code nextRunAt}: for timed schedules. */
record Rule(
        UUID id,
        UUID tenantId,
        int position,
        String name,
        RuleMode mode,
        Scope scope,
        Guards guards,
        Schedule schedule,
        Instant nextRunAt,
        Instant createdAt,
        String createdBy,
        Instant updatedAt,
        String updatedBy) {

    static final String ACTOR_PREFIX = "rule: ";

    /** Who approvals of this rule are by, in history, audit and write-backs. */
    String actor() {
        return ACTOR_PREFIX + name;
    }
}
