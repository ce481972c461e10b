package com.trueup.psa;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class PSAPageController {

    @GetMapping("/psa")
    String index() {
        return "psa/index";
    }
}
