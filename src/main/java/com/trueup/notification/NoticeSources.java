package com.trueup.notification;

import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.trueup.audit.AuditLog;
import com.trueup.integration.VendorDirectory;
import com.trueup.integration.VendorEvents;
import com.trueup.integration.VendorIntegration;
import com.trueup.mapping.AccountMapping;
import com.trueup.mapping.Mappings;
import com.trueup.mapping.ServiceMapping;
import com.trueup.reconciliation.ReconciledLine;
import com.trueup.reconciliation.ReconciliationEvents;
import com.trueup.reconciliation.ReconciliationSummaries;
import com.trueup.shared.Display;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.JobTime;
import com.trueup.writeback.WriteBackEvents;
import com.trueup.writeback.WriteBackView;
import com.trueup.writeback.WriteBacks;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns what happens elsewhere into notices, as it happens: a failed PSA sync (its audit entry), a write-back that
 * failed or hit a conflict, new vendor accounts or services still unmapped after the grace time (auto-mapping runs
 * first), a full rebuild that read no usage at all while the month before had some. Listeners run in the publisher's
 * transaction and only store and schedule; checks that must wait or read more run as jobs.
 */
@Component
class NoticeSources {

    private static final Logger log = LoggerFactory.getLogger(NoticeSources.class);
    private static final int MAX_NAMES = 20;

    private final Notices notices;
    private final NotificationStore store;
    private final SchedulerClient scheduler;
    private final NotificationSettings settings;
    private final VendorDirectory vendor;
    private final Mappings mappings;
    private final ReconciliationSummaries summaries;
    private final WriteBacks writeBacks;
    private final Clock clock;

    NoticeSources(
            Notices notices,
            NotificationStore store,
            SchedulerClient scheduler,
            NotificationSettings settings,
            VendorDirectory vendor,
            Mappings mappings,
            ReconciliationSummaries summaries,
            WriteBacks writeBacks,
            Clock clock) {
        this.notices = notices;
        this.store = store;
        this.scheduler = scheduler;
        this.settings = settings;
        this.vendor = vendor;
        this.mappings = mappings;
        this.summaries = summaries;
        this.writeBacks = writeBacks;
        this.clock = clock;
    }

    @EventListener
    void audited(AuditLog.Recorded entry) {
        if ("psa.sync.failed".equals(entry.kind())) {
            notices.publish(
                    entry.tenantId(),
                    notice(
                            NoticeType.PSA_SYNC_FAILED,
                            "PSA sync failed: " + entry.subject(),
                            entry.detail() + (entry.detail().endsWith(".") ? "" : ".")
                                    + " The previous snapshot stays in use until a sync succeeds.",
                            List.of(new Notice.Fact("Connection", entry.subject())),
                            List.of(),
                            "/psa",
                            Map.of("connection", entry.subject())));
        }
    }

    @EventListener
    void deliveryFinished(WriteBackEvents.DeliveryFinished event) {
        boolean conflict = "conflict".equals(event.status());
        if (!conflict && !"failed".equals(event.status())) {
            return;
        }
        WriteBackView view = writeBacks
                .latestForLines(event.tenantId(), List.of(event.lineId()))
                .get(event.lineId());
        ReconciledLine line = summaries.line(event.tenantId(), event.lineId()).orElse(null);
        String what = line == null ? "a reconciliation line" : line.companyName() + " · " + line.serviceName();
        List<Notice.Fact> facts = new ArrayList<>();
        facts.add(new Notice.Fact("Line", what));
        if (view != null && event.writeBackId().equals(view.id())) {
            facts.add(new Notice.Fact("Quantity", Display.quantity(view.quantity())));
            facts.add(new Notice.Fact("Effective", view.effectiveDate().toString()));
        }
        String error = view != null && event.writeBackId().equals(view.id()) && view.lastError() != null
                ? view.lastError()
                : null;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("writeBackId", event.writeBackId());
        data.put("lineId", event.lineId());
        data.put("status", event.status());
        notices.publish(
                event.tenantId(),
                notice(
                        conflict ? NoticeType.WRITEBACK_CONFLICT : NoticeType.WRITEBACK_FAILED,
                        (conflict ? "Write-back conflict: " : "Write-back failed: ") + what,
                        error != null ? error : "See the write-back for the reason.",
                        facts,
                        List.of(),
                        "/write-backs?status=" + event.status(),
                        data));
    }

    @EventListener
    void accountsAdded(VendorEvents.AccountsAdded event) {
        scheduleCheck(
                "unmapped/" + event.tenantId() + "/" + event.integrationId() + "/accounts/" + ids(event.accountIds()),
                settings.unmappedGrace());
    }

    @EventListener
    void servicesAdded(VendorEvents.ServicesAdded event) {
        scheduleCheck(
                "unmapped/" + event.tenantId() + "/" + event.integrationId() + "/services/" + ids(event.serviceIds()),
                settings.unmappedGrace());
    }

    @EventListener
    void rebuilt(ReconciliationEvents.LinesRebuilt event) {
        if (event.full() && event.linesWithUsage() == 0) {
            scheduleCheck("no-usage/" + event.tenantId() + "/" + event.period(), java.time.Duration.ofSeconds(2));
        }
    }

