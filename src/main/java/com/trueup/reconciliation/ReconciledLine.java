package com.trueup.reconciliation;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.UUID;

/**
 * The figures of one active reconciliation line, as stored by the last rebuild of its period: one per (PSA company,
 * PSA product), or per (integration, vendor account, vendor service) for unmapped usage.
 *
 * @param mapped          false for unmapped usage (no PSA company or product to value it against: price and cost are null)
 * @param billedInPsa     whether the company has a contract line for the product (false: new revenue, PSA quantity 0)
 * @param vendorQuantity  the vendor's billing quantity of the period (scale 4, never null)
 * @param psaQuantity     what the PSA bills: the sum of the active recurring lines (0 without a line, null when unmapped)
 * @param unitPrice       the PSA's unit price (of the target line, or of the product for new revenue); may be null
 * @param unitCost        the PSA's unit cost, same source; may be null
 * @param status          the line's status on the API (new-revenue, reconcile, no-change, unmapped, approved, dismissed)
 */
public record ReconciledLine(
        UUID id,
        YearMonth period,
        UUID psaCompanyId,
        String companyName,
        UUID psaProductId,
        String serviceName,
        boolean mapped,
        boolean billedInPsa,
        BigDecimal vendorQuantity,
        BigDecimal psaQuantity,
        BigDecimal unitPrice,
        BigDecimal unitCost,
        String status) {}
