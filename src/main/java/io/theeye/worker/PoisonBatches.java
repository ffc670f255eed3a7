package io.theeye.worker;

import io.theeye.event.Event;
import io.theeye.event.EventTimestamps;
import io.theeye.event.FieldError;
import io.theeye.event.IngestBatch;
import io.theeye.event.RejectedEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns a batch that could not be stored, try after try, into rejected events that say so: the queue moves on and
 * nothing is lost. The ids are derived from the events', so storing the same replacement twice keeps it once.
 */
final class PoisonBatches {

    private final JsonMapper json;

    PoisonBatches(JsonMapper json) {
        this.json = json;
    }

    IngestBatch replacement(IngestBatch poison, int attempts, Throwable cause) {
        String reason = "could not be stored after " + attempts + " tries: " + cause;
        List<RejectedEvent> rejected = new ArrayList<>(poison.rejected());
        for (Event event : poison.events()) {
            rejected.add(new RejectedEvent(
                    UUID.nameUUIDFromBytes(
                            ("poison " + event.clientId() + " " + event.id()).getBytes(StandardCharsets.UTF_8)),
                    event.clientId(),
                    event.receivedAt(),
                    raw(event),
                    List.of(new FieldError("event", reason))));
        }
        return new IngestBatch(List.of(), rejected);
    }

    /** The event as a client would have sent it, its id and timestamp included. */
    private String raw(Event event) {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("id", event.id().toString());
        raw.put("session_id", event.sessionId());
        raw.put("category", event.category());
        raw.put("name", event.name());
        raw.put("timestamp", EventTimestamps.format(event.timestamp()));
        String fields = json.writeValueAsString(raw);
        return fields.substring(0, fields.length() - 1) + ",\"data\":" + event.data() + "}";
    }
}
