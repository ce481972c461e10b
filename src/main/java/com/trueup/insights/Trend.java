package com.trueup.insights;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * Month-over-month totals, oldest first, ending with the current month (month to date), and each service's usage per
 * month. A month without any vendor usage ({@code usageRecorded} false: before the vendor was connected) has no figures
 * (null) rather than zero cost and full over-billing.
 */
record Trend(List<Point> points, List<ServiceUsage> services) {

    record Point(
            String period,
            boolean monthToDate,
            boolean usageRecorded,
            BigDecimal billedRevenue,
            BigDecimal vendorCost,
            BigDecimal margin,
            BigDecimal marginPercent,
            BigDecimal revenueLeak,
            BigDecimal overBilling) {}

    /** Quantities of one month; null in a month without usage data. */
    record UsagePoint(String period, BigDecimal vendorQuantity, BigDecimal psaQuantity) {}

    /** {@code shrinking}: the vendor quantity fell in each of the last two months. */
    record ServiceUsage(UUID psaProductId, String serviceName, List<UsagePoint> usage, boolean shrinking) {}
}
