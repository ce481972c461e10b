package com.trueup.reconciliation;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What approval rules may ask of reconciliation: the lines waiting for a decision, and an approval that goes the same
 * way as a person's (the line is marked approved and its write-back queued in one transaction; history and audit name
 * the {@code actor}). Every call is scoped to one organisation.
 */
public interface AutomaticApprovals {

    /** The active new-revenue and reconcile lines of a mapped company and product in the period (built first if never built). */
    List<PendingLine> pendingLines(UUID tenantId, YearMonth period);

    /**
     * Approves the line's quantity to write, as {@code actor}, provided it is still waiting and its vendor and PSA quantities
     * are still the ones the caller decided on; a {@link com.trueup.shared.ConflictException} with the reason otherwise
     * (the line changed, a write-back of it is still under way, no PSA is connected, ...).
     */
    AutomaticApproval approve(
            UUID tenantId, UUID lineId, String actor, BigDecimal vendorQuantitySeen, BigDecimal psaQuantitySeen);

    /**
     * A line waiting for a decision. {@code status} is new-revenue or reconcile; {@code integrationIds} and
     * {@code vendorServiceIds} are those of every vendor series feeding the line ({@code integrationId} is the main one);
     * quantities have scale 4, {@code psaQuantity} is 0 without a contract line.
     */
    record PendingLine(
            UUID id,
            YearMonth period,
            String status,
            UUID integrationId,
            Set<UUID> integrationIds,
            Set<UUID> vendorServiceIds,
            UUID psaCompanyId,
            String companyName,
            UUID psaProductId,
            String serviceName,
            boolean hasContractLine,
            BigDecimal vendorQuantity,
            BigDecimal psaQuantity,
            BigDecimal quantityToWrite,
            BigDecimal revenueChange) {}

    /** The approval as queued: the total the PSA will bill and the write-back carrying it. */
    record AutomaticApproval(UUID lineId, UUID writeBackId, BigDecimal quantity, LocalDate effectiveDate) {}
}
