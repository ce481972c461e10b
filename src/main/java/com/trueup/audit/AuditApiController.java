package com.trueup.audit;

import com.trueup.shared.CurrentUser;
import com.trueup.shared.PageResult;
import com.trueup.shared.TenantCalendar;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/audit-events")
@Tag(name = "Audit log")
class AuditApiController {

    private final AuditLog auditLog;
    private final TenantCalendar calendar;

    AuditApiController(AuditLog auditLog, TenantCalendar calendar) {
        this.auditLog = auditLog;
        this.calendar = calendar;
    }

    @GetMapping
    @Operation(
            summary = "Audit events of the organisation, newest first",
            description = "kind matches as a prefix; from and to are days (inclusive) in the organisation's time zone")
    PageResult<AuditLog.AuditEntry> list(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String kind,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return auditLog.search(
                user.tenantId(),
                new AuditLog.AuditFilter(actor, kind, from, to),
                calendar.zone(user.tenantId()),
                PageResult.checkedPage(page),
                PageResult.checkedSize(size, 50, 500));
    }
}
