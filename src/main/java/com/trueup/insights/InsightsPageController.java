package com.trueup.insights;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class InsightsPageController {

    @GetMapping("/insights")
    String index() {
        return "insights/index";
    }
}
