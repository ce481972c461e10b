package com.trueup.mapping;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class MappingPageController {

    @GetMapping("/mapping")
    String index() {
        return "mapping/index";
    }
}
