package com.trueup.shared;

import java.time.ZoneId;
import java.util.UUID;

/**
 * The time zone in which an organisation's days and billing months are counted. Implemented by the tenant module;
 * every other module reads it through {@link TenantCalendar}.
 */
public interface TenantTimeZones {

    ZoneId zoneOf(UUID tenantId);
}
