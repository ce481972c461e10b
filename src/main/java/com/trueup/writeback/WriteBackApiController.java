package com.trueup.writeback;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.trueup.psa.PsaSnapshot;
import com.trueup.shared.CurrentUser;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.NotFoundException;
import com.trueup.shared.PageResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/write-backs")
@Tag(
        name = "Write-backs",
        description = "Approved quantity changes, their delivery to the PSA, and the change sheet of "
                + "those a person applies by hand")
class WriteBackApiController {

    private final Outbox outbox;
    private final ChangeSheet sheets;
    private final ChangeSheetPages pages;
    private final PsaSnapshot snapshot;
    private final Clock clock;

    WriteBackApiController(
            Outbox outbox, ChangeSheet sheets, ChangeSheetPages pages, PsaSnapshot snapshot, Clock clock) {
        this.outbox = outbox;
        this.sheets = sheets;
        this.pages = pages;
        this.snapshot = snapshot;
        this.clock = clock;
    }

    @GetMapping
    @Operation(
            summary = "Write-backs of the organisation, newest first",
            description = "status filters by one or more comma-separated statuses: queued, writing, written, failed, "
                    + "conflict, to_apply, applied, confirmed. lastError says why a write-back failed or stopped with a "
                    + "conflict; manualReason why it is applied by hand; flag that a PSA snapshot taken after it was "
                    + "applied by hand still shows another quantity.")
    PageResult<Item> list(
            @AuthenticationPrincipal CurrentUser user,
            @Parameter(
                            description = "queued, writing, written, failed, conflict, to_apply, applied or confirmed "
                                    + "(comma-separated for several)")
                    @RequestParam(required = false)
                    String status,
            @Parameter(description = "only the write-backs of this PSA connection") @RequestParam(required = false)
                    UUID connectionId,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return outbox.list(
                        user.tenantId(),
                        statuses(status),
                        checkedConnection(user, connectionId),
                        PageResult.checkedPage(page),
                        PageResult.checkedSize(size, 50, 500))
                .map(Item::of);
    }

    @GetMapping("/change-sheet")
    @Operation(
            summary = "The change sheet: write-backs to apply by hand, grouped by company and contract",
            description =
                    "Every write-back in status to_apply (of one PSA connection with connectionId), with company, "
                            + "contract, product code and name, current and new quantity, difference and effective date (for a "
                            + "PSA that takes no effective date: when the change applies there).")
    ChangeSheet.Sheet sheet(
            @AuthenticationPrincipal CurrentUser user, @RequestParam(required = false) UUID connectionId) {
        return sheets.of(user.tenantId(), checkedConnection(user, connectionId), clock.instant());
    }

    @GetMapping(value = "/change-sheet.csv", produces = "text/csv")
    @Operation(
            summary = "The change sheet as CSV",
            description = "Columns company, contract, product_code, product_name, current_quantity, new_quantity, "
                    + "difference, effective_date, write_back_id; grouped by company and contract. Text that a "
                    + "spreadsheet would read as a formula (=, +, -, @) starts with an apostrophe.")
    void sheetCsv(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(required = false) UUID connectionId,
            HttpServletResponse response)
            throws IOException {
        String csv =
                ChangeSheet.csv(sheets.of(user.tenantId(), checkedConnection(user, connectionId), clock.instant()));
        response.setContentType("text/csv; charset=UTF-8");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setHeader(
                "Content-Disposition", "attachment; filename=\"" + pages.fileName(user.tenantId(), "csv") + "\"");
        response.getWriter().write(csv);
    }

    @GetMapping(value = "/change-sheet.html", produces = "text/html")
    @Operation(summary = "The change sheet as a printable page (HTML)")
    void sheetHtml(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(required = false) UUID connectionId,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        UUID connection = checkedConnection(user, connectionId);
        String html = pages.printable(user, connection, request, response);
        response.setContentType("text/html; charset=UTF-8");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write(html);
    }

    @PostMapping("/{id}/applied")
    @PreAuthorize("hasRole('APPROVER')")
    @Operation(
            summary = "Mark a write-back applied by hand (approvers)",
            description =
                    "Only write-backs to apply by hand (to_apply) can be marked; they become applied, with who and "
                            + "when in the audit log. The next PSA snapshot that shows the new quantity confirms them.")
    Item applied(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        return Item.of(outbox.markApplied(user.tenantId(), id, user.email()));
    }

