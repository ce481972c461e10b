package com.trueup.reconciliation;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The Reconcile page's figures for reports sent elsewhere (digests, alerts); every call is scoped to one organisation. */
public interface ReconciliationSummaries {

    /** One active line of the organisation, by id. */
    Optional<ReconciledLine> line(UUID tenantId, UUID lineId);

    /**
     * The totals the Reconcile page shows for the whole period (built first if never built), and the same figures per
     * client (PSA company) for the {@code topClients} clients whose waiting lines differ most in money (unbilled revenue
     * plus revenue at risk; ties by name): each client's figures equal the page's totals filtered by that company.
     */
    PeriodSummary summary(UUID tenantId, YearMonth period, int topClients);

    /**
     * {@code waiting}: new-revenue and reconcile lines; {@code unbilledRevenue}: their positive revenue changes;
     * {@code revenueAtRisk}: the negative revenue changes of reconcile lines, as a positive amount; {@code linesWithUsage}:
     * active lines with a vendor quantity above 0 (unmapped usage included).
     */
    record PeriodSummary(
            YearMonth period,
            long lines,
            long waiting,
            BigDecimal unbilledRevenue,
            BigDecimal revenueAtRisk,
            long linesWithUsage,
            List<ClientSummary> topClients) {}

    record ClientSummary(
            UUID psaCompanyId,
            String companyName,
            long waiting,
            BigDecimal unbilledRevenue,
            BigDecimal revenueAtRisk) {}
}
