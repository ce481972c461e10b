package com.trueup.reconciliation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.trueup.shared.BillingPeriod;
import com.trueup.shared.CurrentUser;
import com.trueup.shared.PageResult;
import com.trueup.writeback.WriteBackView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The reconciliation on {@code /api/v1}: list with filters and totals, approve / adjust / dismiss, notes, bulk, CSV. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Reconciliation")
class ReconciliationApiController {

    private final ReconciliationListing lines;
    private final LineActions actions;
    private final Reconciliations reconciliations;

    ReconciliationApiController(ReconciliationListing lines, LineActions actions, Reconciliations reconciliations) {
        this.lines = lines;
        this.actions = actions;
        this.reconciliations = reconciliations;
    }

    /** One line on the API (vendor ids are the vendor's own: account id and the Vendor API {@code _id} of the service). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record LineItem(
            UUID id,
            String period,
            UUID integrationId,
            String vendorAccountId,
            UUID psaCompanyId,
            String companyName,
            String vendorServiceId,
            UUID psaProductId,
            String serviceName,
            UUID contractLineId,
            BigDecimal vendorQuantity,
            BigDecimal psaQuantity,
            BigDecimal quantityToWrite,
            BigDecimal difference,
            BigDecimal unitPrice,
            BigDecimal revenueChange,
            BigDecimal unitCost,
            BigDecimal profitChange,
            String status,
            WriteBackItem writeBack) {

        static LineItem of(ReconciliationListing.LineView view) {
            StoredLine l = view.line();
            LineRow r = l.row();
            return new LineItem(
                    l.id(),
                    l.period(),
                    r.integrationId(),
                    r.vendorAccountRef(),
                    r.psaCompanyId(),
                    r.companyName(),
                    r.vendorServiceRef(),
                    r.psaProductId(),
                    r.serviceName(),
                    r.contractLineId(),
                    r.vendorQuantity(),
                    r.psaQuantity(),
                    r.quantityToWrite(),
                    r.difference(),
                    r.unitPrice(),
                    r.revenueChange(),
                    r.unitCost(),
                    r.profitChange(),
                    l.status().wire(),
                    WriteBackItem.of(view.writeBack()));
        }
    }

    /** The line's latest write-back; {@code manualReason} and {@code flag} as on {@code /api/v1/write-backs}. */
    record WriteBackItem(
            UUID id,
            String status,
            BigDecimal quantity,
            LocalDate effectiveDate,
            int attempts,
            String lastError,
            String psaReference,
            String manualReason,
            String flag) {

        static WriteBackItem of(WriteBackView w) {
            return w == null
                    ? null
                    : new WriteBackItem(
                            w.id(),
                            w.status(),
                            w.quantity(),
                            w.effectiveDate(),
                            w.attempts(),
                            w.lastError(),
                            w.psaReference(),
                            w.manualReason(),
                            w.flag());
        }
    }

    record PageInfo(int number, int size, long totalItems, int totalPages) {}

    record PeriodInfo(String period, LocalDate start, LocalDate endExclusive, boolean monthToDate, long days) {}

    record Listing(List<LineItem> items, ReconciliationStore.Totals totals, PageInfo page, PeriodInfo period) {}

    record ApproveBody(BigDecimal quantity, LocalDate effectiveDate) {}

    record NoteBody(String text) {}

    record BulkBody(String action, List<UUID> lineIds, LocalDate effectiveDate) {}

    record HistoryItem(
            Instant at, String actor, String action, BigDecimal quantity, LocalDate effectiveDate, String detail) {}

