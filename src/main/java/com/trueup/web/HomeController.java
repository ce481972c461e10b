package com.trueup.web;

import com.trueup.shared.CurrentUser;
import com.trueup.shared.SetupStep;
import java.util.Comparator;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class HomeController {

    record StepView(String title, String hint, String href, boolean done) {
    }

    private final List<SetupStep> steps;

    HomeController(List<SetupStep> steps) {
        this.steps = steps;
    }

    @GetMapping("/")
    String home(@AuthenticationPrincipal CurrentUser user, Model model) {
        List<StepView> views = steps.stream()
                .sorted(Comparator.comparingInt(SetupStep::order))
                .map(s -> new StepView(s.title(), s.hint(), s.href(), s.done(user.tenantId())))
                .toList();
        model.addAttribute("steps", views);
        model.addAttribute("allDone", !views.isEmpty() && views.stream().allMatch(StepView::done));
        return "home";
    }
}
