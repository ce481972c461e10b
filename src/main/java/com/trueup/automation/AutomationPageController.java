package com.trueup.automation;

import com.trueup.shared.ConflictException;
import com.trueup.shared.CurrentUser;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.Role;
import com.trueup.shared.TenantCalendar;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Settings → Automation: the switch, the rules (create, edit, order, mode), previews and runs. */
@Controller
class AutomationPageController {

    private final Rules rules;
    private final RuleRuns runs;
    private final ScopeNames scopes;
    private final TenantCalendar calendar;

    AutomationPageController(Rules rules, RuleRuns runs, ScopeNames scopes, TenantCalendar calendar) {
        this.rules = rules;
        this.runs = runs;
        this.scopes = scopes;
        this.calendar = calendar;
    }

    /** A rule as the page shows it. */
    record RuleRow(Rule rule, String scope, String description, String schedule) {
    }

    /** The form's fields as typed (strings), so a refused form comes back as the person left it. */
    record Form(String name, String scope, String direction, String maxUnits, String maxPercent, String floor, String ceiling,
                Boolean allowNewLines, String maxVendorAgeHours, String maxPsaAgeHours, String trigger, String time,
                String dayOfWeek, String businessDay, String period) {

        static Form blank() {
            return new Form("", "all", "both", "", "", "", "", false, "48", "24", "after-rebuild", "06:00", "MONDAY", "2", "current");
        }

        static Form of(Rule r) {
            Guards g = r.guards();
            Schedule s = r.schedule();
            return new Form(r.name(), ScopeNames.value(r.scope()), g.direction().wire(), text(g.maxUnits()), text(g.maxPercent()),
                    text(g.floor()), text(g.ceiling()), g.allowNewLines(),
                    g.maxVendorAgeHours() == null ? "" : g.maxVendorAgeHours().toString(),
                    g.maxPsaAgeHours() == null ? "" : g.maxPsaAgeHours().toString(), s.trigger().wire(),
                    s.time() == null ? "06:00" : s.time().toString(), s.dayOfWeek() == null ? "MONDAY" : s.dayOfWeek().name(),
                    s.businessDay() == null ? "2" : s.businessDay().toString(), s.period().wire());
        }

        RuleInput input(String mode) {
            String scopeKind = scope == null || scope.isBlank() ? "all" : scope.contains(":") ? scope.substring(0, scope.indexOf(':')) : scope;
            UUID scopeId = scope != null && scope.contains(":") ? uuid(scope.substring(scope.indexOf(':') + 1)) : null;
            return new RuleInput(name, mode, null, new RuleInput.ScopeInput(scopeKind, scopeId), direction,
                    decimal(maxUnits, "maxUnits"), decimal(maxPercent, "maxPercent"), decimal(floor, "floor"),
                    decimal(ceiling, "ceiling"), Boolean.TRUE.equals(allowNewLines), integer(maxVendorAgeHours, "maxVendorAgeHours"),
                    integer(maxPsaAgeHours, "maxPsaAgeHours"),
                    new RuleInput.ScheduleInput(trigger, time, dayOfWeek, integer(businessDay, "schedule.businessDay"), period));
        }

        private static String text(BigDecimal value) {
            return value == null ? "" : Guards.plain(value);
        }

        private static BigDecimal decimal(String value, String field) {
            if (value == null || value.isBlank()) {
                return null;
            }
            BigDecimal number;
            try {
                number = new BigDecimal(value.trim());
            } catch (NumberFormatException e) {
                throw new InvalidInputException(field, field + " must be a number (got '" + value + "')");
            }
            String problem = com.trueup.shared.BoundedNumbers.problem(number);
            if (problem != null) {
                throw new InvalidInputException(field, field + " " + problem);
            }
            return number;
        }

        private static Integer integer(String value, String field) {
            if (value == null || value.isBlank()) {
                return null;
            }
            try {
                return Integer.valueOf(value.trim());
            } catch (NumberFormatException e) {
                throw new InvalidInputException(field, field + " must be a whole number (got '" + value + "')");
            }
        }

        private static UUID uuid(String value) {
            try {
                return UUID.fromString(value.trim());
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("scope.id", "unknown scope '" + value + "'");
            }
        }
    }

