package com.trueup.automation;

import com.trueup.audit.AuditLog;
import com.trueup.integration.VendorDirectory;
import com.trueup.integration.VendorIntegration;
import com.trueup.psa.PsaSnapshot;
import com.trueup.shared.ConflictException;
import com.trueup.shared.CurrentUser;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.NotFoundException;
import com.trueup.shared.Role;
import com.trueup.shared.TenantCalendar;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The organisation's rules (admins change them, everybody reads them) and the switch that stops automatic approvals. */
@Service
class Rules {

    static final int MAX_RULES = 100;

    private final AutomationStore store;
    private final AuditLog audit;
    private final Clock clock;
    private final TenantCalendar calendar;
    private final VendorDirectory vendor;
    private final PsaSnapshot psa;
    private final AutomationJobs.AfterRebuild afterRebuild;

    Rules(
            AutomationStore store,
            AuditLog audit,
            Clock clock,
            TenantCalendar calendar,
            VendorDirectory vendor,
            PsaSnapshot psa,
            AutomationJobs.AfterRebuild afterRebuild) {
        this.store = store;
        this.audit = audit;
        this.clock = clock;
        this.calendar = calendar;
        this.vendor = vendor;
        this.psa = psa;
        this.afterRebuild = afterRebuild;
    }

    List<Rule> list(UUID tenantId) {
        return store.rules(tenantId);
    }

    Rule get(UUID tenantId, UUID id) {
        return store.rule(tenantId, id).orElseThrow(() -> NotFoundException.of("Approval rule", id));
    }

    @Transactional
    Rule create(CurrentUser user, RuleInput input) {
        requireAdmin(user);
        List<Rule> rules = store.rules(user.tenantId());
        if (rules.size() >= MAX_RULES) {
            throw new ConflictException("An organisation has at most " + MAX_RULES + " approval rules.");
        }
        Instant now = clock.instant();
        Rule rule = build(
                user.tenantId(), UUID.randomUUID(), rules.size() + 1, input, now, user.email(), now, user.email());
        requireUniqueName(rules, rule);
        store.insert(rule);
        place(user.tenantId(), rule.id(), input.position() == null ? rule.position() : input.position());
        audit.record(user.tenantId(), user.email(), "automation.rule-created", rule.name(), describe(rule));
        ruleSwitched(rule, null);
        return get(user.tenantId(), rule.id());
    }

    @Transactional
    Rule update(CurrentUser user, UUID id, RuleInput input) {
        requireAdmin(user);
        Rule current = get(user.tenantId(), id);
        Instant now = clock.instant();
        Rule rule = build(
                user.tenantId(),
                id,
                current.position(),
                input,
                current.createdAt(),
                current.createdBy(),
                now,
                user.email());
        requireUniqueName(store.rules(user.tenantId()), rule);
        store.update(rule);
        if (input.position() != null) {
            place(user.tenantId(), id, input.position());
        }
        audit.record(user.tenantId(), user.email(), "automation.rule-changed", rule.name(), describe(rule));
        ruleSwitched(rule, current.mode());
        return get(user.tenantId(), id);
    }

    /** Switches a rule off, to dry run, or on; everything else stays. */
    @Transactional
    Rule setMode(CurrentUser user, UUID id, RuleMode mode) {
        requireAdmin(user);
        Rule current = get(user.tenantId(), id);
        Instant now = clock.instant();
        Rule rule = new Rule(
                id,
                current.tenantId(),
                current.position(),
                current.name(),
                mode,
                current.scope(),
                current.guards(),
                current.schedule(),
                nextRun(current.tenantId(), mode, current.schedule(), now),
                current.createdAt(),
                current.createdBy(),
                now,
                user.email());
        store.update(rule);
        audit.record(
                user.tenantId(),
                user.email(),
                "automation.rule-" + mode.wire(),
                rule.name(),
                "rule switched " + mode.wire() + " (was " + current.mode().wire() + ")");
        ruleSwitched(rule, current.mode());
        return rule;
    }

