package com.trueup.reconciliation;

import com.trueup.shared.CsvCells;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

/** CSV (RFC 4180, comma, CRLF) of reconciliation lines; cells that a spreadsheet would run as a formula are defused. */
final class ReconciliationCsv {

    static final String HEADER = String.join(
                    ",",
                    List.of(
                            "period",
                            "status",
                            "company",
                            "service",
                            "vendor_account",
                            "vendor_service",
                            "vendor_quantity",
                            "psa_quantity",
                            "quantity_to_write",
                            "difference",
                            "unit_price",
                            "revenue_change",
                            "unit_cost",
                            "profit_change",
                            "contract_lines",
                            "effective_date",
                            "write_back",
                            "note",
                            "line_id"))
            + "\r\n";

    private ReconciliationCsv() {}

    static String row(ReconciliationListing.LineView view) {
        StoredLine l = view.line();
        LineRow r = l.row();
        String writeBack = view.writeBack() == null
                ? ""
                : view.writeBack().status()
                        + (view.writeBack().lastError() == null
                                ? ""
                                : ": " + view.writeBack().lastError());
        return List.of(
                                l.period(),
                                l.status().wire(),
                                text(r.companyName()),
                                text(r.serviceName()),
                                text(r.vendorAccountRef()),
                                text(r.vendorServiceName()),
                                num(r.vendorQuantity()),
                                num(r.psaQuantity()),
                                num(r.quantityToWrite()),
                                num(r.difference()),
                                num(r.unitPrice()),
                                num(r.revenueChange()),
                                num(r.unitCost()),
                                num(r.profitChange()),
                                String.valueOf(r.contractLineCount()),
                                l.effectiveDate() == null
                                        ? ""
                                        : l.effectiveDate().toString(),
                                text(writeBack),
                                text(l.note()),
                                l.id().toString())
                        .stream()
                        .map(ReconciliationCsv::cell)
                        .collect(Collectors.joining(","))
                + "\r\n";
    }

    private static String text(String s) {
        return CsvCells.text(s);
    }

    private static String num(BigDecimal value) {
        return CsvCells.number(value);
    }

    static String cell(String value) {
        return CsvCells.cell(value);
    }
}
