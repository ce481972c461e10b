package com.trueup.insights;

import java.util.UUID;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Links of the insights page that keep the other choices: sorting either table (services, clients), a client's
 * reconciliation (public methods: for templates).
 */
record InsightsLinks(String period, int months, InsightSort serviceSort, InsightSort clientSort) {

    /** The page sorted by {@code key} in {@code table}: a column sorted already reverses, another sorts its telling way first. */
    public String href(String table, String key) {
        boolean services = "services".equals(table);
        InsightSort s = services ? next(serviceSort, key) : serviceSort;
        InsightSort c = services ? clientSort : next(clientSort, key);
        return UriComponentsBuilder.fromPath("/insights")
                        .queryParam("period", period)
                        .queryParam("months", months)
                        .queryParam("serviceSort", s.wire())
                        .queryParam("clientSort", c.wire())
                        .build()
                        .encode()
                        .toUriString()
                + "#" + table;
    }

    /** The aria-sort of the column heading: null when the table is not sorted by it. */
    public String aria(String table, String key) {
        InsightSort current = sortOf(table);
        return current.key() == keyOf(key) ? (current.descending() ? "descending" : "ascending") : null;
    }

    public String reconcile(UUID companyId) {
        return UriComponentsBuilder.fromPath("/reconcile")
                .queryParam("period", period)
                .queryParam("companyId", companyId)
                .build()
                .toUriString();
    }

    private InsightSort sortOf(String table) {
        return "services".equals(table) ? serviceSort : clientSort;
    }

    private static InsightSort.Key keyOf(String key) {
        return InsightSort.parse(key, "sort").key();
    }

    private static InsightSort next(InsightSort current, String key) {
        InsightSort first = InsightSort.parse(key, "sort");
        return current.key() == first.key() ? new InsightSort(first.key(), !current.descending()) : first;
    }
}