    @Transactional
    void delete(CurrentUser user, UUID id) {
        requireAdmin(user);
        Rule rule = get(user.tenantId(), id);
        store.delete(user.tenantId(), id);
        renumber(user.tenantId(), store.rules(user.tenantId()));
        audit.record(user.tenantId(), user.email(), "automation.rule-deleted", rule.name(), describe(rule));
    }

    @Transactional
    Rule move(CurrentUser user, UUID id, int position) {
        requireAdmin(user);
        Rule rule = get(user.tenantId(), id);
        place(user.tenantId(), id, position);
        audit.record(
                user.tenantId(),
                user.email(),
                "automation.rule-moved",
                rule.name(),
                "now at position " + get(user.tenantId(), id).position());
        return get(user.tenantId(), id);
    }

    AutomationStore.Switch approvalsSwitch(UUID tenantId) {
        return store.approvalsSwitch(tenantId).orElse(new AutomationStore.Switch(false, null, null));
    }

    @Transactional
    AutomationStore.Switch setPaused(CurrentUser user, boolean paused) {
        requireAdmin(user);
        store.setPaused(user.tenantId(), paused, clock.instant(), user.email());
        audit.record(
                user.tenantId(),
                user.email(),
                paused ? "automation.paused" : "automation.resumed",
                "automatic approvals",
                paused ? "all automatic approvals stopped" : "automatic approvals allowed again");
        return approvalsSwitch(user.tenantId());
    }

    /** A rule switched to dry run or on that runs after rebuilds runs once now, on the lines as they are. */
    private void ruleSwitched(Rule rule, RuleMode before) {
        if (rule.mode() != RuleMode.OFF
                && rule.mode() != before
                && !rule.schedule().trigger().timed()) {
            afterRebuild.schedule(rule.tenantId());
        }
    }

    private Rule build(
            UUID tenantId,
            UUID id,
            int position,
            RuleInput in,
            Instant createdAt,
            String createdBy,
            Instant now,
            String actor) {
        if (in == null) {
            throw new InvalidInputException("name", "the rule is missing: send name, scope, direction and schedule");
        }
        String name = in.name() == null ? "" : in.name().strip();
        if (name.isEmpty()) {
            throw new InvalidInputException("name", "name must not be blank");
        }
        if (name.length() > 100) {
            throw new InvalidInputException("name", "name must be at most 100 characters");
        }
        RuleMode mode = in.mode() == null || in.mode().isBlank() ? RuleMode.OFF : RuleMode.parse(in.mode(), "mode");
        Scope scope = in.scope() == null
                ? Scope.ALL
                : Scope.of(in.scope().kind(), in.scope().id());
        requireScopeExists(tenantId, scope);
        Guards guards = new Guards(
                Guards.Direction.parse(in.direction() == null ? "both" : in.direction()),
                in.maxUnits(),
                in.maxPercent(),
                in.floor(),
                in.ceiling(),
                Boolean.TRUE.equals(in.allowNewLines()),
                in.maxVendorAgeHours(),
                in.maxPsaAgeHours());
        RuleInput.ScheduleInput s = in.schedule() == null
                ? new RuleInput.ScheduleInput("after-rebuild", null, null, null, null)
                : in.schedule();
        Schedule schedule = Schedule.parse(s.trigger(), s.time(), s.dayOfWeek(), s.businessDay(), s.period());
        return new Rule(
                id,
                tenantId,
                position,
                name,
                mode,
                scope,
                guards,
                schedule,
                nextRun(tenantId, mode, schedule, now),
                createdAt,
                createdBy,
                now,
                actor);
    }

    private Instant nextRun(UUID tenantId, RuleMode mode, Schedule schedule, Instant now) {
        return mode == RuleMode.OFF ? null : schedule.nextAfter(now, calendar.zone(tenantId));
    }

