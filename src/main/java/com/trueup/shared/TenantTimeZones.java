package com.trueup.shared;

import java.time.ZoneId;
import java.util.UUID;

/** The time zone in which an organisation's days and billing months are counted. */
public interface TenantTimeZones {

    ZoneId zoneOf(UUID tenantId);
}
