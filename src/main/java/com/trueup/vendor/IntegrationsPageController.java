package com.trueup.vendor;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class IntegrationsPageController {

    @GetMapping("/integrations")
    String index() {
        return "vendor/index";
    }
}
