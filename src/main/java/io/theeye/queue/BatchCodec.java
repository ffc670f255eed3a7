package io.theeye.queue;

import io.theeye.event.Event;
import io.theeye.event.FieldError;
import io.theeye.event.IngestBatch;
import io.theeye.event.RejectedEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The wire format of a batch on a broker: JSON, with a version first so that a reader can refuse what it does not
 * know. Instants travel as integer microseconds since the epoch (exact), an event's {@code data} as the JSON text it
 * was stored as (kept byte for byte).
 *
 * <pre>{"v": 1, "events": [{"id", "client_id", "session_id", "category", "name", "data", "timestamp",
 * "received_at", "schema_version"}], "rejected": [{"id", "client_id", "received_at", "raw", "errors": [{"field",
 * "message"}]}]}</pre>
 *
 * <p>{@code schema_version} (the version of the payload schema the event passed) is written only when there is one,
 * and read as absent when missing: batches written before it existed, and by API processes that do not know it, still
 * read as version 1. A worker that does not know it ignores it, as it ignores any unknown field.
 */
public final class BatchCodec {

    /** The version this code writes and the only one it reads. */
    public static final int VERSION = 1;

    /** How much of an unreadable payload is kept in its rejected event. */
    private static final int RAW_KEPT = 8192;

    private final JsonMapper json;

    public BatchCodec(JsonMapper json) {
        this.json = json;
    }

    public byte[] encode(IngestBatch batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + batch.size() * 256);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberProperty("v", VERSION);
            g.writeArrayPropertyStart("events");
            for (Event e : batch.events()) {
                g.writeStartObject();
                g.writeStringProperty("id", e.id().toString());
                g.writeStringProperty("client_id", e.clientId().toString());
                g.writeStringProperty("session_id", e.sessionId());
                g.writeStringProperty("category", e.category());
                g.writeStringProperty("name", e.name());
                g.writeStringProperty("data", e.data());
                g.writeNumberProperty("timestamp", micros(e.timestamp()));
                g.writeNumberProperty("received_at", micros(e.receivedAt()));
                if (e.schemaVersion() != null) {
                    g.writeNumberProperty("schema_version", e.schemaVersion());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayPropertyStart("rejected");
            for (RejectedEvent r : batch.rejected()) {
                g.writeStartObject();
                g.writeStringProperty("id", r.id().toString());
                g.writeStringProperty(
                        "client_id", r.clientId() == null ? null : r.clientId().toString());
                g.writeNumberProperty("received_at", micros(r.receivedAt()));
                g.writeStringProperty("raw", r.raw());
                g.writeArrayPropertyStart("errors");
                for (FieldError error : r.errors()) {
                    g.writeStartObject();
                    g.writeStringProperty("field", error.field());
                    g.writeStringProperty("message", error.message());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /**
     * Reads a batch. A payload that is no batch of a version this code knows becomes a batch of one rejected event
     * saying why and keeping the payload's start, so that it is recorded and acknowledged, never lost or retried for
     * ever.
     *
     * @param receipt the broker's name for the payload (an entry id, a partition and offset): a redelivered payload
     *     gives the same rejection id, so it is recorded once
     */
    public IngestBatch decode(byte[] payload, String receipt, Instant now) {
        JsonNode root;
        try {
            root = json.readTree(payload);
        } catch (JacksonException e) {
            return unreadable(payload, receipt, now, "not a batch: " + e.getOriginalMessage());
        }
        JsonNode version = root == null ? null : root.get("v");
        if (version == null || !version.isInt()) {
            return unreadable(payload, receipt, now, "not a batch: no version");
        }
        if (version.intValue() != VERSION) {
            return unreadable(
                    payload,
                    receipt,
                    now,
                    "wire format version " + version.intValue() + " is unknown to this worker (it reads " + VERSION
                            + "): upgrade the worker");
        }
        try {
            List<Event> events = new ArrayList<>();
            for (JsonNode e : root.get("events")) {
                JsonNode schemaVersion = e.get("schema_version");
                events.add(new Event(
                        UUID.fromString(e.get("id").stringValue()),
                        UUID.fromString(e.get("client_id").stringValue()),
                        e.get("session_id").stringValue(),
                        e.get("category").stringValue(),
                        e.get("name").stringValue(),
                        e.get("data").stringValue(),
                        instant(e.get("timestamp").longValue()),
                        instant(e.get("received_at").longValue()),
                        schemaVersion == null || schemaVersion.isNull() ? null : schemaVersion.intValue()));
            }
            List<RejectedEvent> rejected = new ArrayList<>();
            for (JsonNode r : root.get("rejected")) {
                List<FieldError> errors = new ArrayList<>();
                for (JsonNode error : r.get("errors")) {
                    errors.add(new FieldError(
                            error.get("field").stringValue(),
                            error.get("message").stringValue()));
                }
                JsonNode client = r.get("client_id");
                rejected.add(new RejectedEvent(
                        UUID.fromString(r.get("id").stringValue()),
                        client == null || client.isNull() ? null : UUID.fromString(client.stringValue()),
                        instant(r.get("received_at").longValue()),
                        r.get("raw").stringValue(),
                        errors));
            }
            return new IngestBatch(events, rejected);
        } catch (RuntimeException e) {
            return unreadable(payload, receipt, now, "not a batch of version " + VERSION + ": " + e);
        }
    }

    private static IngestBatch unreadable(byte[] payload, String receipt, Instant now, String reason) {
        String raw = new String(payload, 0, Math.min(payload.length, RAW_KEPT), StandardCharsets.UTF_8);
        UUID id = UUID.nameUUIDFromBytes(("unreadable batch " + receipt).getBytes(StandardCharsets.UTF_8));
        return new IngestBatch(
                List.of(), List.of(new RejectedEvent(id, null, now, raw, List.of(new FieldError("batch", reason)))));
    }

    static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1000L);
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }
}
