package com.trueup.reconciliation;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class ReconcilePageController {

    @GetMapping("/reconcile")
    String index() {
        return "reconciliation/index";
    }
}
