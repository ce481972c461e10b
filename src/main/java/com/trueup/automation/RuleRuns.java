package com.trueup.automation;

import com.trueup.integration.VendorDirectory;
import com.trueup.integration.VendorIntegration;
import com.trueup.psa.PsaSnapshot;
import com.trueup.reconciliation.AutomaticApprovals;
import com.trueup.reconciliation.AutomaticApprovals.PendingLine;
import com.trueup.shared.ConflictException;
import com.trueup.shared.NotFoundException;
import com.trueup.shared.TenantCalendar;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Evaluates rules and runs them: a preview ("what would it do now") decides without acting or recording; a dry-run
 * rule's run records what it would have done; a live run approves through reconciliation's approve path, one line per
 * transaction, re-checking the organisation's switch before each, and records every approval and (up to
 * {@code maxRecordedHolds}) every hold with its reason.
 */
@Service
class RuleRuns {

    private static final Logger log = LoggerFactory.getLogger(RuleRuns.class);

    private final AutomationStore store;
    private final AutomaticApprovals approvals;
    private final VendorDirectory vendor;
    private final PsaSnapshot psa;
    private final TenantCalendar calendar;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final AutomationSettings settings;

    RuleRuns(
            AutomationStore store,
            AutomaticApprovals approvals,
            VendorDirectory vendor,
            PsaSnapshot psa,
            TenantCalendar calendar,
            Clock clock,
            TransactionTemplate tx,
            AutomationSettings settings) {
        this.store = store;
        this.approvals = approvals;
        this.vendor = vendor;
        this.psa = psa;
        this.calendar = calendar;
        this.clock = clock;
        this.tx = tx;
        this.settings = settings;
    }

    /** What the rule would do now on {@code period} (null: the month its schedule acts on), as if it were switched on. */
    record Preview(Rule rule, YearMonth period, Evaluation.Result result, boolean paused) {}

    Preview preview(UUID tenantId, UUID ruleId, YearMonth period) {
        Rule rule = store.rule(tenantId, ruleId).orElseThrow(() -> NotFoundException.of("Approval rule", ruleId));
        YearMonth month = period != null ? period : rule.schedule().periodOn(today(tenantId));
        Snapshot s = snapshot(tenantId, month);
        return new Preview(
                rule,
                month,
                Evaluation.evaluate(rule, s.live(), s.lines(), s.freshness(), s.approvedBefore()),
                paused(tenantId));
    }

    /** Runs the rule as its mode says (on: approves; dry-run: records; off: nothing) and returns the run recorded. */
    AutomationStore.Run run(UUID tenantId, UUID ruleId, String trigger, YearMonth period) {
        Rule rule = store.rule(tenantId, ruleId).orElseThrow(() -> NotFoundException.of("Approval rule", ruleId));
        if (rule.mode() == RuleMode.OFF) {
            throw new ConflictException("The rule is off: preview it, or switch it to dry run or on to run it.");
        }
        YearMonth month = period != null ? period : rule.schedule().periodOn(today(tenantId));
        Instant started = clock.instant();
        UUID runId = UUID.randomUUID();
        if (rule.mode() == RuleMode.ON && paused(tenantId)) {
            return record(
                    new AutomationStore.Run(
                            runId,
                            tenantId,
                            rule.id(),
                            rule.name(),
                            rule.mode().wire(),
                            trigger,
                            month.toString(),
                            started,
                            clock.instant(),
                            0,
                            0,
                            "paused",
                            "Automatic approvals are switched off for the organisation; " + "nothing was approved."),
                    List.of());
        }
        Snapshot s = snapshot(tenantId, month);
        Evaluation.Result result = Evaluation.evaluate(rule, s.live(), s.lines(), s.freshness(), s.approvedBefore());
        List<AutomationStore.Item> items = new ArrayList<>();
        int approved = 0;
        int held = 0;
        boolean stopped = false;
        for (Evaluation.Decision d : result.decisions()) {
            PendingLine line = d.line();
            String reason = d.reason();
            UUID writeBack = null;
            String outcome;
            if (!d.approve()) {
                outcome = "held";
            } else if (rule.mode() == RuleMode.DRY_RUN) {
                outcome = "would-approve";
            } else if (stopped || (stopped = paused(tenantId))) {
                outcome = "held";
                reason = "automatic approvals were switched off during the run";
            } else {
                try {
                    writeBack = approvals
                            .approve(tenantId, line.id(), rule.actor(), line.vendorQuantity(), line.psaQuantity())
                            .writeBackId();
                    outcome = "approved";
                    reason = null;
                } catch (ConflictException e) {
                    outcome = "held";
                    reason = e.getMessage();
                } catch (RuntimeException e) {
                    log.warn("Rule {} could not approve line {} of tenant {}", rule.id(), line.id(), tenantId, e);
                    outcome = "held";
                    reason = "the approval failed unexpectedly; it is left for a person";
                }
            }
            if (outcome.equals("held")) {
                held++;
                if (held > settings.maxRecordedHolds()) {
                    continue;
                }
            } else {
                approved++;
            }
            items.add(new AutomationStore.Item(
                    line.id(),
                    line.companyName(),
                    line.serviceName(),
                    line.psaQuantity(),
                    line.quantityToWrite(),
                    outcome,
                    reason,
                    writeBack));
        }
        String message = held > settings.maxRecordedHolds()
                ? (held - settings.maxRecordedHolds()) + " more held lines are not " + "listed"
                : null;
        AutomationStore.Run run = new AutomationStore.Run(
                runId,
                tenantId,
                rule.id(),
                rule.name(),
                rule.mode().wire(),
                trigger,
                month.toString(),
                started,
                clock.instant(),
                approved,
                held,
                "done",
                message);
        if (rule.mode() == RuleMode.ON) {
            return record(run, items, result, s);
        }
        return record(run, items);
    }

