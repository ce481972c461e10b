package com.trueup.reconciliation;

import com.trueup.shared.BillingPeriod;
import com.trueup.shared.InvalidInputException;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Filters, sort and grouping of a listing. {@code serviceRef} is a vendor service's Vendor API {@code _id};
 * {@code client} matches company names (contains, case-insensitive).
 */
record LineQuery(
        YearMonth period,
        Set<LineStatus> statuses,
        UUID integrationId,
        UUID companyId,
        String serviceRef,
        UUID productId,
        String client,
        String sort,
        boolean descending,
        String group) {

    /** Sortable columns: API name → SQL column. */
    static final Map<String, String> SORT_COLUMNS = Map.ofEntries(
            Map.entry("company", "l.company_name"),
            Map.entry("companyName", "l.company_name"),
            Map.entry("client", "l.company_name"),
            Map.entry("service", "l.service_name"),
            Map.entry("serviceName", "l.service_name"),
            Map.entry("account", "l.vendor_account_ref"),
            Map.entry("vendorAccountId", "l.vendor_account_ref"),
            Map.entry("vendorQuantity", "l.vendor_quantity"),
            Map.entry("psaQuantity", "l.psa_quantity"),
            Map.entry("quantityToWrite", "l.quantity_to_write"),
            Map.entry("difference", "l.difference"),
            Map.entry("unitPrice", "l.unit_price"),
            Map.entry("unitCost", "l.unit_cost"),
            Map.entry("revenueChange", "l.revenue_change"),
            Map.entry("profitChange", "l.profit_change"),
            Map.entry("status", "l.status"),
            Map.entry("effectiveDate", "l.effective_date"));

    static final List<String> GROUPS = List.of("none", "client", "service");

    static LineQuery parse(
            String period,
            YearMonth defaultPeriod,
            String status,
            UUID integrationId,
            UUID companyId,
            String serviceId,
            UUID productId,
            String client,
            String sort,
            String group) {
        YearMonth month =
                period == null || period.isBlank() ? defaultPeriod : BillingPeriod.parseMonth(period, "period");
        Set<LineStatus> statuses = EnumSet.noneOf(LineStatus.class);
        if (status != null && !status.isBlank()) {
            for (String s : status.split(",")) {
                if (!s.isBlank()) {
                    statuses.add(LineStatus.parse(s));
                }
            }
        }
        String sortField = "company";
        boolean descending = false;
        if (sort != null && !sort.isBlank()) {
            String s = sort.trim();
            if (s.startsWith("-")) {
                descending = true;
                s = s.substring(1);
            }
            int comma = s.indexOf(',');
            if (comma >= 0) {
                String direction = s.substring(comma + 1).trim().toLowerCase(Locale.ROOT);
                if (!direction.equals("asc") && !direction.equals("desc")) {
                    throw new InvalidInputException(
                            "sort", "sort direction must be asc or desc (got '" + direction + "')");
                }
                descending = direction.equals("desc");
                s = s.substring(0, comma).trim();
            }
            if (!SORT_COLUMNS.containsKey(s)) {
                throw new InvalidInputException(
                        "sort",
                        "cannot sort by '" + s + "': use one of "
                                + String.join(", ", new java.util.TreeSet<>(SORT_COLUMNS.keySet()))
                                + ", optionally with ,asc or ,desc");
            }
            sortField = s;
        }
        String g = group == null || group.isBlank() ? "none" : group.trim().toLowerCase(Locale.ROOT);
        if (!GROUPS.contains(g)) {
            throw new InvalidInputException("group", "group must be none, client or service (got '" + group + "')");
        }
        String serviceRef = serviceId == null || serviceId.isBlank() ? null : serviceId.trim();
        String clientText = client == null || client.isBlank() ? null : client.trim();
        return new LineQuery(
                month, statuses, integrationId, companyId, serviceRef, productId, clientText, sortField, descending, g);
    }

    /** The WHERE clause (after tenant and period) and its parameters, appended to {@code params}. */
    String where(UUID tenantId, String periodKey, List<Object> params) {
        StringBuilder sql = new StringBuilder(" where l.tenant_id = ? and l.period = ? and l.active = true");
        params.add(tenantId);
        params.add(periodKey);
        if (!statuses.isEmpty()) {
            sql.append(" and l.status in (")
                    .append(String.join(", ", statuses.stream().map(s -> "?").toList()))
                    .append(')');
            statuses.forEach(s -> params.add(s.wire()));
        }
        if (integrationId != null) {
            sql.append(
                    " and (l.integration_id = ? or (l.series_count > 1 and exists (select 1 from reconciliation_line_series s "
                            + "where s.tenant_id = l.tenant_id and s.line_id = l.id and s.integration_id = ?)))");
            params.add(integrationId);
            params.add(integrationId);
        }
        if (companyId != null) {
            sql.append(" and l.psa_company_id = ?");
            params.add(companyId);
        }
        if (serviceRef != null) {
            sql.append(
                    " and (l.vendor_service_ref = ? or (l.series_count > 1 and exists (select 1 from reconciliation_line_series s "
                            + "where s.tenant_id = l.tenant_id and s.line_id = l.id and s.vendor_service_ref = ?)))");
            params.add(serviceRef);
            params.add(serviceRef);
        }
        if (productId != null) {
            sql.append(" and l.psa_product_id = ?");
            params.add(productId);
        }
        if (client != null) {
            sql.append(" and lower(l.company_name) like ?");
            params.add("%" + client.toLowerCase(Locale.ROOT).replace("%", "").replace("_", "") + "%");
        }
        return sql.toString();
    }

    String orderBy() {
        List<String> order = new ArrayList<>();
        if (group.equals("client")) {
            order.add("l.company_name");
        } else if (group.equals("service")) {
            order.add("l.service_name");
        }
        order.add(SORT_COLUMNS.get(sort) + (descending ? " desc" : " asc"));
        order.add("l.company_name");
        order.add("l.service_name");
        order.add("l.id");
        return " order by " + String.join(", ", order);
    }

    /** The same query with another sort, for column links. */
    LineQuery sortedBy(String field) {
        boolean desc = field.equals(sort) && !descending;
        return new LineQuery(
                period, statuses, integrationId, companyId, serviceRef, productId, client, field, desc, group);
    }
}
