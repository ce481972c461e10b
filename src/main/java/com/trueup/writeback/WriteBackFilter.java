package com.trueup.writeback;

import jakarta.validation.constraints.PositiveOrZero;
import java.util.Set;
import java.util.UUID;

/**
 * The write-backs page's query string, bound by Spring MVC: statuses (comma-separated wire names, read as the API
 * reads them), the PSA connection (null: all) and the page.
 */
record WriteBackFilter(
        String status, UUID connectionId, @PositiveOrZero Integer page) {

    /** The status filter as typed, trimmed; "" for all. */
    String statusText() {
        return status == null ? "" : status.trim();
    }

    Set<WriteBackStatus> statuses() {
        return WriteBackApiController.statuses(statusText());
    }

    int pageNumber() {
        return page == null ? 0 : page;
    }
}
