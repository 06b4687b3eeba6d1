package io.strom.control.internal;

import java.util.List;
import java.util.Map;

/**
 * MediaMTX's pagination: {@code itemsPerPage} (default 100, 1 to 2^31-1) and {@code page}
 * (default 0, counted from 0, 0 to 2^31-1). A page past the end is empty; {@code pageCount} is 0
 * for an empty list. A value that is not such a number is a 400 naming the parameter.
 */
record Page(int itemsPerPage, int page) {

    static final int DEFAULT_ITEMS_PER_PAGE = 100;

    static Page of(Map<String, List<String>> query) throws ApiException {
        int perPage = param(query, "itemsPerPage", DEFAULT_ITEMS_PER_PAGE);
        if (perPage == 0) {
            throw new ApiException(400, "invalid itemsPerPage: must be at least 1");
        }
        return new Page(perPage, param(query, "page", 0));
    }

    private static int param(Map<String, List<String>> query, String name, int fallback) throws ApiException {
        List<String> values = query.get(name);
        if (values == null || values.isEmpty() || values.get(0).isEmpty()) {
            return fallback;
        }
        String v = values.get(0);
        try {
            if (!v.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new NumberFormatException();
            }
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ApiException(400, "invalid " + name + ": '" + v + "' is not a number from 0 to " + Integer.MAX_VALUE);
        }
    }

    int pageCount(int itemCount) {
        return (int) ((itemCount + (long) itemsPerPage - 1) / itemsPerPage);
    }

    /** The items of this page. */
    <T> List<T> of(List<T> all) {
        long from = Math.min((long) page * itemsPerPage, all.size());
        long to = Math.min(from + itemsPerPage, all.size());
        return all.subList((int) from, (int) to);
    }
}
