package com.trueup.automation;

import com.trueup.shared.ConflictException;
import com.trueup.shared.CurrentUser;
import com.trueup.shared.InvalidInputException;
import com.trueup.shared.Role;
import com.trueup.shared.TenantCalendar;
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

    @GetMapping("/settings/automation")
    String index(@AuthenticationPrincipal CurrentUser user, Model model) {
        UUID tenantId = user.tenantId();
        Map<String, String> names = scopes.choices(tenantId);
        model.addAttribute(
                "rules",
                rules.list(tenantId).stream()
                        .map(r -> new RuleRow(
                                r, ScopeNames.label(r.scope(), names), Rules.describe(r), Rules.describe(r.schedule())))
                        .toList());
        model.addAttribute("approvalsSwitch", rules.approvalsSwitch(tenantId));
        model.addAttribute("runs", runs.runs(tenantId, null, 0, 20).items());
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", RuleForm.blank());
        }
        common(user, model, names);
        return "automation/index";
    }

    @GetMapping("/settings/automation/rules/{id}")
    String rule(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestParam(required = false, defaultValue = "false") boolean preview,
            Model model) {
        UUID tenantId = user.tenantId();
        Rule rule = rules.get(tenantId, id);
        Map<String, String> names = scopes.choices(tenantId);
        model.addAttribute(
                "row",
                new RuleRow(
                        rule,
                        ScopeNames.label(rule.scope(), names),
                        Rules.describe(rule),
                        Rules.describe(rule.schedule())));
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", RuleForm.of(rule));
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
    String setSwitch(
            @AuthenticationPrincipal CurrentUser user, @RequestParam boolean paused, RedirectAttributes redirect) {
        rules.setPaused(user, paused);
        redirect.addFlashAttribute(
                "flash", paused ? "All automatic approvals are stopped." : "Automatic approvals are allowed again.");
        return "redirect:/settings/automation";
    }

    @PostMapping("/settings/automation/rules")
    @PreAuthorize("hasRole('ADMIN')")
    String create(@AuthenticationPrincipal CurrentUser user, RuleForm form, RedirectAttributes redirect) {
        try {
            Rule rule = rules.create(user, form.input("off"));
            redirect.addFlashAttribute(
                    "flash", "Rule \"" + rule.name() + "\" created, switched off. Preview it, then switch it on.");
            return "redirect:/settings/automation/rules/" + rule.id();
        } catch (InvalidInputException | ConflictException e) {
            refused(redirect, form, e);
            return "redirect:/settings/automation#new-rule";
        }
    }

    @PostMapping("/settings/automation/rules/{id}")
    @PreAuthorize("hasRole('ADMIN')")
    String update(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            RuleForm form,
            RedirectAttributes redirect) {
        try {
            Rule current = rules.get(user.tenantId(), id);
            rules.update(user, id, form.input(current.mode().wire()));
            redirect.addFlashAttribute("flash", "Rule saved.");
        } catch (InvalidInputException | ConflictException e) {
            refused(redirect, form, e);
        }
        return "redirect:/settings/automation/rules/" + id;
    }

    @PostMapping("/settings/automation/rules/{id}/mode")
    @PreAuthorize("hasRole('ADMIN')")
    String mode(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestParam String mode,
            RedirectAttributes redirect) {
        return act(redirect, "/settings/automation/rules/" + id, () -> {
            Rule rule = rules.setMode(user, id, RuleMode.parse(mode, "mode"));
            return switch (rule.mode()) {
                case ON -> "Rule switched on: it approves what it previews, " + Rules.describe(rule.schedule()) + ".";
                case DRY_RUN ->
                    "Rule in dry run: it records what it would do, " + Rules.describe(rule.schedule()) + ".";
                case OFF -> "Rule switched off.";
            };
        });
    }

    @PostMapping("/settings/automation/rules/{id}/move")
    @PreAuthorize("hasRole('ADMIN')")
    String move(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID id,
            @RequestParam int position,
            RedirectAttributes redirect) {
        return act(
                redirect,
                "/settings/automation",
                () -> "Rule \"" + rules.move(user, id, position).name() + "\" moved.");
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
            redirect.addFlashAttribute(
                    "flash", "Run finished: " + run.approved() + " approved, " + run.held() + " held back.");
            return "redirect:/settings/automation/runs/" + run.id();
        } catch (ConflictException | InvalidInputException e) {
            redirect.addFlashAttribute("error", e.getMessage());
            return "redirect:/settings/automation/rules/" + id;
        }
    }

    /** The form comes back as typed, with the error under the field it names (and at the top of the page). */
    private static void refused(RedirectAttributes redirect, RuleForm form, RuntimeException e) {
        redirect.addFlashAttribute("error", e.getMessage());
        redirect.addFlashAttribute("form", form);
        if (e instanceof InvalidInputException invalid && invalid.field() != null) {
            redirect.addFlashAttribute("errorField", invalid.field());
        }
    }

    private void common(CurrentUser user, Model model, Map<String, String> names) {
        model.addAttribute("scopeChoices", names);
        model.addAttribute("isAdmin", user.can(Role.ADMIN));
        model.addAttribute("zone", calendar.zone(user.tenantId()));
        model.addAttribute(
                "days", List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"));
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