    @PostMapping("/applied")
    @PreAuthorize("hasRole('APPROVER')")
    @Operation(
            summary = "Mark several write-backs, or the whole change sheet, applied by hand (approvers)",
            description =
                    "Either writeBackIds (at most 1000; ones that are not to apply are listed under skipped with the "
                            + "reason), or wholeSheet: true for every write-back to apply (of connectionId when given), approved "
                            + "up to through when given (the sheet's asOf: a change approved after the sheet was printed stays "
                            + "on the sheet).")
    Outbox.Applied appliedMany(
            @AuthenticationPrincipal CurrentUser user, @RequestBody(required = false) AppliedBody body) {
        AppliedBody b = body == null ? new AppliedBody(null, null, null, null) : body;
        boolean whole = Boolean.TRUE.equals(b.wholeSheet());
        if (whole && b.writeBackIds() != null) {
            throw new InvalidInputException("writeBackIds", "give either writeBackIds or wholeSheet: true, not both");
        }
        if (!whole && b.writeBackIds() == null) {
            throw new InvalidInputException(
                    "writeBackIds", "writeBackIds is required (or wholeSheet: true for the whole " + "change sheet)");
        }
        if (!whole && (b.connectionId() != null || b.through() != null)) {
            throw new InvalidInputException(
                    b.connectionId() != null ? "connectionId" : "through",
                    "connectionId and through go with wholeSheet: true only");
        }
        return outbox.markAllApplied(
                user.tenantId(),
                whole ? null : b.writeBackIds(),
                checkedConnection(user, b.connectionId()),
                b.through(),
                user.email());
    }

    /** {@code writeBackIds}, or {@code wholeSheet} with an optional connection and approval time limit. */
    record AppliedBody(List<UUID> writeBackIds, Boolean wholeSheet, UUID connectionId, Instant through) {}

    /** The connection of a filter: null for all, else it must be one of the caller's organisation (404 otherwise). */
    private UUID checkedConnection(CurrentUser user, UUID connectionId) {
        if (connectionId != null
                && snapshot.connection(user.tenantId(), connectionId).isEmpty()) {
            throw new NotFoundException("No PSA connection " + connectionId);
        }
        return connectionId;
    }

    @GetMapping("/{id}")
    @Operation(summary = "One write-back with the log of its delivery attempts")
    Details get(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        return new Details(Item.of(outbox.get(user.tenantId(), id)), outbox.history(user.tenantId(), id));
    }

    @PostMapping("/{id}/retry")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PreAuthorize("hasRole('APPROVER')")
    @Operation(
            summary = "Re-queue a failed write-back (approvers)",
            description =
                    "Only failed write-backs are retried, with a fresh attempt budget. A conflict answers 409: the "
                            + "PSA line changed after the approval, so the line must be approved again after a PSA sync.")
    Item retry(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        return Item.of(outbox.retry(user.tenantId(), id, user.email()));
    }

    static Set<WriteBackStatus> statuses(String status) {
        if (status == null || status.isBlank()) {
            return Set.of();
        }
        Set<WriteBackStatus> result = EnumSet.noneOf(WriteBackStatus.class);
        for (String value : status.split(",")) {
            if (value.isBlank()) {
                continue;
            }
            try {
                result.add(WriteBackStatus.fromWire(value));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException(
                        "status",
                        "'" + value.trim() + "' is not a status; use one of "
                                + String.join(
                                        ", ",
                                        Arrays.stream(WriteBackStatus.values())
                                                .map(WriteBackStatus::wire)
                                                .toList()));
            }
        }
        return result;
    }

    /**
     * A write-back on the API. {@code lineId} is the reconciliation line; {@code psaLineId} null means new revenue.
     * {@code manualReason}: why it is applied by hand; {@code appliedBy}/{@code appliedAt}: who marked it applied;
     * {@code flag}/{@code flaggedAt}: a snapshot after that still showed another quantity.
     */
    record Item(
            UUID id,
            UUID lineId,
            String status,
            BigDecimal quantity,
            BigDecimal exactQuantity,
            BigDecimal expectedPsaQuantity,
            LocalDate effectiveDate,
            int attempts,
            String lastError,
            String psaReference,
            BigDecimal psaQuantity,
            String psaResponse,
            UUID connectionId,
            UUID psaLineId,
            UUID psaCompanyId,
            UUID psaProductId,
            boolean newRevenue,
            Instant nextAttemptAt,
            String createdBy,
            Instant createdAt,
            Instant updatedAt,
            Instant finishedAt,
            String manualReason,
            String appliedBy,
            Instant appliedAt,
            String flag,
            Instant flaggedAt) {

        static Item of(WriteBack w) {
            return new Item(
                    w.id(),
                    w.lineId(),
                    w.status().wire(),
                    w.quantity(),
                    w.exactQuantity(),
                    w.expectedPsaQuantity(),
                    w.effectiveDate(),
                    w.attempts(),
                    w.lastError(),
                    w.psaReference(),
                    w.psaQuantity(),
                    w.psaResponse(),
                    w.connectionId(),
                    w.psaLineId(),
                    w.psaCompanyId(),
                    w.psaProductId(),
                    w.isNewRevenue(),
                    w.nextAttemptAt(),
                    w.createdBy(),
                    w.createdAt(),
                    w.updatedAt(),
                    w.finishedAt(),
                    w.manualReason(),
                    w.appliedBy(),
                    w.appliedAt(),
                    w.flag(),
                    w.flaggedAt());
        }
    }

    /** A write-back and its delivery attempts (outcome written, failed, conflict or retry). */
    record Details(@JsonUnwrapped Item writeBack, List<DeliveryAttempt> history) {}
}
