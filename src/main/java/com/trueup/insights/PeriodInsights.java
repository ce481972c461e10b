package com.trueup.insights;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.trueup.shared.BillingPeriod;
import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

/**
 * The insights of one billing period (the current month to date): totals, one row per service (PSA product) and per client (PSA company), and the
 * services that under-perform. {@code usageRecorded} is false when no vendor usage at all was counted in the period
 * (then every billed seat shows as over-billing). {@code unmappedLines} counts lines of usage not mapped to a company
 * and product: they have no price or cost and are left out of every figure.
 */
record PeriodInsights(
        BillingPeriod period,
        boolean usageRecorded,
        Figures totals,
        int unmappedLines,
        List<Service> services,
        List<Client> clients) {

    /** Why a service under-performs: {@code code} is negative-margin, low-margin or shrinking-usage. */
    record Reason(String code, String message) {}

    /**
     * One service (PSA product) over all its clients. {@code vendorQuantity} and {@code psaQuantity} are sums of units of
     * this one service; {@code previousVendorQuantity} is the previous month's, {@code usageChange} the difference.
     */
    record Service(
            UUID psaProductId,
            String serviceName,
            int clients,
            int newRevenueClients,
            BigDecimal vendorQuantity,
            BigDecimal psaQuantity,
            BigDecimal billedRevenue,
            BigDecimal vendorCost,
            BigDecimal margin,
            BigDecimal marginPercent,
            BigDecimal revenueLeak,
            BigDecimal overBilling,
            BigDecimal previousVendorQuantity,
            BigDecimal usageChange,
            List<Reason> underPerforming)
            implements Ranked {

        @Override
        @JsonIgnore
        public String name() {
            return serviceName;
        }
    }

    /** One client (PSA company) over all its mapped services. */
    record Client(
            UUID psaCompanyId,
            String companyName,
            int services,
            int newRevenueServices,
            BigDecimal billedRevenue,
            BigDecimal vendorCost,
            BigDecimal margin,
            BigDecimal marginPercent,
            BigDecimal revenueLeak,
            BigDecimal overBilling)
            implements Ranked {

        @Override
        @JsonIgnore
        public String name() {
            return companyName;
        }
    }

    public List<Service> underPerforming() {
        return services.stream().filter(s -> !s.underPerforming().isEmpty()).toList();
    }

    public boolean empty() {
        return services.isEmpty() && clients.isEmpty();
    }
}
