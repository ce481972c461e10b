package com.trueup.integration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.TenantTimeZones;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The organisation's days: a count belongs to the day it arrives in the organisation's time zone. Zones are cached
 * for a minute by default (trueup.vendor.zone-cache-expiry; a changed zone applies to counts arriving after that).
 */
@Component
class TenantDays {

    private final TenantTimeZones zones;
    private final Clock clock;
    private final Cache<UUID, ZoneId> cache;

    TenantDays(TenantTimeZones zones, Clock clock, IntegrationSettings settings) {
        this.zones = zones;
        this.clock = clock;
        this.cache = Caffeine.newBuilder().expireAfterWrite(settings.zoneCacheExpiry())
                .maximumSize(settings.zoneCacheSize()).build();
    }

    ZoneId zone(UUID tenantId) {
        return cache.get(tenantId, zones::zoneOf);
    }

    LocalDate today(UUID tenantId) {
        return LocalDate.ofInstant(clock.instant(), zone(tenantId));
    }

    /** A date given by a person or script: ISO-8601, not in the organisation's future, not more than 10 years back. */
    LocalDate checkedDate(UUID tenantId, String field, String value) {
        LocalDate date;
        try {
            date = LocalDate.parse(value.trim());
        } catch (DateTimeParseException | NullPointerException e) {
            throw new InvalidInputException(field, field + " must be a date YYYY-MM-DD (got '" + value + "')");
        }
        return checkedDate(tenantId, field, date);
    }

    LocalDate checkedDate(UUID tenantId, String field, LocalDate date) {
        LocalDate today = today(tenantId);
        if (date.isAfter(today)) {
            throw new InvalidInputException(field, field + " " + date + " is in the future (today is " + today
                    + " in the organisation's time zone)");
        }
        if (date.isBefore(today.minusYears(10))) {
            throw new InvalidInputException(field, field + " " + date + " is more than 10 years ago");
        }
        return date;
    }
}