    private void requireScopeExists(UUID tenantId, Scope scope) {
        boolean exists = switch (scope.kind()) {
            case ALL -> true;
            case INTEGRATION ->
                vendor.integration(tenantId, scope.id())
                        .filter(VendorIntegration::connected)
                        .isPresent();
            case SERVICE ->
                vendor.integrations(tenantId).stream()
                        .anyMatch(i ->
                                vendor.services(tenantId, i.id()).stream().anyMatch(s -> s.id().equals(scope.id())));
            case COMPANY ->
                psa.primaryConnection(tenantId)
                        .map(c -> psa.companies(tenantId, c.id()).stream().anyMatch(x -> x.id().equals(scope.id())))
                        .orElse(false);
        };
        if (!exists) {
            throw new InvalidInputException(
                    "scope.id",
                    "no " + scope.kind().wire() + " " + scope.id() + " in this organisation"
                            + (scope.kind() == Scope.Kind.COMPANY ? "'s PSA snapshot" : ""));
        }
    }

    private static void requireUniqueName(List<Rule> rules, Rule rule) {
        if (rules.stream().anyMatch(r -> !r.id().equals(rule.id()) && r.name().equalsIgnoreCase(rule.name()))) {
            throw new InvalidInputException("name", "a rule named '" + rule.name() + "' already exists");
        }
    }

    /** Puts the rule at {@code position} (1-based, clamped) and numbers all rules 1..n. */
    private void place(UUID tenantId, UUID id, int position) {
        List<Rule> rules = new ArrayList<>(store.rules(tenantId));
        Rule moved = rules.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
        rules.remove(moved);
        rules.add(Math.max(0, Math.min(rules.size(), position - 1)), moved);
        renumber(tenantId, rules);
    }

    private void renumber(UUID tenantId, List<Rule> ordered) {
        for (int i = 0; i < ordered.size(); i++) {
            if (ordered.get(i).position() != i + 1) {
                store.setPosition(tenantId, ordered.get(i).id(), i + 1);
            }
        }
    }

    /** The rule in words, for the audit log and pages. */
    static String describe(Rule r) {
        Guards g = r.guards();
        List<String> parts = new ArrayList<>();
        parts.add(r.mode().wire());
        parts.add(
                switch (g.direction()) {
                    case INCREASE -> "increases";
                    case DECREASE -> "decreases";
                    case BOTH -> "increases and decreases";
                });
        if (g.maxUnits() != null) {
            parts.add("at most " + Guards.plain(g.maxUnits()) + " units");
        }
        if (g.maxPercent() != null) {
            parts.add("at most " + Guards.plain(g.maxPercent()) + " %");
        }
        if (g.floor() != null) {
            parts.add("floor " + Guards.plain(g.floor()));
        }
        if (g.ceiling() != null) {
            parts.add("ceiling " + Guards.plain(g.ceiling()));
        }
        parts.add(g.allowNewLines() ? "new lines allowed" : "existing lines only");
        if (g.maxVendorAgeHours() != null) {
            parts.add("vendor data within " + g.maxVendorAgeHours() + " h");
        }
        if (g.maxPsaAgeHours() != null) {
            parts.add("PSA snapshot within " + g.maxPsaAgeHours() + " h");
        }
        parts.add(describe(r.schedule()));
        return String.join(", ", parts);
    }

    static String describe(Schedule s) {
        String month = s.period() == Schedule.PeriodChoice.CURRENT ? "the current month" : "the month just closed";
        return switch (s.trigger()) {
            case AFTER_REBUILD -> "after each rebuild, on " + month;
            case DAILY -> "daily at " + s.time() + ", on " + month;
            case WEEKLY ->
                "every " + s.dayOfWeek().getDisplayName(java.time.format.TextStyle.FULL, java.util.Locale.ENGLISH)
                        + " at " + s.time() + ", on " + month;
            case MONTHLY -> "business day " + s.businessDay() + " of each month at " + s.time() + ", on " + month;
        };
    }

    private static void requireAdmin(CurrentUser user) {
        if (!user.can(Role.ADMIN)) {
            throw new AccessDeniedException("admin role required");
        }
    }
}
