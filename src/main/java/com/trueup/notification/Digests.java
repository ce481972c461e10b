package com.trueup.notification;

import com.trueup.audit.AuditLog;
import com.trueup.reconciliation.ReconciliationSummaries;
import com.trueup.reconciliation.ReconciliationSummaries.ClientSummary;
import com.trueup.reconciliation.ReconciliationSummaries.PeriodSummary;
import com.trueup.shared.Display;
import com.trueup.shared.TenantCalendar;
import com.trueup.tenant.Organisation;
import com.trueup.tenant.Organisations;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Composes a digest of the days {@code [from, to]}: the Reconcile page's own figures for the current month to date
 * (revenue leak still open = unbilled revenue, revenue at risk, lines waiting) and for the month before if lines of it
 * still wait; the changes approved by rules and by people and the write-backs that failed in those days (from the audit
 * log); the five clients whose waiting lines differ most. A month without any usage says so instead of looking clean.
 */
@Component
class Digests {

    static final int TOP_CLIENTS = 5;

    private final ReconciliationSummaries summaries;
    private final AuditLog audit;
    private final Organisations organisations;
    private final TenantCalendar calendar;
    private final Clock clock;

    Digests(
            ReconciliationSummaries summaries,
            AuditLog audit,
            Organisations organisations,
            TenantCalendar calendar,
            Clock clock) {
        this.summaries = summaries;
        this.audit = audit;
        this.organisations = organisations;
        this.calendar = calendar;
        this.clock = clock;
    }

    Notice compose(UUID tenantId, NoticeType type, LocalDate from, LocalDate to) {
        Organisation org = organisations.get(tenantId);
        String currency = org.currency();
        YearMonth month = calendar.currentMonth(tenantId);
        PeriodSummary current = summaries.summary(tenantId, month, TOP_CLIENTS);
        PeriodSummary previous = summaries.summary(tenantId, month.minusMonths(1), 0);
        long byRules = count(tenantId, org, "reconciliation.approved", "rule: ", from, to);
        long approvals = count(tenantId, org, "reconciliation.approved", null, from, to)
                + count(tenantId, org, "reconciliation.adjusted", null, from, to);
        long failed = count(tenantId, org, "writeback.failed", null, from, to);
        long conflicts = count(tenantId, org, "writeback.conflict", null, from, to);

        String monthLabel = Display.month(month) + " to date";
        List<Notice.Fact> facts = new ArrayList<>();
        facts.add(new Notice.Fact(
                "Revenue leak still open (" + monthLabel + ")", Display.money(current.unbilledRevenue(), currency)));
        facts.add(new Notice.Fact(
                "Revenue at risk (" + monthLabel + ")", Display.money(current.revenueAtRisk(), currency)));
        facts.add(new Notice.Fact("Lines waiting for a decision", Long.toString(current.waiting())));
        if (previous.waiting() > 0) {
            facts.add(new Notice.Fact(
                    "Still waiting in " + Display.month(previous.period()),
                    previous.waiting() + " lines, " + Display.money(previous.unbilledRevenue(), currency)
                            + " unbilled"));
        }
        facts.add(new Notice.Fact("Changes approved by rules", Long.toString(byRules)));
        facts.add(new Notice.Fact("Changes approved by people", Long.toString(approvals - byRules)));
        facts.add(new Notice.Fact(
                "Write-backs failed",
                Long.toString(failed + conflicts) + (conflicts > 0 ? " (" + conflicts + " of them conflicts)" : "")));
        List<String> lines = new ArrayList<>();
        List<Map<String, Object>> clients = new ArrayList<>();
        for (ClientSummary c : current.topClients()) {
            lines.add(c.companyName() + ": " + Display.money(c.unbilledRevenue(), currency) + " unbilled, "
                    + Display.money(c.revenueAtRisk(), currency) + " at risk, " + c.waiting()
                    + (c.waiting() == 1 ? " line" : " lines")
                    + " waiting");
            Map<String, Object> client = new LinkedHashMap<>();
            client.put("psaCompanyId", c.psaCompanyId());
            client.put("companyName", c.companyName());
            client.put("unbilledRevenue", c.unbilledRevenue());
            client.put("revenueAtRisk", c.revenueAtRisk());
            client.put("waiting", c.waiting());
            clients.add(client);
        }
        String window = from.equals(to) ? Display.day(from) : Display.day(from) + " – " + Display.day(to);
        String summary = current.linesWithUsage() == 0
                ? "No usage was read for " + monthLabel + ": nothing below means \"all clean\"; check that the vendor "
                        + "integrations are connected and sending counts."
                : current.waiting() + (current.waiting() == 1 ? " line waits" : " lines wait") + " for a decision in "
                        + Display.month(month)
                        + (current.topClients().isEmpty() ? "." : "; the clients that differ most:");
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("from", from.toString());
        data.put("to", to.toString());
        data.put("period", month.toString());
        data.put("currency", currency);
        data.put("unbilledRevenue", current.unbilledRevenue());
        data.put("revenueAtRisk", current.revenueAtRisk());
        data.put("waiting", current.waiting());
        data.put("linesWithUsage", current.linesWithUsage());
        data.put("previousPeriodWaiting", previous.waiting());
        data.put("approvedByRules", byRules);
        data.put("approvedByPeople", approvals - byRules);
        data.put("writeBacksFailed", failed);
        data.put("writeBacksConflicts", conflicts);
        data.put("topClients", clients);
        return new Notice(
                type.wire(),
                (type == NoticeType.DIGEST_WEEKLY ? "Weekly digest, " : "Daily digest, ") + window + " · " + org.name(),
                summary,
                facts,
                lines,
                "/reconcile",
                data,
                clock.instant());
    }

    private long count(UUID tenantId, Organisation org, String kind, String actor, LocalDate from, LocalDate to) {
        return audit.search(tenantId, new AuditLog.AuditFilter(actor, kind, from, to), org.timeZone(), 0, 1)
                .total();
    }
}
