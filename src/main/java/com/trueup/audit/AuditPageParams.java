package com.trueup.audit;

import jakarta.validation.constraints.PositiveOrZero;
import java.time.LocalDate;
import org.springframework.format.annotation.DateTimeFormat;

/** The audit log page's query string, bound by Spring MVC: who, what kind, which days (YYYY-MM-DD) and the page. */
record AuditPageParams(
        String actor,
        String kind,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
        @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
        @PositiveOrZero Integer page) {

    AuditLog.AuditFilter filter() {
        return new AuditLog.AuditFilter(actor, kind, from, to);
    }

    int pageNumber() {
        return page == null ? 0 : page;
    }
}
