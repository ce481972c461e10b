package com.trueup.audit;

import com.trueup.shared.CurrentUser;
import com.trueup.shared.PageResult;
import com.trueup.shared.TenantCalendar;
import java.time.LocalDate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

@Controller
class AuditPageController {

    private final AuditLog auditLog;
    private final TenantCalendar calendar;

    AuditPageController(AuditLog auditLog, TenantCalendar calendar) {
        this.auditLog = auditLog;
        this.calendar = calendar;
    }

    @GetMapping("/audit")
    String audit(@AuthenticationPrincipal CurrentUser user,
            @RequestParam(required = false) String actor,
            @RequestParam(required = false) String kind,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(defaultValue = "0") int page,
            Model model) {
        var zone = calendar.zone(user.tenantId());
        var filter = new AuditLog.AuditFilter(actor, kind, from, to);
        model.addAttribute("filter", filter);
        model.addAttribute("zone", zone);
        model.addAttribute("events", auditLog.search(user.tenantId(), filter, zone, Math.max(page, 0), 50));
        return "audit/list";
    }
}
