package com.trueup.web;

import com.trueup.shared.CurrentUser;
import com.trueup.shared.SetupStep;
import com.trueup.shared.web.ChecklistStep;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class HomeController {

    private final List<SetupStep> steps;

    HomeController(List<SetupStep> steps) {
        this.steps = steps;
    }

    @GetMapping("/")
    String home(@AuthenticationPrincipal CurrentUser user, Model model) {
        List<ChecklistStep> views = ChecklistStep.of(steps, user.tenantId());
        model.addAttribute("steps", views);
        model.addAttribute("allDone", !views.isEmpty() && views.stream().allMatch(ChecklistStep::done));
        return "home";
    }
}
