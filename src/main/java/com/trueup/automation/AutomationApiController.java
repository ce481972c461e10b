package com.trueup.automation;

import com.trueup.shared.BillingPeriod;
import com.trueup.shared.CurrentUser;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.PageResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Approval rules, their previews and runs, and the organisation's switch on {@code /api/v1/automation}. */
@RestController
@RequestMapping("/api/v1/automation")
@Tag(name = "Automation")
class AutomationApiController {

    private final Rules rules;
    private final RuleRuns runs;
    private final ScopeNames scopes;

    AutomationApiController(Rules rules, RuleRuns runs, ScopeNames scopes) {
        this.rules = rules;
        this.runs = runs;
        this.scopes = scopes;
    }

    record ScopeView(String kind, UUID id, String label) {}

    record ScheduleView(String trigger, String time, String dayOfWeek, Integer businessDay, String period) {}

    record RuleView(
            UUID id,
            int position,
            String name,
            String mode,
            ScopeView scope,
            String direction,
            BigDecimal maxUnits,
            BigDecimal maxPercent,
            BigDecimal floor,
            BigDecimal ceiling,
            boolean allowNewLines,
            Integer maxVendorAgeHours,
            Integer maxPsaAgeHours,
            ScheduleView schedule,
            Instant nextRunAt,
            String description,
            Instant createdAt,
            String createdBy,
            Instant updatedAt,
            String updatedBy) {

        static RuleView of(Rule r, Map<String, String> scopeNames) {
            Guards g = r.guards();
            Schedule s = r.schedule();
            return new RuleView(
                    r.id(),
                    r.position(),
                    r.name(),
                    r.mode().wire(),
                    new ScopeView(r.scope().kind().wire(), r.scope().id(), ScopeNames.label(r.scope(), scopeNames)),
                    g.direction().wire(),
                    g.maxUnits(),
                    g.maxPercent(),
                    g.floor(),
                    g.ceiling(),
                    g.allowNewLines(),
                    g.maxVendorAgeHours(),
                    g.maxPsaAgeHours(),
                    new ScheduleView(
                            s.trigger().wire(),
                            s.time() == null ? null : s.time().toString(),
                            s.dayOfWeek() == null ? null : s.dayOfWeek().name(),
                            s.businessDay(),
                            s.period().wire()),
                    r.nextRunAt(),
                    Rules.describe(r),
                    r.createdAt(),
                    r.createdBy(),
                    r.updatedAt(),
                    r.updatedBy());
        }
    }

    record Overview(boolean approvalsPaused, Instant switchChangedAt, String switchChangedBy, List<RuleView> rules) {}

    record SwitchBody(Boolean approvalsPaused) {}

    record ModeBody(String mode) {}

    record PreviewLine(
            UUID lineId,
            String companyName,
            String serviceName,
            String status,
            BigDecimal psaQuantity,
            BigDecimal quantityToWrite,
            BigDecimal change,
            String reason) {

        static PreviewLine of(Evaluation.Decision d) {
            var l = d.line();
            return new PreviewLine(
                    l.id(),
                    l.companyName(),
                    l.serviceName(),
                    l.status(),
                    l.psaQuantity(),
                    l.quantityToWrite(),
                    l.quantityToWrite().subtract(l.psaQuantity()),
                    d.approve() ? null : d.reason());
        }
    }

    record PreviewView(
            UUID ruleId,
            String ruleName,
            String mode,
            String period,
            boolean approvalsPaused,
            List<PreviewLine> approve,
            List<PreviewLine> hold,
            int coveredByRulesAbove) {}

    record RunItem(
            UUID lineId,
            String companyName,
            String serviceName,
            BigDecimal psaQuantity,
            BigDecimal quantityToWrite,
            String outcome,
            String reason,
            UUID writeBackId) {}

    record RunView(
            UUID id,
            UUID ruleId,
            String ruleName,
            String mode,
            String trigger,
            String period,
            Instant startedAt,
            Instant finishedAt,
            int approved,
            int held,
            String outcome,
            String message,
            List<RunItem> items) {

        static RunView of(AutomationStore.Run r, List<AutomationStore.Item> items) {
            return new RunView(
                    r.id(),
                    r.ruleId(),
                    r.ruleName(),
                    r.mode(),
                    r.trigger(),
                    r.period(),
                    r.startedAt(),
                    r.finishedAt(),
                    r.approved(),
                    r.held(),
                    r.outcome(),
                    r.message(),
                    items == null
                            ? null
                            : items.stream()
                                    .map(i -> new RunItem(
                                            i.lineId(),
                                            i.companyName(),
                                            i.serviceName(),
                                            i.psaQuantity(),
                                            i.quantityToWrite(),
                                            i.outcome(),
                                            i.reason(),
                                            i.writeBackId()))
                                    .toList());
        }
    }

    @GetMapping
    @Operation(summary = "The organisation's switch and its approval rules, in the order they are checked")
    Overview overview(@AuthenticationPrincipal CurrentUser user) {
        var s = rules.approvalsSwitch(user.tenantId());
        return new Overview(s.paused(), s.changedAt(), s.changedBy(), list(user));
    }

