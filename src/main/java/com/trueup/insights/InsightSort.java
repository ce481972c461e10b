package com.trueup.insights;

import com.trueup.shared.InvalidInputException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Order of a services or clients table: {@code key[,asc|desc]}, e.g. {@code leak,desc} or {@code margin,asc}. Ties are
 * broken by name; rows without a margin percentage come last.
 */
record InsightSort(Key key, boolean descending) {

    static final InsightSort DEFAULT = new InsightSort(Key.LEAK, true);

    enum Key {
        LEAK("leak", Ranked::revenueLeak, true),
        OVER_BILLING("overBilling", Ranked::overBilling, true),
        MARGIN("margin", Ranked::margin, false),
        MARGIN_PERCENT("marginPercent", Ranked::marginPercent, false),
        REVENUE("revenue", Ranked::billedRevenue, true),
        COST("cost", Ranked::vendorCost, true),
        NAME("name", null, false);

        final String wire;
        final Function<Ranked, BigDecimal> value;
        /** The direction a first click on the column sorts: the most telling rows first. */
        final boolean descendingFirst;

        Key(String wire, Function<Ranked, BigDecimal> value, boolean descendingFirst) {
            this.wire = wire;
            this.value = value;
            this.descendingFirst = descendingFirst;
        }
    }

    /** Parses {@code value}; null or blank gives the default (largest leak first); anything else unknown is a 400 naming {@code field}. */
    static InsightSort parse(String value, String field) {
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        String[] parts = value.trim().split(",", -1);
        Key key = Arrays.stream(Key.values())
                .filter(k -> k.wire.equalsIgnoreCase(parts[0].trim()))
                .findFirst()
                .orElseThrow(() -> new InvalidInputException(
                        field,
                        field + " must be one of "
                                + Arrays.stream(Key.values()).map(k -> k.wire).collect(Collectors.joining(", "))
                                + ", optionally followed by ,asc or ,desc (got '" + value + "')"));
        if (parts.length == 1) {
            return new InsightSort(key, key.descendingFirst);
        }
        String direction = parts.length == 2 ? parts[1].trim().toLowerCase(Locale.ROOT) : "";
        if (!direction.equals("asc") && !direction.equals("desc")) {
            throw new InvalidInputException(field, field + " direction must be asc or desc (got '" + value + "')");
        }
        return new InsightSort(key, direction.equals("desc"));
    }

    public String wire() {
        return key.wire + "," + (descending ? "desc" : "asc");
    }

    <T extends Ranked> List<T> sort(List<T> rows) {
        Comparator<Ranked> byName = Comparator.comparing(Ranked::name, String.CASE_INSENSITIVE_ORDER);
        Comparator<Ranked> order;
        if (key == Key.NAME) {
            order = descending ? byName.reversed() : byName;
        } else {
            Comparator<BigDecimal> values =
                    descending ? Comparator.<BigDecimal>reverseOrder() : Comparator.<BigDecimal>naturalOrder();
            order = Comparator.comparing(key.value, Comparator.nullsLast(values))
                    .thenComparing(byName);
        }
        List<T> sorted = new ArrayList<>(rows);
        sorted.sort(order);
        return List.copyOf(sorted);
    }
}
