package com.trueup.psa.connector;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A documented CSV export of a PSA that TrueUp can import as it comes (a preset import profile): which snapshot part
 * it holds, how it is written (delimiter, date format, decimal separator) and which of its column headers holds each
 * of TrueUp's {@link #FIELDS}. {@code inactiveValues} are values of the {@code status} column that mean "not billed"
 * (compared without regard to case). {@code source} names the public documentation the layout was taken from: a
 * layout is only declared for exports a PSA documents publicly.
 */
public record FileLayout(
        String name,
        SnapshotPart part,
        char delimiter,
        String dateFormat,
        char decimalSeparator,
        Map<String, String> columns,
        Set<String> inactiveValues,
        String source) {

    /** TrueUp's import fields, the keys of {@link #columns}. */
    public static final List<String> FIELDS = List.of(
            "company_id",
            "company_name",
            "contract_id",
            "contract_name",
            "product_id",
            "product_name",
            "line_id",
            "quantity",
            "unit_price",
            "unit_cost",
            "start_date",
            "end_date",
            "status");

    public FileLayout {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a file layout has a name");
        }
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException("a file layout names its public source: " + name);
        }
        for (String field : columns.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException("unknown import field " + field + " in layout " + name);
            }
        }
        columns = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        inactiveValues = Set.copyOf(inactiveValues);
    }
}
