package com.trueup.reconciliation;

import com.trueup.shared.Quantities;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * The computed columns of a stored line: what a rebuild writes. Equal rows mean nothing to write (BigDecimals are
 * always scale 4, so record equality is exact).
 */
record LineRow(
        UUID integrationId,
        UUID vendorAccountId,
        String vendorAccountRef,
        String vendorAccountName,
        UUID vendorServiceId,
        String vendorServiceRef,
        String vendorServiceName,
        int seriesCount,
        UUID psaCompanyId,
        String companyName,
        UUID psaProductId,
        String serviceName,
        UUID contractLineId,
        int contractLineCount,
        BigDecimal targetLineQuantity,
        BigDecimal otherLinesQuantity,
        BigDecimal vendorQuantity,
        BigDecimal psaQuantity,
        BigDecimal quantityToWrite,
        BigDecimal difference,
        BigDecimal unitPrice,
        BigDecimal unitCost,
        BigDecimal revenueChange,
        BigDecimal profitChange,
        String computedStatus) {

    static final String COLUMNS = "integration_id, vendor_account_id, vendor_account_ref, vendor_account_name, "
            + "vendor_service_id, vendor_service_ref, vendor_service_name, series_count, psa_company_id, company_name, "
            + "psa_product_id, service_name, contract_line_id, contract_line_count, target_line_quantity, "
            + "other_lines_quantity, vendor_quantity, psa_quantity, quantity_to_write, difference, unit_price, unit_cost, "
            + "revenue_change, profit_change, computed_status";

    static final int COLUMN_COUNT = 25;

    static LineRow of(ComputedLine line) {
        PsaSide psa = line.psa();
        LineFigures f = line.figures();
        return new LineRow(
                line.integrationId(),
                line.vendorAccountId(),
                cut(line.vendorAccountRef(), 200),
                cut(line.vendorAccountName(), 300),
                line.vendorServiceId(),
                cut(line.vendorServiceRef(), 200),
                cut(line.vendorServiceName(), 300),
                line.series().size(),
                line.psaCompanyId(),
                cut(line.companyName(), 300),
                line.psaProductId(),
                cut(line.serviceName(), 300),
                psa == null ? null : psa.contractLineId(),
                psa == null ? 0 : psa.contractLineCount(),
                psa == null ? null : Quantities.normalize(psa.targetLineQuantity()),
                psa == null ? null : Quantities.normalize(psa.otherLinesQuantity()),
                Quantities.normalize(f.vendorQuantity()),
                Quantities.normalize(f.psaQuantity()),
                Quantities.normalize(f.quantityToWrite()),
                Quantities.normalize(f.difference()),
                psa == null ? null : Quantities.normalize(psa.unitPrice()),
                psa == null ? null : Quantities.normalize(psa.unitCost()),
                Quantities.normalize(f.revenueChange()),
                Quantities.normalize(f.profitChange()),
                f.status().wire());
    }

    Object[] values() {
        return new Object[] {
            integrationId,
            vendorAccountId,
            vendorAccountRef,
            vendorAccountName,
            vendorServiceId,
            vendorServiceRef,
            vendorServiceName,
            seriesCount,
            psaCompanyId,
            companyName,
            psaProductId,
            serviceName,
            contractLineId,
            contractLineCount,
            targetLineQuantity,
            otherLinesQuantity,
            vendorQuantity,
            psaQuantity,
            quantityToWrite,
            difference,
            unitPrice,
            unitCost,
            revenueChange,
            profitChange,
            computedStatus
        };
    }

    PsaSide psaSide() {
        if (psaProductId == null) {
            return null;
        }
        return new PsaSide(
                contractLineId, contractLineCount, targetLineQuantity, otherLinesQuantity, unitPrice, unitCost);
    }

    LineStatus status() {
        return LineStatus.fromWire(computedStatus);
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
