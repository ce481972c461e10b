package com.trueup.shared;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * An organisation's calendar: its time zone and, on the injected {@link Clock}, its now, today and billing periods.
 * The one way for any module to ask which day it is for a tenant; the zone itself comes from the tenant module
 * ({@link TenantTimeZones}).
 */
@Component
public class TenantCalendar {

    private final TenantTimeZones zones;
    private final Clock clock;

    public TenantCalendar(TenantTimeZones zones, Clock clock) {
        this.zones = zones;
        this.clock = clock;
    }

    /**
     * The same calendar with zones remembered for {@code ttl} (for paths that ask per request, like counts arriving): a
     * changed zone applies after at most {@code ttl}.
     */
    public TenantCalendar cachingZones(Duration ttl, long maxTenants) {
        Cache<UUID, ZoneId> cache = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumSize(maxTenants)
                .build();
        TenantTimeZones direct = zones;
        return new TenantCalendar(tenantId -> cache.get(tenantId, direct::zoneOf), clock);
    }

    public ZoneId zone(UUID tenantId) {
        return zones.zoneOf(tenantId);
    }

    /** The organisation's wall-clock time now. */
    public ZonedDateTime now(UUID tenantId) {
        return clock.instant().atZone(zone(tenantId));
    }

    /** The organisation's day now. */
    public LocalDate today(UUID tenantId) {
        return dayOf(tenantId, clock.instant());
    }

    /** The organisation's day at {@code instant}. */
    public LocalDate dayOf(UUID tenantId, Instant instant) {
        return LocalDate.ofInstant(instant, zone(tenantId));
    }

    /** The organisation's current calendar month. */
    public YearMonth currentMonth(UUID tenantId) {
        return YearMonth.from(today(tenantId));
    }

    /** The current month, to date. */
    public BillingPeriod currentPeriod(UUID tenantId) {
        return BillingPeriod.current(today(tenantId));
    }

    /** {@code month} as a billing period today; a month after the current one is a 400 on {@code period}. */
    public BillingPeriod period(UUID tenantId, YearMonth month) {
        return BillingPeriod.of(month, today(tenantId));
    }

    /** A date given by a person or script: ISO-8601, not in the organisation's future, not more than 10 years back. */
    public LocalDate checkedDate(UUID tenantId, String field, String value) {
        LocalDate date;
        try {
            date = LocalDate.parse(value.trim());
        } catch (DateTimeParseException | NullPointerException e) {
            throw new InvalidInputException(field, field + " must be a date YYYY-MM-DD (got '" + value + "')");
        }
        return checkedDate(tenantId, field, date);
    }

    /** {@code date} if it is neither in the organisation's future nor more than 10 years back; else a 400 naming {@code field}. */
    public LocalDate checkedDate(UUID tenantId, String field, LocalDate date) {
        LocalDate today = today(tenantId);
        if (date.isAfter(today)) {
            throw new InvalidInputException(
                    field,
                    field + " " + date + " is in the future (today is " + today + " in the organisation's time zone)");
        }
        if (date.isBefore(today.minusYears(10))) {
            throw new InvalidInputException(field, field + " " + date + " is more than 10 years ago");
        }
        return date;
    }
}
