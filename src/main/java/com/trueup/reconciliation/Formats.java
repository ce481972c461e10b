package com.trueup.reconciliation;

import com.trueup.shared.Display;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Display formats of the reconcile page: quantities exact (up to 4 decimals), money rounded to cents for display only. */
final class Formats {

    private final ZoneId zone;

    Formats(ZoneId zone) {
        this.zone = zone;
    }

    public String qty(BigDecimal value) {
        return Display.quantity(value);
    }

    public String signedQty(BigDecimal value) {
        return Display.signedQuantity(value);
    }

    public String money(BigDecimal value) {
        return Display.money(value);
    }

    public String signedMoney(BigDecimal value) {
        return Display.signedMoney(value);
    }

    public String time(Instant instant) {
        return instant == null ? "" : DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(zone).format(instant);
    }

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

    public String label(String status) {
        return LineStatus.fromWire(status).label();
    }
}
