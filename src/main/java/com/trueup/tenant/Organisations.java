package com.trueup.tenant;

import com.trueup.audit.AuditLog;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.NotFoundException;
import com.trueup.shared.TenantTimeZones;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Currency;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads and changes organisations. */
@Service
public class Organisations implements TenantTimeZones {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuditLog audit;

    Organisations(JdbcClient jdbc, Clock clock, AuditLog audit) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.audit = audit;
    }

    public Organisation get(UUID tenantId) {
        return jdbc.sql("select id, name, time_zone, currency from organisation where id = :id")
                .param("id", tenantId)
                .query((rs, n) -> new Organisation(
                        rs.getObject("id", UUID.class),
                        rs.getString("name"),
                        ZoneId.of(rs.getString("time_zone")),
                        rs.getString("currency")))
                .optional()
                .orElseThrow(() -> NotFoundException.of("Organisation", tenantId));
    }

    @Override
    public ZoneId zoneOf(UUID tenantId) {
        return get(tenantId).timeZone();
    }

    /** All organisation ids; for jobs that run per tenant. */
    public List<UUID> allIds() {
        return jdbc.sql("select id from organisation order by created_at")
                .query(UUID.class)
                .list();
    }

    public boolean any() {
        return jdbc.sql("select count(*) from organisation").query(Long.class).single() > 0;
    }

    @Transactional
    public Organisation create(String name, String timeZone, String currency) {
        var org = new Organisation(
                UUID.randomUUID(), checkedName(name), checkedZone(timeZone), checkedCurrency(currency));
        jdbc.sql(
                        "insert into organisation (id, name, time_zone, currency, created_at) values (:id, :name, :zone, :cur, :at)")
                .param("id", org.id())
                .param("name", org.name())
                .param("zone", org.timeZone().getId())
                .param("cur", org.currency())
                .param("at", java.sql.Timestamp.from(clock.instant()))
                .update();
        return org;
    }

    @Transactional
    public Organisation update(UUID tenantId, String name, String timeZone, String currency, String actor) {
        var current = get(tenantId);
        var updated = new Organisation(
                tenantId,
                name == null ? current.name() : checkedName(name),
                timeZone == null ? current.timeZone() : checkedZone(timeZone),
                currency == null ? current.currency() : checkedCurrency(currency));
        jdbc.sql("update organisation set name = :name, time_zone = :zone, currency = :cur where id = :id")
                .param("name", updated.name())
                .param("zone", updated.timeZone().getId())
                .param("cur", updated.currency())
                .param("id", tenantId)
                .update();
        audit.record(
                tenantId,
                actor,
                "organisation.updated",
                updated.name(),
                "time zone " + updated.timeZone().getId() + ", currency " + updated.currency());
        return updated;
    }

    static String checkedName(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidInputException("name", "name must not be blank");
        }
        if (name.trim().length() > 200) {
            throw new InvalidInputException("name", "name must be at most 200 characters");
        }
        return name.trim();
    }

    static ZoneId checkedZone(String zone) {
        if (zone == null || zone.isBlank()) {
            throw new InvalidInputException("timeZone", "timeZone is required, e.g. Europe/London");
        }
        try {
            return ZoneId.of(zone.trim());
        } catch (DateTimeException e) {
            throw new InvalidInputException(
                    "timeZone", "'" + zone + "' is not a known time zone (use e.g. America/New_York)");
        }
    }

    static String checkedCurrency(String currency) {
        if (currency == null || currency.isBlank()) {
            return "USD";
        }
        try {
            return Currency.getInstance(currency.trim().toUpperCase(java.util.Locale.ROOT))
                    .getCurrencyCode();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("currency", "'" + currency + "' is not an ISO 4217 currency code");
        }
    }
}
