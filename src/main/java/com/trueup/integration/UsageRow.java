package com.trueup.integration;

import java.math.BigDecimal;
import java.time.LocalDate;

/** An account's current count of a service on the integration page, with its month to date (public accessors: for templates). */
record UsageRow(
        String accountName,
        String accountId,
        String serviceName,
        BigDecimal current,
        LocalDate since,
        CountingMode countingMode,
        BigDecimal monthToDate) {}
