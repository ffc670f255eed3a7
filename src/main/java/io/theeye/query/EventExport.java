package io.theeye.query;

import io.theeye.event.EventFilter;
import io.theeye.event.EventTimestamps;
import io.theeye.store.EventReads;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/**
 * Streams every event a filter matches, in (timestamp, id) order, as NDJSON or CSV, each written as the store reads
 * it, so memory stays flat however many events match.
 */
final class EventExport {

    private static final String FORMULA_STARTS = "=+-@\t\r";

    private static final String CSV_HEADER =
            "id,session_id,category,name,timestamp,received_at,data,original_timestamp\r\n";

    private final EventReads events;
    private final JsonMapper json;
    private final Semaphore running;
    private final int maxPerClient;
    private final Map<UUID, Integer> runningPerClient = new ConcurrentHashMap<>();

    EventExport(EventReads events, JsonMapper json, int maxConcurrent, int maxPerClient) {
        this.events = events;
        this.json = json;
        this.running = new Semaphore(maxConcurrent);
        this.maxPerClient = maxPerClient;
    }

    /**
     * Runs an export if fewer than the maximum are running, overall and for this client, and says whether it ran. A
     * slow reader keeps its connection for the whole export; the overall bound keeps connections for ingest and
     * queries, the bound per client keeps one client's slow downloads from taking every export there is.
     */
    boolean ifRoom(UUID client, Runnable export) {
        if (!takeClientSlot(client)) {
            return false;
        }
        try {
            if (!running.tryAcquire()) {
                return false;
            }
            try {
                export.run();
                return true;
            } finally {
                running.release();
            }
        } finally {
            runningPerClient.computeIfPresent(client, (c, n) -> n == 1 ? null : n - 1);
        }
    }

    private boolean takeClientSlot(UUID client) {
        boolean[] taken = {false};
        runningPerClient.compute(client, (c, n) -> {
            int now = n == null ? 0 : n;
            if (now >= maxPerClient) {
                return n;
            }
            taken[0] = true;
            return now + 1;
        });
        return taken[0];
    }

    void ndjson(EventFilter filter, boolean descending, OutputStream out) {
        try (JsonGenerator generator = json.createGenerator(out)) {
            events.export(filter, descending, event -> {
                generator.writeStartObject();
                generator.writeStringProperty("id", event.id().toString());
                generator.writeStringProperty("session_id", event.sessionId());
                generator.writeStringProperty("category", event.category());
                generator.writeStringProperty("name", event.name());
                generator.writeName("data");
                generator.writeRawValue(event.data());
                generator.writeStringProperty("timestamp", EventTimestamps.format(event.timestamp()));
                generator.writeStringProperty("received_at", EventTimestamps.format(event.receivedAt()));
                Instant original = event.originalTimestamp();
                generator.writeStringProperty(
                        "original_timestamp", original == null ? null : EventTimestamps.format(original));
                generator.writeEndObject();
                generator.writeRaw('\n');
            });
        }
    }

    void csv(EventFilter filter, boolean descending, Writer out) {
        write(out, CSV_HEADER);
        StringBuilder line = new StringBuilder(256);
        events.export(filter, descending, event -> {
            line.setLength(0);
            line.append(event.id()).append(',');
            csvField(line, event.sessionId()).append(',');
            csvField(line, event.category()).append(',');
            csvField(line, event.name()).append(',');
            line.append(EventTimestamps.format(event.timestamp())).append(',');
            line.append(EventTimestamps.format(event.receivedAt())).append(',');
            csvField(line, event.data()).append(',');
            // Last, so that readers of the columns before it by position read them as before; empty when not corrected.
            Instant original = event.originalTimestamp();
            if (original != null) {
                line.append(EventTimestamps.format(original));
            }
            line.append("\r\n");
            write(out, line);
        });
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Writer writer(OutputStream out) {
        return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
    }

    /**
     * RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. A field a spreadsheet would
     * read as a formula (starting with {@code = + - @}, tab or carriage return) gets a leading {@code '} first, so
     * that opening an export cannot run what a client put in its events (CSV injection).
     */
    static StringBuilder csvField(StringBuilder line, String value) {
        if (!value.isEmpty() && FORMULA_STARTS.indexOf(value.charAt(0)) >= 0) {
            value = "'" + value;
        }
        boolean quote = value.indexOf(',') >= 0
                || value.indexOf('"') >= 0
                || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0;
        if (!quote) {
            return line.append(value);
        }
        return line.append('"').append(value.replace("\"", "\"\"")).append('"');
    }

    private static void write(Writer out, CharSequence text) {
        try {
            out.append(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
