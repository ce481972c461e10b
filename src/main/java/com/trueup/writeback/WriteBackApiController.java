package com.trueup.writeback;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.trueup.shared.CurrentUser;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.PageResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/write-backs")
@Tag(name = "Write-backs", description = "Approved quantity changes and their delivery to the PSA")
class WriteBackApiController {

    private final Outbox outbox;

    WriteBackApiController(Outbox outbox) {
        this.outbox = outbox;
    }

    @GetMapping
    @Operation(summary = "Write-backs of the organisation, newest first",
            description = "status filters by one or more comma-separated statuses: queued, writing, written, failed, "
                    + "conflict. lastError says why a write-back failed or stopped with a conflict.")
    PageResult<Item> list(@AuthenticationPrincipal CurrentUser user,
            @Parameter(description = "queued, writing, written, failed or conflict (comma-separated for several)")
            @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return outbox.list(user.tenantId(), statuses(status), PageResult.checkedPage(page),
                PageResult.checkedSize(size, 50, 500)).map(Item::of);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One write-back with the log of its delivery attempts")
    Details get(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        return new Details(Item.of(outbox.get(user.tenantId(), id)), outbox.history(user.tenantId(), id));
    }

    @PostMapping("/{id}/retry")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PreAuthorize("hasRole('APPROVER')")
    @Operation(summary = "Re-queue a failed write-back (approvers)",
            description = "Only failed write-backs are retried, with a fresh attempt budget. A conflict answers 409: the "
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
                throw new InvalidInputException("status", "'" + value.trim() + "' is not a status; use one of "
                        + String.join(", ", Arrays.stream(WriteBackStatus.values()).map(WriteBackStatus::wire).toList()));
            }
        }
        return result;
    }

    /** A write-back on the API. {@code lineId} is the reconciliation line; {@code psaLineId} null means new revenue. */
    record Item(UUID id, UUID lineId, String status, BigDecimal quantity, BigDecimal exactQuantity,
                BigDecimal expectedPsaQuantity, LocalDate effectiveDate, int attempts, String lastError, String psaReference,
                BigDecimal psaQuantity, String psaResponse, UUID connectionId, UUID psaLineId, UUID psaCompanyId,
                UUID psaProductId, boolean newRevenue, Instant nextAttemptAt, String createdBy, Instant createdAt,
                Instant updatedAt, Instant finishedAt) {

        static Item of(WriteBack w) {
            return new Item(w.id(), w.lineId(), w.status().wire(), w.quantity(), w.exactQuantity(),
                    w.expectedPsaQuantity(), w.effectiveDate(), w.attempts(), w.lastError(), w.psaReference(),
                    w.psaQuantity(), w.psaResponse(), w.connectionId(), w.psaLineId(), w.psaCompanyId(), w.psaProductId(),
                    w.isNewRevenue(), w.nextAttemptAt(), w.createdBy(), w.createdAt(), w.updatedAt(), w.finishedAt());
        }
    }

    /** A write-back and its delivery attempts (outcome written, failed, conflict or retry). */
    record Details(@JsonUnwrapped Item writeBack, List<DeliveryAttempt> history) {
    }
}