    @GetMapping("/reconciliation")
    @Operation(
            summary = "Reconciliation lines of a billing period, filtered, sorted and paged, with totals",
            description =
                    "period YYYY-MM (default: the current month, to date); status one or more of new-revenue, reconcile, "
                            + "no-change, unmapped, approved, dismissed (comma-separated); serviceId is the Vendor API _id of a vendor "
                            + "service; sort e.g. revenueChange,desc; page is 0-based.")
    Listing list(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(required = false) String period,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) UUID integrationId,
            @RequestParam(required = false) UUID companyId,
            @RequestParam(required = false) String serviceId,
            @RequestParam(required = false) UUID productId,
            @Parameter(description = "company name contains") @RequestParam(required = false) String client,
            @RequestParam(required = false) String sort,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        LineQuery query = LineQuery.parse(
                period,
                lines.currentMonth(user.tenantId()),
                status,
                integrationId,
                companyId,
                serviceId,
                productId,
                client,
                sort,
                null);
        int p = PageResult.checkedPage(page);
        int s = PageResult.checkedSize(size, 50, 500);
        var listing = lines.list(user.tenantId(), query, p, s);
        var pr = listing.page();
        BillingPeriod bp = listing.period();
        return new Listing(
                pr.items().stream().map(LineItem::of).toList(),
                listing.totals(),
                new PageInfo(pr.page(), pr.size(), pr.total(), pr.totalPages()),
                new PeriodInfo(bp.key(), bp.start(), bp.end(), bp.monthToDate(), bp.days()));
    }

    @GetMapping("/reconciliation/lines/{id}")
    @Operation(summary = "One reconciliation line")
    LineItem line(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        return LineItem.of(lines.get(user.tenantId(), id));
    }

    @GetMapping("/reconciliation/lines/{id}/history")
    @Operation(summary = "What happened to a line: approvals, adjustments, dismissals, notes, reopenings")
    Map<String, List<HistoryItem>> history(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        return Map.of(
                "items",
                lines.history(user.tenantId(), id).stream()
                        .map(e -> new HistoryItem(
                                e.at(), e.actor(), e.action(), e.quantity(), e.effectiveDate(), e.detail()))
                        .toList());
    }

    @PostMapping("/reconciliation/lines/{id}/approve")
    @PreAuthorize("hasRole('APPROVER')")
    @Operation(
            summary = "Approve (write the vendor quantity) or adjust (quantity: another total; effectiveDate)",
            description =
                    "202: the write-back is queued, or, where the PSA's connector cannot write the change, put on "
                            + "the change sheet (status to_apply). 409 for unmapped lines, lines with nothing to write, or while a "
                            + "write-back of the line is still queued, writing, to apply by hand or applied and not yet confirmed.")
    ResponseEntity<LineActions.Approval> approve(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestBody(required = false) ApproveBody body) {
        ApproveBody b = body == null ? new ApproveBody(null, null) : body;
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(actions.approve(user, id, b.quantity(), b.effectiveDate()));
    }

    @PostMapping("/reconciliation/lines/{id}/dismiss")
    @PreAuthorize("hasRole('APPROVER')")
    @Operation(summary = "Dismiss the line for its period (it comes back next period)")
    LineItem dismiss(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        actions.dismiss(user, id);
        return LineItem.of(lines.get(user.tenantId(), id));
    }

    @PostMapping("/reconciliation/lines/{id}/notes")
    @PreAuthorize("hasRole('APPROVER')")
    @Operation(summary = "Add a note to the line (kept in its history; the latest is exported)")
    LineItem note(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestBody(required = false) NoteBody body) {
        actions.note(user, id, body == null ? null : body.text());
        return LineItem.of(lines.get(user.tenantId(), id));
    }

    @PostMapping("/reconciliation/bulk")
    @PreAuthorize("hasRole('APPROVER')")
    @Operation(
            summary = "Bulk approve, dismiss or set the effective date of lines (at most 1000)",
            description =
                    "Lines that cannot be acted on are listed under skipped with the reason; the others are done.")
    ResponseEntity<LineActions.BulkResult> bulk(
            @AuthenticationPrincipal CurrentUser user, @RequestBody(required = false) BulkBody body) {
        BulkBody b = body == null ? new BulkBody(null, null, null) : body;
        var result = actions.bulk(user, b.action(), b.lineIds(), b.effectiveDate());
        return ResponseEntity.status("approve".equals(result.action()) ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .body(result);
    }

    @GetMapping(value = "/reconciliation/export.csv", produces = "text/csv")
    @Operation(summary = "CSV of the filtered view (all pages), with notes and write-back status")
    void export(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(required = false) String period,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) UUID integrationId,
            @RequestParam(required = false) UUID companyId,
            @RequestParam(required = false) String serviceId,
            @RequestParam(required = false) UUID productId,
            @RequestParam(required = false) String client,
            @RequestParam(required = false) String sort,
            HttpServletResponse response)
            throws IOException {
        LineQuery query = LineQuery.parse(
                period,
                lines.currentMonth(user.tenantId()),
                status,
                integrationId,
                companyId,
                serviceId,
                productId,
                client,
                sort,
                null);
        writeCsv(lines, user.tenantId(), query, response);
    }

    static void writeCsv(ReconciliationListing lines, UUID tenantId, LineQuery query, HttpServletResponse response)
            throws IOException {
        lines.period(tenantId, query.period()); // validates before the response starts
        response.setContentType("text/csv; charset=UTF-8");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader("Content-Disposition", "attachment; filename=\"reconciliation-" + query.period() + ".csv\"");
        Writer out = response.getWriter();
        out.write(ReconciliationCsv.HEADER);
        lines.forEach(tenantId, query, view -> {
            try {
                out.write(ReconciliationCsv.row(view));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        out.flush();
    }

    @GetMapping("/sync-status")
    @Operation(
            summary = "Whether a PSA sync or a reconciliation rebuild is queued or running, and when one last finished")
    Reconciliations.SyncStatus syncStatus(@AuthenticationPrincipal CurrentUser user) {
        return reconciliations.syncStatus(user.tenantId());
    }
}