    private void scheduleCheck(String data, java.time.Duration after) {
        scheduler.schedule(NotificationJobs.CHECK
                .instance(UUID.randomUUID().toString())
                .data(data)
                .scheduledTo(JobTime.now().plus(after)));
    }

    /** The job of a scheduled check. */
    void check(String data) {
        String[] parts = data.split("/");
        UUID tenantId = UUID.fromString(parts[1]);
        switch (parts[0]) {
            case "unmapped" ->
                unmapped(
                        tenantId,
                        UUID.fromString(parts[2]),
                        parts[3].equals("accounts"),
                        parts.length > 4
                                ? Arrays.stream(parts[4].split(","))
                                        .map(UUID::fromString)
                                        .collect(Collectors.toSet())
                                : Set.of());
            case "no-usage" -> {
                try {
                    noUsage(tenantId, YearMonth.parse(parts[2]));
                } catch (InvalidInputException notReadable) {
                    // the organisation's calendar no longer reaches that month (its zone changed): nothing to check
                    log.info("No-usage check of {} skipped: {}", parts[2], notReadable.getMessage());
                }
            }
            default -> log.warn("Unknown notification check {}", parts[0]);
        }
    }

    private void unmapped(UUID tenantId, UUID integrationId, boolean accounts, Set<UUID> added) {
        VendorIntegration integration = vendor.integration(tenantId, integrationId)
                .filter(VendorIntegration::connected)
                .orElse(null);
        if (integration == null || added.isEmpty()) {
            return;
        }
        List<String> names = new ArrayList<>();
        if (accounts) {
            Set<UUID> decided = new HashSet<>(mappings.accountMappings(tenantId).stream()
                    .map(AccountMapping::vendorAccountId)
                    .toList());
            vendor.accounts(tenantId, integrationId).stream()
                    .filter(a -> added.contains(a.id()) && !decided.contains(a.id()))
                    .forEach(a -> names.add(a.name() + " (" + a.externalId() + ")"));
        } else {
            Set<UUID> decided = new HashSet<>(mappings.serviceMappings(tenantId).stream()
                    .map(ServiceMapping::vendorServiceId)
                    .toList());
            vendor.services(tenantId, integrationId).stream()
                    .filter(s -> added.contains(s.id()) && !decided.contains(s.id()))
                    .forEach(s -> names.add(s.name()));
        }
        if (names.isEmpty()) {
            return;
        }
        String noun =
                accounts ? (names.size() == 1 ? "account" : "accounts") : (names.size() == 1 ? "service" : "services");
        List<String> shown = names.size() <= MAX_NAMES ? names : new ArrayList<>(names.subList(0, MAX_NAMES));
        if (names.size() > MAX_NAMES) {
            shown.add("and " + (names.size() - MAX_NAMES) + " more");
        }
        notices.publish(
                tenantId,
                notice(
                        NoticeType.UNMAPPED,
                        names.size() + " new " + integration.name() + " " + noun + " not mapped",
                        "Their usage is not billed until they are mapped to a PSA " + (accounts ? "company" : "product")
                                + " (or excluded) under Mapping.",
                        List.of(new Notice.Fact("Integration", integration.name())),
                        shown,
                        "/mapping",
                        Map.of(
                                "integrationId",
                                integrationId,
                                "kind",
                                accounts ? "accounts" : "services",
                                "count",
                                names.size())));
    }

    private void noUsage(UUID tenantId, YearMonth period) {
        var summary = summaries.summary(tenantId, period, 0);
        if (summary.linesWithUsage() > 0
                || summary.lines() == 0 && vendor.integrations(tenantId).isEmpty()) {
            return;
        }
        var before = summaries.summary(tenantId, period.minusMonths(1), 0);
        if (before.linesWithUsage() == 0
                || !store.moveMark(
                        tenantId, "no-usage:" + period, null, clock.instant().toString())) {
            return;
        }
        notices.publish(
                tenantId,
                notice(
                        NoticeType.NO_USAGE,
                        "No usage read for " + Display.month(period),
                        "The reconciliation of " + Display.month(period) + " read no vendor usage at all, while "
                                + Display.month(period.minusMonths(1)) + " had usage on " + before.linesWithUsage()
                                + " lines. Nothing is \"all clean\": check that the vendor integrations are connected and sending counts, "
                                + "and the mappings.",
                        List.of(
                                new Notice.Fact("Month", period.toString()),
                                new Notice.Fact(
                                        "Lines with usage the month before", Long.toString(before.linesWithUsage()))),
                        List.of(),
                        "/integrations",
                        Map.of("period", period.toString(), "previousLinesWithUsage", before.linesWithUsage())));
    }

    private Notice notice(
            NoticeType type,
            String title,
            String summary,
            List<Notice.Fact> facts,
            List<String> lines,
            String link,
            Map<String, Object> data) {
        return new Notice(type.wire(), title, summary, facts, lines, link, data, clock.instant());
    }

    private static String ids(List<UUID> ids) {
        return ids.stream().map(UUID::toString).collect(Collectors.joining(","));
    }
}
