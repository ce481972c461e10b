package com.trueup.reconciliation;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.YearMonth;
import java.util.UUID;

/**
 * The query string of the reconcile page and its CSV export: filters, sort, grouping and paging, bound by Spring MVC.
 * Ids and numbers are typed and checked by binding; period, status, sort and group are read by {@link LineQuery}, as
 * for the API, so a value means the same (and is refused the same way) on both.
 */
record ReconcileParams(
        String period,
        String status,
        UUID integrationId,
        UUID companyId,
        String serviceId,
        String client,
        String sort,
        String group,
        @PositiveOrZero Integer page,
        @Min(1) @Max(500) Integer size) {

    static final int DEFAULT_SIZE = 50;

    LineQuery lines(YearMonth currentMonth) {
        return LineQuery.parse(
                period, currentMonth, status, integrationId, companyId, serviceId, null, client, sort, group);
    }

    int pageNumber() {
        return page == null ? 0 : page;
    }

    int pageSize() {
        return size == null ? DEFAULT_SIZE : size;
    }
}
