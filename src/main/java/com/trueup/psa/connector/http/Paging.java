package com.trueup.psa.connector.http;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntFunction;
import tools.jackson.databind.JsonNode;

/**
 * How a PSA pages a list: the first request, the items of a page, and the request of the next page (none at the end).
 * {@link HttpApi#forEach} walks the pages and refuses more than {@link HttpApi#MAX_PAGES}.
 */
public interface Paging {

    PsaRequest first();

    List<JsonNode> items(JsonNode page);

    /** The next page's request, or empty when {@code page} (with {@code itemsOnPage} items, {@code seen} so far) was the last. */
    Optional<PsaRequest> next(PsaRequest previous, JsonNode page, int pageNumber, int itemsOnPage, long seen);

    /** When a numbered list ends. */
    interface End {
        boolean after(JsonNode page, int pageNumber, int itemsOnPage, long seen);

        /** The list ends when this or {@code other} says so. */
        default End or(End other) {
            return (page, number, items, seen) ->
                    after(page, number, items, seen) || other.after(page, number, items, seen);
        }
    }

    /** A page with fewer than {@code pageSize} items is the last (an empty page too). */
    static End shortPage(int pageSize) {
        return (page, number, items, seen) -> items < pageSize;
    }

    /** The last page is the one whose number reaches the total the PSA reports (e.g. {@code meta.total_pages}). */
    static End totalPages(Function<JsonNode, BigDecimal> totalPages) {
        return (page, number, items, seen) -> {
            BigDecimal total = totalPages.apply(page);
            return items == 0 || (total != null ? number >= total.longValue() : true);
        };
    }

    /** The list ends once as many items were seen as the PSA reports in all (e.g. {@code record_count}). */
    static End totalRecords(Function<JsonNode, BigDecimal> totalRecords) {
        return (page, number, items, seen) -> {
            BigDecimal total = totalRecords.apply(page);
            return items == 0 || (total != null ? seen >= total.longValue() : true);
        };
    }

    /**
     * Numbered pages from {@code firstPage}: {@code request} builds the request of a page number, {@code items} reads
     * a page's items, {@code end} decides when the list ends.
     */
    static Paging numbered(
            int firstPage, IntFunction<PsaRequest> request, Function<JsonNode, List<JsonNode>> items, End end) {
        return new Paging() {
            @Override
            public PsaRequest first() {
                return request.apply(firstPage);
            }

            @Override
            public List<JsonNode> items(JsonNode page) {
                return items.apply(page);
            }

            @Override
            public Optional<PsaRequest> next(
                    PsaRequest previous, JsonNode page, int pageNumber, int itemsOnPage, long seen) {
                return end.after(page, pageNumber, itemsOnPage, seen)
                        ? Optional.empty()
                        : Optional.of(request.apply(firstPage + pageNumber));
            }
        };
    }

    /**
     * Pages linked by the PSA: {@code nextLink} reads the next page's absolute URL from a page (null or blank at the
     * end); it is followed with GET, and only on the same scheme, host and port as {@code first} — a link elsewhere
     * is refused, so credentials never travel to another host.
     */
    static Paging linked(
            PsaRequest first, Function<JsonNode, List<JsonNode>> items, Function<JsonNode, String> nextLink) {
        return new Paging() {
            @Override
            public PsaRequest first() {
                return first;
            }

            @Override
            public List<JsonNode> items(JsonNode page) {
                return items.apply(page);
            }

            @Override
            public Optional<PsaRequest> next(
                    PsaRequest previous, JsonNode page, int pageNumber, int itemsOnPage, long seen) {
                String link = nextLink.apply(page);
                if (link == null || link.isBlank()) {
                    return Optional.empty();
                }
                URI next = URI.create(link.strip());
                URI origin = first.uri();
                if (next.getHost() == null
                        || !next.getHost().equalsIgnoreCase(origin.getHost())
                        || next.getPort() != origin.getPort()
                        || !origin.getScheme().equalsIgnoreCase(next.getScheme())) {
                    throw com.trueup.psa.connector.ConnectorException.permanent(
                            "the next page of " + origin.getPath() + " points to another host");
                }
                return Optional.of(PsaRequest.get(next));
            }
        };
    }
}
