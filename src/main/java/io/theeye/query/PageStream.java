package io.theeye.query;

import java.io.OutputStream;
import java.util.function.Function;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a {@link Page} as its rows are read, fed one more row than the limit as {@link Page#of} is: a page of 1,000
 * events of 64 KiB each is never held in memory whole. The JSON is the same as Page's: {@code results}, then
 * {@code next}, which only the extra row decides.
 *
 * <p>Nothing is written before the first row, so a read that fails at once (a timeout, say) can still be answered
 * with its error.
 */
final class PageStream<R, T> {

    private final JsonMapper json;
    private final OutputStream out;
    private final int limit;
    private final Function<R, T> view;
    private final Function<R, Cursor> cursor;
    private final String query;

    private JsonGenerator generator;
    private int written;
    private R last;
    private boolean more;

    PageStream(
            JsonMapper json,
            OutputStream out,
            int limit,
            Function<R, T> view,
            Function<R, Cursor> cursor,
            String query) {
        this.json = json;
        this.out = out;
        this.limit = limit;
        this.view = view;
        this.cursor = cursor;
        this.query = query;
    }

    void add(R row) {
        if (written == limit) {
            more = true;
            return;
        }
        start();
        generator.writePOJO(view.apply(row));
        last = row;
        written++;
    }

    /** Ends the page once every row has been added. */
    void finish() {
        start();
        generator.writeEndArray();
        generator.writeName("next");
        if (more) {
            generator.writeString(cursor.apply(last).encode(query));
        } else {
            generator.writeNull();
        }
        generator.writeEndObject();
        generator.close();
    }

    private void start() {
        if (generator == null) {
            generator = json.createGenerator(out);
            generator.writeStartObject();
            generator.writeName("results");
            generator.writeStartArray();
        }
    }
}
