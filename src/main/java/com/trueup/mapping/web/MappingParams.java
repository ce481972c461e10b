package com.trueup.mapping.web;

import jakarta.validation.constraints.Pattern;
import java.util.UUID;

/** The mapping page's query string, bound by Spring MVC: the vendor integration (null: the first) and the step. */
record MappingParams(
        UUID integration,

        @Pattern(regexp = "(accounts|services)?", message = "must be accounts or services")
        String step) {

    String stepOrAccounts() {
        return MappingPageController.SERVICES.equals(step)
                ? MappingPageController.SERVICES
                : MappingPageController.ACCOUNTS;
    }
}
