package com.trueup.writeback;

import com.trueup.psa.PsaCompany;
import com.trueup.psa.PsaConnectionInfo;
import com.trueup.psa.PsaContractLine;
import com.trueup.psa.PsaProduct;
import com.trueup.psa.PsaSnapshot;
import com.trueup.shared.CsvCells;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The change sheet: the write-backs to apply by hand, with what a person needs to find each line in the PSA (company,
 * contract, product code and name) and what to do (current and new quantity, difference, from when), grouped by company
 * and contract. Exported as CSV ({@link #csv}) and as a printable page.
 */
@Component
class ChangeSheet {

    static final String CSV_HEADER = CsvCells.row(List.of(
            "company",
            "contract",
            "product_code",
            "product_name",
            "current_quantity",
            "new_quantity",
            "difference",
            "effective_date",
            "write_back_id"));
    /** The contract column of a line to add (new revenue): the PSA picks or the person chooses the contract. */
    static final String NEW_LINE = "New line: add to the client's recurring contract";
    /** Up to this many changes of a connection, their PSA lines are read one by one rather than the whole snapshot. */
    private static final int ONE_BY_ONE = 200;

    private final Outbox outbox;
    private final PsaSnapshot snapshot;

    ChangeSheet(Outbox outbox, PsaSnapshot snapshot) {
        this.outbox = outbox;
        this.snapshot = snapshot;
    }

    /** One change to make in the PSA. {@code effective}: the date, or when the PSA applies it if it takes no date. */
    record Line(
            UUID writeBackId,
            String company,
            String contract,
            String productCode,
            String productName,
            BigDecimal currentQuantity,
            BigDecimal newQuantity,
            BigDecimal difference,
            String effective,
            boolean newLine,
            String reason,
            Instant approvedAt,
            String approvedBy) {

        /** The quantities as the sheet prints them (public: for the template). */
        public String current() {
            return plain(currentQuantity);
        }

        public String target() {
            return plain(newQuantity);
        }

        public String change() {
            return difference == null ? "" : (difference.signum() > 0 ? "+" : "") + plain(difference);
        }

        public String shortId() {
            return writeBackId.toString().substring(0, 8);
        }
    }

    /** The lines of one company's contract (or of its new lines). */
    record Group(String company, String contract, List<Line> lines) {}

    /** The sheet of {@code connectionId} (null: every connection), as of {@code asOf}. */
    record Sheet(List<Group> groups, int lineCount, Instant asOf, Instant newestApproval) {}

    @Transactional(readOnly = true)
    Sheet of(UUID tenantId, UUID connectionId, Instant asOf) {
        List<WriteBack> toApply = outbox.toApply(tenantId, connectionId);
        Map<UUID, Names> names = new HashMap<>();
        List<Line> lines = new ArrayList<>();
        Instant newest = null;
        Map<UUID, Long> perConnection = toApply.stream()
                .collect(java.util.stream.Collectors.groupingBy(
                        WriteBack::connectionId, java.util.stream.Collectors.counting()));
        for (WriteBack w : toApply) {
            lines.add(names.computeIfAbsent(w.connectionId(), c -> new Names(tenantId, c, perConnection.get(c)))
                    .line(w));
            newest = newest == null || w.createdAt().isAfter(newest) ? w.createdAt() : newest;
        }
        lines.sort(Comparator.comparing((Line l) -> l.company().toLowerCase(java.util.Locale.ROOT))
                .thenComparing(Line::company)
                .thenComparing(Line::newLine)
                .thenComparing(l -> l.contract().toLowerCase(java.util.Locale.ROOT))
                .thenComparing(l -> l.productName().toLowerCase(java.util.Locale.ROOT))
                .thenComparing(Line::approvedAt)
                .thenComparing(Line::writeBackId));
        Map<String, Group> groups = new LinkedHashMap<>();
        for (Line l : lines) {
            groups.computeIfAbsent(
                            l.company() + "\u0000" + l.contract(),
                            k -> new Group(l.company(), l.contract(), new ArrayList<>()))
                    .lines()
                    .add(l);
        }
        return new Sheet(List.copyOf(groups.values()), lines.size(), asOf, newest);
    }

    /** The sheet as CSV: a header, then one record per line in the sheet's order (grouped by company and contract). */
    static String csv(Sheet sheet) {
        StringBuilder out = new StringBuilder(CSV_HEADER);
        for (Group g : sheet.groups()) {
            for (Line l : g.lines()) {
                out.append(CsvCells.row(List.of(
                        CsvCells.text(l.company()),
                        CsvCells.text(l.contract()),
                        CsvCells.text(l.productCode()),
                        CsvCells.text(l.productName()),
                        plain(l.currentQuantity()),
                        plain(l.newQuantity()),
                        plain(l.difference()),
                        CsvCells.text(l.effective()),
                        l.writeBackId().toString())));
            }
        }
        return out.toString();
    }

    static String plain(BigDecimal quantity) {
        return quantity == null ? "" : Delivery.plain(quantity);
    }

    /** Snapshot names of one connection, read once per sheet. */
    private final class Names {

        private final UUID tenantId;
        private final Map<UUID, String> companies = new HashMap<>();
        private final Map<UUID, PsaProduct> products = new HashMap<>();
        private final Map<UUID, PsaContractLine> lines = new HashMap<>();
        private final Optional<PsaConnectionInfo> connection;

        /** {@code lineCount}: how many write-backs of the connection are on the sheet (a long sheet reads all lines at once). */
        Names(UUID tenantId, UUID connectionId, long lineCount) {
            this.tenantId = tenantId;
            connection = snapshot.connection(tenantId, connectionId);
            for (PsaCompany c : snapshot.companies(tenantId, connectionId)) {
                companies.put(c.id(), c.name());
            }
            for (PsaProduct p : snapshot.products(tenantId, connectionId)) {
                products.put(p.id(), p);
            }
            if (lineCount > ONE_BY_ONE) {
                for (PsaContractLine l : snapshot.billableLines(tenantId, connectionId)) {
                    lines.put(l.id(), l);
                }
            }
        }

        Line line(WriteBack w) {
            PsaContractLine line = w.psaLineId() == null
                    ? null
                    : Optional.ofNullable(lines.get(w.psaLineId()))
                            .or(() -> snapshot.line(tenantId, w.psaLineId()))
                            .orElse(null);
            UUID companyId = w.psaCompanyId() != null ? w.psaCompanyId() : line == null ? null : line.companyId();
            UUID productId = w.psaProductId() != null ? w.psaProductId() : line == null ? null : line.productId();
            PsaProduct product = productId == null ? null : products.get(productId);
            String company = companyId == null
                    ? ""
                    : companies.getOrDefault(companyId, "Company no longer in the PSA " + "snapshot");
            String contract = w.isNewRevenue()
                    ? NEW_LINE
                    : line == null
                            ? "Line no longer in the PSA snapshot"
                            : line.contractName()
                                    + (line.externalContractId() == null ? "" : " (" + line.externalContractId() + ")");
            BigDecimal current = w.isNewRevenue() ? BigDecimal.ZERO : w.expectedPsaQuantity();
            BigDecimal difference = current == null ? null : w.quantity().subtract(current);
            return new Line(
                    w.id(),
                    company,
                    contract,
                    product == null || product.identifier() == null ? "" : product.identifier(),
                    product == null ? "Product no longer in the PSA snapshot" : product.name(),
                    current,
                    w.quantity(),
                    difference,
                    effective(w, line),
                    w.isNewRevenue(),
                    w.manualReason(),
                    w.createdAt(),
                    w.createdBy());
        }

        /** The date; for a PSA that takes no effective date, when the change applies there instead. */
        private String effective(WriteBack w, PsaContractLine line) {
            var writes = connection.map(PsaConnectionInfo::writes);
            if (writes.isEmpty()
                    || writes.get().honoursEffectiveDate()
                    || writes.get().effectiveDateNote() == null) {
                return w.effectiveDate().toString();
            }
            return "applies from " + writes.get().effectiveDateNote()
                    + (line == null || line.nextInvoiceDate() == null ? "" : " (" + line.nextInvoiceDate() + ")");
        }
    }
}
