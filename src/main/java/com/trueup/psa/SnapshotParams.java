package com.trueup.psa;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;

/** The snapshot browser's query string, bound by Spring MVC: which tab, the search text and the page. */
record SnapshotParams(
        @Pattern(regexp = "(contracts|companies|products)?", message = "must be contracts, companies or products")
        String tab,

        String q,
        @PositiveOrZero Integer page) {

    String tabOrContracts() {
        return tab == null || tab.isBlank() ? "contracts" : tab;
    }

    int pageNumber() {
        return page == null ? 0 : page;
    }
}
