package com.trueup.integration.store;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/** One count: the vendor's count of an account's use of a service on a day (the tenant's day). */
public record UsageRecord(
        UUID tenantId, UUID integrationId, UUID accountId, UUID serviceId, LocalDate day, BigDecimal quantity) {}