    @GetMapping("/settings/automation")
    String index(@AuthenticationPrincipal CurrentUser user, Model model) {
        UUID tenantId = user.tenantId();
        Map<String, String> names = scopes.choices(tenantId);
        model.addAttribute("rules", rules.list(tenantId).stream()
                .map(r -> new RuleRow(r, ScopeNames.label(r.scope(), names), Rules.describe(r), Rules.describe(r.schedule()))).toList());
        model.addAttribute("approvalsSwitch", rules.approvalsSwitch(tenantId));
        model.addAttribute("runs", runs.runs(tenantId, null, 0, 20).items());
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", Form.blank());
        }
        common(user, model, names);
        return "automation/index";
    }

    @GetMapping("/settings/automation/rules/{id}")
    String rule(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
            @RequestParam(required = false, defaultValue = "false") boolean preview, Model model) {
        UUID tenantId = user.tenantId();
        Rule rule = rules.get(tenantId, id);
        Map<String, String> names = scopes.choices(tenantId);
        model.addAttribute("row", new RuleRow(rule, ScopeNames.label(rule.scope(), names), Rules.describe(rule),
                Rules.describe(rule.schedule())));
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", Form.of(rule));
        }
        model.addAttribute("runs", runs.runs(tenantId, id, 0, 10).items());
        model.addAttribute("preview", preview ? runs.preview(tenantId, id, null) : null);
        common(user, model, names);
        return "automation/rule";
    }

    @GetMapping("/settings/automation/runs/{id}")
    String run(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, Model model) {
        model.addAttribute("run", runs.runRecord(user.tenantId(), id));
        model.addAttribute("items", runs.items(user.tenantId(), id));
        model.addAttribute("zone", calendar.zone(user.tenantId()));
        return "automation/run";
    }

    @PostMapping("/settings/automation/switch")
    @PreAuthorize("hasRole('ADMIN')")
    String setSwitch(@AuthenticationPrincipal CurrentUser user, @RequestParam boolean paused, RedirectAttributes redirect) {
        rules.setPaused(user, paused);
        redirect.addFlashAttribute("flash", paused ? "All automatic approvals are stopped." : "Automatic approvals are allowed again.");
        return "redirect:/settings/automation";
    }

    @PostMapping("/settings/automation/rules")
    @PreAuthorize("hasRole('ADMIN')")
    String create(@AuthenticationPrincipal CurrentUser user, Form form, RedirectAttributes redirect) {
        try {
            Rule rule = rules.create(user, form.input("off"));
            redirect.addFlashAttribute("flash", "Rule \"" + rule.name() + "\" created, switched off. Preview it, then switch it on.");
            return "redirect:/settings/automation/rules/" + rule.id();
        } catch (InvalidInputException | ConflictException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            redirect.addFlashAttribute("form", form);
            return "redirect:/settings/automation#new-rule";
        }
    }

    @PostMapping("/settings/automation/rules/{id}")
    @PreAuthorize("hasRole('ADMIN')")
    String update(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, Form form, RedirectAttributes redirect) {
        try {
            Rule current = rules.get(user.tenantId(), id);
            rules.update(user, id, form.input(current.mode().wire()));
            redirect.addFlashAttribute("flash", "Rule saved.");
        } catch (InvalidInputException | ConflictException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            redirect.addFlashAttribute("form", form);
        }
        return "redirect:/settings/automation/rules/" + id;
    }

    @PostMapping("/settings/automation/rules/{id}/mode")
    @PreAuthorize("hasRole('ADMIN')")
    String mode(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, @RequestParam String mode,
            RedirectAttributes redirect) {
        return act(redirect, "/settings/automation/rules/" + id, () -> {
            Rule rule = rules.setMode(user, id, RuleMode.parse(mode, "mode"));
            return switch (rule.mode()) {
                case ON -> "Rule switched on: it approves what it previews, " + Rules.describe(rule.schedule()) + ".";
                case DRY_RUN -> "Rule in dry run: it records what it would do, " + Rules.describe(rule.schedule()) + ".";
                case OFF -> "Rule switched off.";
            };
        });
    }

    @PostMapping("/settings/automation/rules/{id}/move")
    @PreAuthorize("hasRole('ADMIN')")
    String move(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, @RequestParam int position,
            RedirectAttributes redirect) {
        return act(redirect, "/settings/automation", () -> "Rule \"" + rules.move(user, id, position).name() + "\" moved.");
    }

    @PostMapping("/settings/automation/rules/{id}/delete")
    @PreAuthorize("hasRole('ADMIN')")
    String delete(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, RedirectAttributes redirect) {
        return act(redirect, "/settings/automation", () -> {
            rules.delete(user, id);
            return "Rule deleted; its runs stay in the record.";
        });
    }

    @PostMapping("/settings/automation/rules/{id}/run")
    @PreAuthorize("hasRole('ADMIN')")
    String runNow(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, RedirectAttributes redirect) {
        try {
            var run = runs.run(user.tenantId(), id, "manual", null);
            redirect.addFlashAttribute("flash", "Run finished: " + run.approved() + " approved, " + run.held() + " held back.");
            return "redirect:/settings/automation/runs/" + run.id();
        } catch (ConflictException | InvalidInputException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:/settings/automation/rules/" + id;
        }
    }

    private void common(CurrentUser user, Model model, Map<String, String> names) {
        model.addAttribute("scopeChoices", names);
        model.addAttribute("isAdmin", user.can(Role.ADMIN));
        model.addAttribute("zone", calendar.zone(user.tenantId()));
        model.addAttribute("days", List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"));
    }

    private static String act(RedirectAttributes redirect, String target, Supplier<String> action) {
        try {
            redirect.addFlashAttribute("flash", action.get());
        } catch (InvalidInputException | ConflictException e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:" + target;
    }
}
