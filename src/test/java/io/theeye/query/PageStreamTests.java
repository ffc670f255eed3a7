package io.theeye.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.event.Event;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class PageStreamTests {

    private static final JsonMapper JSON = JsonMapper.shared();
    private static final Instant T0 = Instant.parse("2024-03-01T10:00:00.000001Z");

    @Test
    void writesTheSameJsonAsAPageBuiltInMemory() {
        for (int rows : List.of(0, 2, 3, 4)) {
            List<Event> read = rows(rows, 10);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PageStream<Event, EventView> stream = stream(out, 3);

            read.forEach(stream::add);
            stream.finish();

            String built = JSON.writeValueAsString(Page.of(read, 3, EventView::of, Cursor::of, "q"));
            assertThat(out.toString(StandardCharsets.UTF_8)).as("%d rows", rows).isEqualTo(built);
        }
    }

    @Test
    void writesAPageOfLargeEventsAsItsRowsAreRead() {
        int limit = 1000;
        int[] rowsAdded = {0};
        int[] rowsAddedAtFirstWrite = {-1};
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                if (rowsAddedAtFirstWrite[0] < 0) {
                    rowsAddedAtFirstWrite[0] = rowsAdded[0];
                }
            }
        };
        PageStream<Event, EventView> stream = stream(out, limit);

        for (Event row : rows(limit + 1, 64 * 1024)) {
            stream.add(row);
            rowsAdded[0]++;
        }
        stream.finish();

        // Bytes reached the response while the first rows were being read, not after the page was whole.
        assertThat(rowsAddedAtFirstWrite[0]).isBetween(0, 2);
    }

    private static PageStream<Event, EventView> stream(OutputStream out, int limit) {
        return new PageStream<>(JSON, out, limit, EventView::of, Cursor::of, "q");
    }

    private static List<Event> rows(int count, int dataChars) {
        String data = "{\"pad\":\"" + "x".repeat(dataChars - 10) + "\"}";
        return IntStream.range(0, count)
                .mapToObj(i -> new Event(
                        UUID.randomUUID(),
                        UUID.randomUUID(),
                        "s",
                        "page",
                        "view " + i,
                        data,
                        T0.plusSeconds(i),
                        T0.plusSeconds(i),
                        null))
                .toList();
    }
}