    private AutomationStore.Run record(AutomationStore.Run run, List<AutomationStore.Item> items) {
        tx.executeWithoutResult(status -> store.insertRun(run, items));
        return run;
    }

    /** A live run also keeps, per line, why it waits for a person (shown on the Reconcile page). */
    private AutomationStore.Run record(
            AutomationStore.Run run, List<AutomationStore.Item> items, Evaluation.Result result, Snapshot s) {
        Instant at = run.finishedAt();
        tx.executeWithoutResult(status -> {
            store.insertRun(run, items);
            Set<UUID> recorded = new HashSet<>();
            for (AutomationStore.Item item : items) {
                recorded.add(item.lineId());
                if (item.outcome().equals("held")) {
                    store.hold(run.tenantId(), item.lineId(), run.ruleName(), item.reason(), at);
                } else {
                    store.release(run.tenantId(), item.lineId());
                }
            }
            for (PendingLine line : s.lines()) {
                if (!recorded.contains(line.id()) && Evaluation.decider(s.live(), line) == null) {
                    store.hold(run.tenantId(), line.id(), null, "No approval rule covers this line.", at);
                }
            }
        });
        return run;
    }

    /** Everything a decision needs, read once per run. */
    private record Snapshot(
            List<PendingLine> lines,
            List<Rule> live,
            Evaluation.Freshness freshness,
            Map<UUID, List<java.math.BigDecimal>> approvedBefore) {}

    private Snapshot snapshot(UUID tenantId, YearMonth month) {
        List<PendingLine> lines = approvals.pendingLines(tenantId, month);
        List<Rule> live = store.rules(tenantId).stream()
                .filter(r -> r.mode() == RuleMode.ON)
                .toList();
        Map<UUID, Instant> heard = new HashMap<>();
        for (VendorIntegration i : vendor.integrations(tenantId)) {
            if (i.lastSyncedAt() != null) {
                heard.put(i.id(), i.lastSyncedAt());
            }
        }
        Instant psaRefreshed = psa.primaryConnection(tenantId)
                .flatMap(c -> store.psaRefreshedAt(tenantId, c.id()))
                .orElse(null);
        return new Snapshot(
                lines,
                live,
                new Evaluation.Freshness(clock.instant(), heard, psaRefreshed),
                store.approvedBefore(
                        tenantId, lines.stream().map(PendingLine::id).toList()));
    }

    com.trueup.shared.PageResult<AutomationStore.Run> runs(UUID tenantId, UUID ruleId, int page, int size) {
        return store.runs(tenantId, ruleId, page, size);
    }

    AutomationStore.Run runRecord(UUID tenantId, UUID runId) {
        return store.run(tenantId, runId).orElseThrow(() -> NotFoundException.of("Rule run", runId));
    }

    List<AutomationStore.Item> items(UUID tenantId, UUID runId) {
        return store.items(tenantId, runId);
    }

    boolean paused(UUID tenantId) {
        return store.approvalsSwitch(tenantId)
                .map(AutomationStore.Switch::paused)
                .orElse(false);
    }

    LocalDate today(UUID tenantId) {
        return calendar.today(tenantId);
    }
}
