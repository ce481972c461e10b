package com.trueup.writeback;

import com.trueup.psa.PsaConnectionInfo;
import com.trueup.psa.PsaSnapshot;
import com.trueup.shared.CurrentUser;
import com.trueup.shared.TenantCalendar;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

/** The printable change sheet (template {@code writeback/sheet}), for the page and for the API's HTML export. */
@Component
class ChangeSheetPages {

    static final String TEMPLATE = "writeback/sheet";

    private final ChangeSheet sheets;
    private final PsaSnapshot snapshot;
    private final TenantCalendar calendar;
    private final ITemplateEngine templates;
    private final Clock clock;

    ChangeSheetPages(
            ChangeSheet sheets, PsaSnapshot snapshot, TenantCalendar calendar, ITemplateEngine templates, Clock clock) {
        this.sheets = sheets;
        this.snapshot = snapshot;
        this.calendar = calendar;
        this.templates = templates;
        this.clock = clock;
    }

    /** What the template shows: the sheet, which connection it covers, when it was made (in the tenant's zone). */
    Map<String, Object> model(UUID tenantId, UUID connectionId) {
        Instant now = clock.instant();
        ZoneId zone = calendar.zone(tenantId);
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("sheet", sheets.of(tenantId, connectionId, now));
        model.put(
                "connectionName",
                connectionId == null
                        ? "All PSA connections"
                        : snapshot.connection(tenantId, connectionId)
                                .map(PsaConnectionInfo::name)
                                .orElse("PSA connection"));
        model.put("connectionId", connectionId);
        model.put("zone", zone);
        model.put("madeAt", now.atZone(zone));
        return model;
    }

    /** The page rendered to a string (the API answers with it). */
    String printable(CurrentUser user, UUID connectionId, HttpServletRequest request, HttpServletResponse response) {
        var exchange = JakartaServletWebApplication.buildApplication(request.getServletContext())
                .buildExchange(request, response);
        return templates.process(
                TEMPLATE, new WebContext(exchange, Locale.ENGLISH, model(user.tenantId(), connectionId)));
    }

    /** "change-sheet-2026-12-02.csv", the day in the tenant's zone. */
    String fileName(UUID tenantId, String extension) {
        return "change-sheet-" + calendar.today(tenantId) + "." + extension;
    }
}
