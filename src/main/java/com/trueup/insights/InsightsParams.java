package com.trueup.insights;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * The insights page's query string, bound by Spring MVC: the period, how many months the trend shows and the sort of
 * each table. The period and the sorts are read as the API reads them ({@link InsightsService#parsePeriod},
 * {@link InsightSort#parse}), so a value means the same (and is refused the same way) on both.
 */
record InsightsParams(
        String period,
        @Min(1) @Max(InsightsService.MAX_MONTHS) Integer months,
        String serviceSort,
        String clientSort) {

    int trendMonths() {
        return months == null ? InsightsService.DEFAULT_TREND_MONTHS : months;
    }

    InsightSort services() {
        return InsightSort.parse(serviceSort, "serviceSort");
    }

    InsightSort clients() {
        return InsightSort.parse(clientSort, "clientSort");
    }
}
