package com.trueup.audit;

import com.trueup.shared.CurrentUser;
import com.trueup.shared.TenantCalendar;
import jakarta.validation.Valid;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class AuditPageController {

    private final AuditLog auditLog;
    private final TenantCalendar calendar;

    AuditPageController(AuditLog auditLog, TenantCalendar calendar) {
        this.auditLog = auditLog;
        this.calendar = calendar;
    }

    @GetMapping("/audit")
    String audit(@AuthenticationPrincipal CurrentUser user, @Valid AuditPageParams params, Model model) {
        var zone = calendar.zone(user.tenantId());
        var filter = params.filter();
        model.addAttribute("filter", filter);
        model.addAttribute("zone", zone);
        model.addAttribute("events", auditLog.search(user.tenantId(), filter, zone, params.pageNumber(), 50));
        return "audit/list";
    }
}
