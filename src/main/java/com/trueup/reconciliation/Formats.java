package com.trueup.reconciliation;

import java.math.BigDecimal;
import java.math.RoundingMode;
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
        if (value == null) {
            return "–";
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    public String signedQty(BigDecimal value) {
        return value == null ? "–" : (value.signum() > 0 ? "+" : "") + qty(value);
    }

    public String money(BigDecimal value) {
        return value == null ? "–" : String.format("%,.2f", value.setScale(2, RoundingMode.HALF_UP));
    }

    public String signedMoney(BigDecimal value) {
        return value == null ? "–" : (value.signum() > 0 ? "+" : "") + money(value);
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
