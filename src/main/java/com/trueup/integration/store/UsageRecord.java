package com.trueup.integration.store;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/**
 * One count: the vendor's count of an account's use of a service on a day (the tenant's day). {@code rebuild} is
 * false when the vendor asked for {@code no_build} (see {@link com.trueup.integration.VendorEvents.UsageChanged}).
 */
public record UsageRecord(UUID tenantId, UUID integrationId, UUID accountId, UUID serviceId, LocalDate day,
                          BigDecimal quantity, boolean rebuild) {
}
