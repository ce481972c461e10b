package com.trueup.shared;

/** What a user of an MSP organisation may do. Each role includes the ones below it. */
public enum Role {
    /** Manages connections, users and tokens; everything an approver can do. */
    ADMIN,
    /** Approves, adjusts and dismisses reconciliation lines; everything a viewer can do. */
    APPROVER,
    /** Reads everything of the organisation, changes nothing. */
    VIEWER;

    public String authority() {
        return "ROLE_" + name();
    }

    public static Role parse(String value) {
        if (value == null) {
            throw new InvalidInputException("role", "role is required: one of ADMIN, APPROVER, VIEWER");
        }
        try {
            return Role.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("role", "unknown role '" + value + "': use ADMIN, APPROVER or VIEWER");
        }
    }
}
