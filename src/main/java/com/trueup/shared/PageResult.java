package com.trueup.shared;

import java.util.List;
import java.util.function.Function;

/** One page of a listing: {@code page} is 0-based, {@code total} counts all matching items. */
public record PageResult<T>(List<T> items, int page, int size, long total) {

    public <R> PageResult<R> map(Function<T, R> mapper) {
        return new PageResult<>(items.stream().map(mapper).toList(), page, size, total);
    }

    public int totalPages() {
        return size == 0 ? 0 : (int) ((total + size - 1) / size);
    }

    public boolean hasNext() {
        return (long) (page + 1) * size < total;
    }

    public boolean hasPrevious() {
        return page > 0;
    }

    /** Validates paging parameters from a request. */
    public static int checkedSize(Integer size, int defaultSize, int max) {
        if (size == null) {
            return defaultSize;
        }
        if (size < 1 || size > max) {
            throw new InvalidInputException("size", "size must be between 1 and " + max);
        }
        return size;
    }

    public static int checkedPage(Integer page) {
        if (page == null) {
            return 0;
        }
        if (page < 0) {
            throw new InvalidInputException("page", "page must be 0 or more");
        }
        return page;
    }
}
