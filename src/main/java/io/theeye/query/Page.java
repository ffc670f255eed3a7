package io.theeye.query;

import java.util.List;
import java.util.function.Function;

/**
 * One page of results and the cursor of the next, null on the last page.
 */
record Page<T>(List<T> results, String next) {

    /**
     * The page of the rows a query returned when asked for one more than the limit: that extra row, if it came,
     * says a next page exists, which starts after the page's last row.
     */
    static <R, T> Page<T> of(List<R> rows, int limit, Function<R, T> view, Function<R, Cursor> cursor, String query) {
        boolean more = rows.size() > limit;
        List<R> page = more ? rows.subList(0, limit) : rows;
        return new Page<>(
                page.stream().map(view).toList(),
                more ? cursor.apply(page.getLast()).encode(query) : null);
    }
}