    @PutMapping("/switch")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(
            summary = "Stop (approvalsPaused true) or allow again all automatic approvals of the organisation",
            description =
                    "Stopped: no rule approves anything (runs are recorded as paused); previews and dry runs go on.")
    Overview setSwitch(@AuthenticationPrincipal CurrentUser user, @RequestBody(required = false) SwitchBody body) {
        if (body == null || body.approvalsPaused() == null) {
            throw new InvalidInputException(
                    "approvalsPaused", "approvalsPaused is required: true stops all automatic approvals");
        }
        rules.setPaused(user, body.approvalsPaused());
        return overview(user);
    }

    @GetMapping("/rules")
    @Operation(
            summary = "Approval rules, in the order they are checked (the first whose scope covers a line decides it)")
    List<RuleView> list(@AuthenticationPrincipal CurrentUser user) {
        Map<String, String> names = scopes.choices(user.tenantId());
        return rules.list(user.tenantId()).stream()
                .map(r -> RuleView.of(r, names))
                .toList();
    }

    @PostMapping("/rules")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(
            summary = "Create an approval rule (mode off unless given)",
            description =
                    "scope {kind: all|integration|service|company, id}; direction increase|decrease|both; maxUnits, "
                            + "maxPercent, floor, ceiling (null: no limit); allowNewLines; maxVendorAgeHours, maxPsaAgeHours; schedule "
                            + "{trigger: after-rebuild|daily|weekly|monthly, time HH:MM, dayOfWeek, businessDay, period: current|previous}")
    ResponseEntity<RuleView> create(
            @AuthenticationPrincipal CurrentUser user, @RequestBody(required = false) RuleInput body) {
        Rule rule = rules.create(user, body);
        return ResponseEntity.status(HttpStatus.CREATED).body(RuleView.of(rule, scopes.choices(user.tenantId())));
    }

    @GetMapping("/rules/{id}")
    @Operation(summary = "One approval rule")
    RuleView get(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        return RuleView.of(rules.get(user.tenantId(), id), scopes.choices(user.tenantId()));
    }

    @PutMapping("/rules/{id}")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Replace an approval rule's settings (position moves it)")
    RuleView update(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestBody(required = false) RuleInput body) {
        return RuleView.of(rules.update(user, id, body), scopes.choices(user.tenantId()));
    }

    @PutMapping("/rules/{id}/mode")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(
            summary = "Switch a rule off, to dry-run (records what it would do) or on",
            description = "A rule that runs after each rebuild runs once right away when switched to dry-run or on.")
    RuleView mode(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestBody(required = false) ModeBody body) {
        return RuleView.of(
                rules.setMode(user, id, RuleMode.parse(body == null ? null : body.mode(), "mode")),
                scopes.choices(user.tenantId()));
    }

    @DeleteMapping("/rules/{id}")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Delete an approval rule (its runs stay in the record)")
    ResponseEntity<Void> delete(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        rules.delete(user, id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/rules/{id}/preview")
    @Operation(
            summary = "What the rule would do now: the lines it would approve and those it would hold back, with why",
            description = "As if the rule were on, in its position among the rules that are on; nothing is approved or "
                    + "recorded. period YYYY-MM (default: the month its schedule acts on).")
    PreviewView preview(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestParam(required = false) String period) {
        var p = runs.preview(user.tenantId(), id, month(period));
        var result = p.result();
        return new PreviewView(
                p.rule().id(),
                p.rule().name(),
                p.rule().mode().wire(),
                p.period().toString(),
                p.paused(),
                result.approvals().stream().map(PreviewLine::of).toList(),
                result.holds().stream().map(PreviewLine::of).toList(),
                result.coveredAbove());
    }

    @PostMapping("/rules/{id}/run")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(
            summary = "Run the rule now as its mode says (on: approves; dry-run: records what it would do)",
            description = "409 for a rule that is off. period YYYY-MM (default: the month its schedule acts on).")
    RunView run(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestParam(required = false) String period) {
        var run = runs.run(user.tenantId(), id, "manual", month(period));
        return RunView.of(run, runs.items(user.tenantId(), run.id()));
    }

    @GetMapping("/runs")
    @Operation(summary = "Runs of the organisation's rules (or of one rule), newest first")
    PageResult<RunView> runs(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(required = false) UUID ruleId,
            @RequestParam(required = false) Integer page,
            @RequestParam(required = false) Integer size) {
        return runs.runs(user.tenantId(), ruleId, PageResult.checkedPage(page), PageResult.checkedSize(size, 20, 200))
                .map(r -> RunView.of(r, null));
    }

    @GetMapping("/runs/{id}")
    @Operation(summary = "One run with what it did on each line (approved, would-approve, held with the reason)")
    RunView runDetail(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        return RunView.of(runs.runRecord(user.tenantId(), id), runs.items(user.tenantId(), id));
    }

    static YearMonth month(String period) {
        if (period == null || period.isBlank()) {
            return null;
        }
        return BillingPeriod.parseMonth(period, "period");
    }
}
