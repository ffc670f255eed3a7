package io.theeye.admin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live tail's stream of server-sent events as a browser's script reads it, on a thread of its own: the events'
 * names and the missed counts, as they come.
 */
final class TailStream implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final InputStream body;
    private final List<JsonNode> events = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong missed = new AtomicLong();

    private TailStream(InputStream body) {
        this.body = body;
        Thread.ofVirtual().name("tail-stream").start(this::read);
    }

    /**
     * Opens the stream with these query parameters (the page's filters); once it returns, the server watches for
     * this viewer.
     */
    static TailStream open(AdminSession session, String query) {
        HttpResponse<InputStream> response = session.open("/admin/tail/stream?" + query);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the tail's stream answered " + response.statusCode());
        }
        return new TailStream(response.body());
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String name = null;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("event:")) {
                    name = line.substring("event:".length()).strip();
                } else if (line.startsWith("data:") && "events".equals(name)) {
                    JSON.readTree(line.substring("data:".length())).forEach(events::add);
                } else if (line.startsWith("data:") && "missed".equals(name)) {
                    missed.addAndGet(
                            Long.parseLong(line.substring("data:".length()).strip()));
                } else if (line.isEmpty()) {
                    name = null;
                }
            }
        } catch (IOException e) {
            // Closed by the test, or by the server.
        }
    }

    /** The names of the events received so far, in order. */
    List<String> names() {
        synchronized (events) {
            return events.stream().map(e -> e.get("name").asString()).toList();
        }
    }

    /** The events received so far, as the page gets them (id, client, session_id, category, name, ...). */
    List<JsonNode> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    long missed() {
        return missed.get();
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            // Gone already.
        }
    }
}
