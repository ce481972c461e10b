package com.trueup.reconciliation;

import com.trueup.shared.Quantities;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** A row of the reconcile table: a group header (group != null) or a line (public accessors: for templates). */
record ReconcileRow(String group, long groupCount, BigDecimal groupRevenue, ReconciliationListing.LineView line) {

    /** The page's lines as rows, with a header row before each client's or service's lines when grouped. */
    static List<ReconcileRow> of(List<ReconciliationListing.LineView> items, String group) {
        List<ReconcileRow> rows = new ArrayList<>();
        if (group.equals("none")) {
            items.forEach(v -> rows.add(new ReconcileRow(null, 0, null, v)));
            return rows;
        }
        String current = null;
        int headerIndex = -1;
        long count = 0;
        BigDecimal revenue = Quantities.ZERO;
        for (ReconciliationListing.LineView v : items) {
            String name = group.equals("client")
                    ? v.line().row().companyName()
                    : v.line().row().serviceName();
            name = name == null ? "(none)" : name;
            if (!name.equals(current)) {
                if (headerIndex >= 0) {
                    rows.set(headerIndex, new ReconcileRow(current, count, revenue, null));
                }
                current = name;
                count = 0;
                revenue = Quantities.ZERO;
                headerIndex = rows.size();
                rows.add(null);
            }
            count++;
            if (v.line().status().actionable() && v.line().row().revenueChange() != null) {
                revenue = revenue.add(v.line().row().revenueChange());
            }
            rows.add(new ReconcileRow(null, 0, null, v));
        }
        if (headerIndex >= 0) {
            rows.set(headerIndex, new ReconcileRow(current, count, revenue, null));
        }
        return rows;
    }
}
