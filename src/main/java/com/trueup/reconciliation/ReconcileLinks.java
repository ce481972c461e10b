package com.trueup.reconciliation;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Links of the reconcile page that keep the current filters (public methods: for templates). */
record ReconcileLinks(LineQuery query, int page, int size) {

    public String self() {
        return build(query, page, size);
    }

    /** The page sorted by {@code field}: a column sorted already reverses. */
    public String sort(String field) {
        return build(query.sortedBy(field), 0, size);
    }

    /** The aria-sort of {@code field}'s column heading: null when the table is not sorted by it. */
    public String ariaSort(String field) {
        if (!field.equals(query.sort())) {
            return null;
        }
        return query.descending() ? "descending" : "ascending";
    }

    public String page(int number) {
        return build(query, number, size);
    }

    public String export() {
        return build(query, -1, size).replaceFirst("^/reconcile", "/reconcile/export.csv");
    }

    static String build(LineQuery q, int page, int size) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("period", q.period().toString());
        if (!q.statuses().isEmpty()) {
            p.put(
                    "status",
                    String.join(",", q.statuses().stream().map(LineStatus::wire).toList()));
        }
        if (q.integrationId() != null) {
            p.put("integrationId", q.integrationId().toString());
        }
        if (q.companyId() != null) {
            p.put("companyId", q.companyId().toString());
        }
        if (q.serviceRef() != null) {
            p.put("serviceId", q.serviceRef());
        }
        if (q.client() != null) {
            p.put("client", q.client());
        }
        if (!q.sort().equals("company") || q.descending()) {
            p.put("sort", q.sort() + (q.descending() ? ",desc" : ",asc"));
        }
        if (!q.group().equals("none")) {
            p.put("group", q.group());
        }
        if (page > 0) {
            p.put("page", String.valueOf(page));
        }
        if (size != ReconcileParams.DEFAULT_SIZE && page >= 0) {
            p.put("size", String.valueOf(size));
        }
        StringBuilder url = new StringBuilder("/reconcile");
        char sep = '?';
        for (Map.Entry<String, String> e : p.entrySet()) {
            url.append(sep)
                    .append(e.getKey())
                    .append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
            sep = '&';
        }
        return url.toString();
    }
}
