package io.theeye.queue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.theeye.event.EpochMicros;
import io.theeye.event.Event;
import io.theeye.event.FieldError;
import io.theeye.event.IngestBatch;
import io.theeye.event.RejectedEvent;
import io.theeye.event.StorableText;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The wire format of a batch on a broker: a signature line, then the batch as JSON. Instants travel as integer
 * microseconds since the epoch (exact), an event's {@code data} as the JSON text it was stored as (kept byte for
 * byte).
 *
 * <pre>{"v": 2, "sig": "&lt;base64 HMAC-SHA256 of everything after the newline&gt;"}
 * {"events": [{"id", "client_id", "session_id", "category", "name", "data", "timestamp", "received_at",
 * "schema_version", "original_timestamp"}], "rejected": [{"id", "client_id", "received_at", "raw", "errors": [{"field", "message"}]}]}</pre>
 *
 * <p>Whoever can write to the broker could otherwise store events as any client: a worker stores only batches signed
 * with one of the keys it holds ({@code the-eye.queue.signing-key}, shared with the API processes). Anything else is
 * kept as a rejected event saying why, never stored as events: a batch without a signature (version 1, the unsigned
 * format before this one, is read only while {@code the-eye.queue.accept-unsigned} allows it, for an upgrade), one
 * whose signature matches no key, one that is not a batch at all, one of a version this worker does not know. Each is
 * counted in {@code theeye.queue.batches.refused} by reason.
 *
 * <p>{@code schema_version} (the version of the payload schema the event passed) and {@code original_timestamp} (the
 * timestamp as sent, when it was corrected for the sender's clock) are written only when there is one, and read as
 * absent when missing, as in batches written before them. A worker ignores any field it does not know.
 */
public final class BatchCodec {

    /** The version this code writes: signed. */
    public static final int VERSION = 2;

    /** The unsigned version before it, read only when allowed. */
    static final int UNSIGNED_VERSION = 1;

    private static final Logger log = LoggerFactory.getLogger(BatchCodec.class);

    private final JsonMapper json;
    private final BatchKeys keys;
    private final boolean acceptUnsigned;
    private final int rawMaxChars;
    private final Counter refusedUnsigned;
    private final Counter refusedWrongSignature;
    private final Counter refusedUnreadable;

    /**
     * @param signingKeys the keys, at least {@value BatchKeys#MIN_BYTES} bytes of UTF-8 each: the first signs, every
     *     one verifies
     * @param acceptUnsigned whether batches of the unsigned version 1 are read too (during an upgrade)
     * @param rawMaxChars how much of a payload that is not stored as events is kept in its rejected event, as of every
     *     refused event ({@code the-eye.ingest.rejected-raw-max-chars})
     */
    public BatchCodec(
            JsonMapper json, List<String> signingKeys, boolean acceptUnsigned, int rawMaxChars, MeterRegistry meters) {
        this.json = json;
        this.keys = new BatchKeys(signingKeys);
        this.acceptUnsigned = acceptUnsigned;
        this.rawMaxChars = rawMaxChars;
        this.refusedUnsigned = refused(meters, "unsigned");
        this.refusedWrongSignature = refused(meters, "wrong_signature");
        this.refusedUnreadable = refused(meters, "unreadable");
        if (acceptUnsigned) {
            log.warn(
                    "Unsigned batches (wire format version 1) are stored as well: anyone who can write to the broker can"
                            + " store events as any client. Turn the-eye.queue.accept-unsigned"
                            + " (THE_EYE_QUEUE_ACCEPT_UNSIGNED) off once every API process signs");
        }
    }

    private static Counter refused(MeterRegistry meters, String reason) {
        return Counter.builder("theeye.queue.batches.refused")
                .description("Batches read from the broker and not stored as events, kept as a rejected event saying"
                        + " why: unsigned, wrong_signature (no key verifies it), unreadable (not a batch, or a version"
                        + " this worker does not know)")
                .tag("reason", reason)
                .register(meters);
    }

    /** The batch in the wire format, signed with the first key. */
    public byte[] encode(IngestBatch batch) {
        byte[] body = body(batch);
        String header =
                "{\"v\":" + VERSION + ",\"sig\":\"" + Base64.getEncoder().encodeToString(keys.sign(body)) + "\"}\n";
        byte[] head = header.getBytes(StandardCharsets.US_ASCII);
        byte[] payload = new byte[head.length + body.length];
        System.arraycopy(head, 0, payload, 0, head.length);
        System.arraycopy(body, 0, payload, head.length, body.length);
        return payload;
    }

    private byte[] body(IngestBatch batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + batch.size() * 256);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayPropertyStart("events");
            for (Event e : batch.events()) {
                g.writeStartObject();
                g.writeStringProperty("id", e.id().toString());
                g.writeStringProperty("client_id", e.clientId().toString());
                g.writeStringProperty("session_id", e.sessionId());
                g.writeStringProperty("category", e.category());
                g.writeStringProperty("name", e.name());
                g.writeStringProperty("data", e.data());
                g.writeNumberProperty("timestamp", EpochMicros.of(e.timestamp()));
                g.writeNumberProperty("received_at", EpochMicros.of(e.receivedAt()));
                if (e.schemaVersion() != null) {
                    g.writeNumberProperty("schema_version", e.schemaVersion());
                }
                if (e.originalTimestamp() != null) {
                    g.writeNumberProperty("original_timestamp", EpochMicros.of(e.originalTimestamp()));
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
                g.writeNumberProperty("received_at", EpochMicros.of(r.receivedAt()));
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
     * Reads a batch. A payload that is no batch this worker may store (not signed with one of its keys, not a batch at
     * all, of a version it does not know) becomes a batch of one rejected event saying why and keeping the payload's
     * start, so that it is recorded and acknowledged, never stored as events, lost or retried for ever.
     *
     * @param receipt the broker's name for the payload (an entry id, a partition and offset): a redelivered payload
     *     gives the same rejection id, so it is recorded once
     */
    public IngestBatch decode(byte[] payload, String receipt, Instant now) {
        // Version 2 and later: a header line first. Version 1: one JSON object (with no newline, as Jackson writes it).
        int newline = indexOf(payload, (byte) '\n');
        JsonNode head = newline < 0 ? null : readOrNull(payload, 0, newline);
        if (head == null || !head.isObject()) {
            newline = -1;
            try {
                head = json.readTree(payload);
            } catch (JacksonException e) {
                return unreadable(payload, receipt, now, "not a batch: " + e.getOriginalMessage());
            }
        }
        JsonNode version = head == null ? null : head.get("v");
        if (version == null || !version.isInt()) {
            return unreadable(payload, receipt, now, "not a batch: no version");
        }
        if (version.intValue() == VERSION) {
            return signed(head, payload, newline, receipt, now);
        }
        if (version.intValue() == UNSIGNED_VERSION) {
            if (!acceptUnsigned) {
                return refused(
                        refusedUnsigned,
                        payload,
                        receipt,
                        now,
                        "refused: an unsigned batch (wire format version 1); only batches signed with a key of"
                                + " THE_EYE_QUEUE_SIGNING_KEY are stored (THE_EYE_QUEUE_ACCEPT_UNSIGNED=true: version 1"
                                + " too, for an upgrade)");
            }
            return read(head, payload, receipt, now);
        }
        return unreadable(
                payload,
                receipt,
                now,
                "wire format version " + version.intValue() + " is unknown to this worker (it reads " + VERSION
                        + "): upgrade the worker");
    }

    private IngestBatch signed(JsonNode head, byte[] payload, int newline, String receipt, Instant now) {
        JsonNode sig = head.get("sig");
        if (sig == null || !sig.isString() || sig.stringValue().isEmpty()) {
            return refused(
                    refusedUnsigned,
                    payload,
                    receipt,
                    now,
                    "refused: a batch without a signature; only batches signed with a key of"
                            + " THE_EYE_QUEUE_SIGNING_KEY are stored");
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(sig.stringValue());
        } catch (IllegalArgumentException e) {
            signature = new byte[0];
        }
        int from = newline < 0 ? payload.length : newline + 1;
        if (!keys.verifies(payload, from, payload.length - from, signature)) {
            return refused(
                    refusedWrongSignature,
                    payload,
                    receipt,
                    now,
                    "refused: the batch's signature matches no key of THE_EYE_QUEUE_SIGNING_KEY: not written by an"
                            + " API process holding one (or API processes and workers have different keys)");
        }
        JsonNode root;
        try {
            root = json.readTree(payload, from, payload.length - from);
        } catch (JacksonException e) {
            return unreadable(payload, receipt, now, "not a batch: " + e.getOriginalMessage());
        }
        return read(root, payload, receipt, now);
    }

    private IngestBatch read(JsonNode root, byte[] payload, String receipt, Instant now) {
        try {
            List<Event> events = new ArrayList<>();
            for (JsonNode e : root.get("events")) {
                JsonNode schemaVersion = e.get("schema_version");
                JsonNode original = e.get("original_timestamp");
                events.add(new Event(
                        UUID.fromString(e.get("id").stringValue()),
                        UUID.fromString(e.get("client_id").stringValue()),
                        e.get("session_id").stringValue(),
                        e.get("category").stringValue(),
                        e.get("name").stringValue(),
                        e.get("data").stringValue(),
                        EpochMicros.toInstant(e.get("timestamp").longValue()),
                        EpochMicros.toInstant(e.get("received_at").longValue()),
                        schemaVersion == null || schemaVersion.isNull() ? null : schemaVersion.intValue(),
                        original == null || original.isNull() ? null : EpochMicros.toInstant(original.longValue())));
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
                        EpochMicros.toInstant(r.get("received_at").longValue()),
                        r.get("raw").stringValue(),
                        errors));
            }
            return new IngestBatch(events, rejected);
        } catch (RuntimeException e) {
            return unreadable(payload, receipt, now, "not a batch of the wire format: " + e);
        }
    }

    private JsonNode readOrNull(byte[] payload, int offset, int length) {
        try {
            return json.readTree(payload, offset, length);
        } catch (JacksonException e) {
            return null;
        }
    }

    private static int indexOf(byte[] payload, byte wanted) {
        for (int i = 0; i < payload.length; i++) {
            if (payload[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    /** @param reason at most 200 characters: a stored error message is cut there */
    private IngestBatch refused(Counter counter, byte[] payload, String receipt, Instant now, String reason) {
        counter.increment();
        log.warn(
                "A batch on the broker ({}) is not stored as events, only kept as a rejected event: {}",
                receipt,
                reason);
        return rejectedBatch(payload, receipt, now, reason);
    }

    private IngestBatch unreadable(byte[] payload, String receipt, Instant now, String reason) {
        refusedUnreadable.increment();
        return rejectedBatch(payload, receipt, now, reason);
    }

    private IngestBatch rejectedBatch(byte[] payload, String receipt, Instant now, String reason) {
        // No character takes more than 4 bytes of UTF-8: a large payload is never decoded whole.
        int decoded = (int) Math.min(payload.length, 4L * rawMaxChars);
        String raw = StorableText.truncate(new String(payload, 0, decoded, StandardCharsets.UTF_8), rawMaxChars);
        UUID id = UUID.nameUUIDFromBytes(("unreadable batch " + receipt).getBytes(StandardCharsets.UTF_8));
        return new IngestBatch(
                List.of(), List.of(new RejectedEvent(id, null, now, raw, List.of(new FieldError("batch", reason)))));
    }
}
