package com.trueup.reconciliation;

/** The colour (CSS pill class) of a line's status and of a write-back's status on the reconcile pages. */
final class StatusPills {

    public String pill(String status) {
        return switch (status) {
            case "new-revenue" -> "info";
            case "reconcile" -> "warn";
            case "no-change", "approved" -> "ok";
            case "unmapped" -> "bad";
            default -> "neutral";
        };
    }

    public String writeBackPill(String status) {
        return switch (status) {
            case "written", "confirmed" -> "ok";
            case "failed" -> "bad";
            case "conflict", "to_apply" -> "warn";
            default -> "info";
        };
    }
}
