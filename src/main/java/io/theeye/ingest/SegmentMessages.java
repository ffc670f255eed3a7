package io.theeye.ingest;

import io.theeye.event.Event;
import io.theeye.event.FieldError;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one mapping from a Segment tracking-API message (track, page, screen, identify, group, alias) to The Eye's event
 * JSON, which then goes through the same checks as a {@code POST /events} event. The README's "Segment-compatible API"
 * table describes it; keep the two together.
 */
final class SegmentMessages {

    /**
     * The namespace of ids derived from a {@code messageId} that is not a UUID: the event id is the name-based UUID
     * (version 5, SHA-1) of this namespace over {@code <client id>:<messageId>}. Fixed for good: changing it would
     * store a resent message twice.
     */
    static final UUID NAMESPACE = UUID.fromString("9714db3c-7b01-4101-8405-ace0068e8edb");

    static final Set<String> TYPES = Set.of("track", "page", "screen", "identify", "group", "alias");

    private SegmentMessages() {}

    /** A message mapped to an event, or refused before it could be (then {@code event} is null). */
    record Mapped(JsonNode sent, JsonNode event, FieldError error) {}

    /**
     * What a batch's body says for all of its messages: its {@code sentAt}, and the {@code context} and {@code
     * integrations} that Segment's batch API applies to every message in it (each null when absent).
     */
    record BatchFields(JsonNode sentAt, JsonNode context, JsonNode integrations) {

        static final BatchFields NONE = new BatchFields(null, null, null);

        static BatchFields of(JsonNode batch) {
            return new BatchFields(batch.get("sentAt"), batch.get("context"), batch.get("integrations"));
        }
    }

    /**
     * @param message the message as sent, which the mapping takes over: it becomes the event's {@code data} (copying
     *     every message of a batch cost a third more CPU per event than {@code POST /events})
     * @param type the type its path implies ({@code /v1/track}), or null when the message names it ({@code /v1/batch})
     * @param batch what the batch's body says for all its messages: a message's own {@code sentAt} wins, and its own
     *     {@code context} and {@code integrations} keys win over the batch's
     */
    static Mapped map(JsonNode message, String type, UUID clientId, BatchFields batch) {
        if (!(message instanceof ObjectNode original)) {
            // Refused by the event check, as any other non-object.
            return new Mapped(message, message, null);
        }
        ObjectNode sent = original;
        // Never kept: not in the event's data, nor in a refusal.
        sent.remove("writeKey");
        addBatchFields(sent, batch);
        String kind = type != null ? type : text(sent.get("type"));
        if (kind == null || !TYPES.contains(kind)) {
            return new Mapped(
                    message,
                    null,
                    new FieldError("type", "must be one of alias, group, identify, page, screen, track"));
        }
        // What becomes a column is removed from data below, after it has been read.
        ObjectNode data = sent;
        ObjectNode event = JsonNodeFactory.instance.objectNode();

        JsonNode messageId = sent.get("messageId");
        if (messageId != null && !messageId.isNull()) {
            if (!messageId.isString() || messageId.stringValue().isEmpty()) {
                return new Mapped(message, null, new FieldError("messageId", "must be a non-empty string"));
            }
            UUID given = canonicalUuid(messageId.stringValue());
            if (given != null) {
                data.remove("messageId");
                event.put("id", given.toString());
            } else {
                // Kept in data: a derived id does not give the messageId back.
                event.put("id", derivedId(clientId, messageId.stringValue()).toString());
            }
        }

        String category = kind;
        String name = kind;
        String nameField = null;
        JsonNode properties = sent.get("properties");
        switch (kind) {
            case "track" -> {
                String propertyCategory = properties == null ? null : text(properties.get("category"));
                if (propertyCategory != null && !propertyCategory.isEmpty()) {
                    category = propertyCategory;
                }
                name = text(sent.get("event"));
                nameField = "event";
            }
            case "page", "screen" -> {
                name = text(sent.get("name"));
                nameField = "name";
                if (name == null || name.isEmpty()) {
                    nameField = null;
                    name = kind.equals("page") ? pagePath(sent) : null;
                }
                if (name == null || name.isEmpty()) {
                    name = kind;
                }
            }
            default -> {
                // identify, group, alias: the type as both
            }
        }
        if (category.equals(kind)) {
            data.remove("type");
        }
        if (name != null) {
            event.put("name", cut(name));
            if (nameField != null && cut(name).equals(name)) {
                data.remove(nameField);
            }
        }
        event.put("category", cut(category));

        String session = sessionId(sent);
        if (session != null) {
            event.put("session_id", cut(session));
        }

        JsonNode timestamp = sent.get("timestamp");
        if (timestamp != null && !timestamp.isNull()) {
            event.set("timestamp", timestamp);
            data.remove("timestamp");
        } else if (sent.get("originalTimestamp") != null
                && !sent.get("originalTimestamp").isNull()) {
            // Kept in data as sent; only copied to the column.
            event.set("timestamp", sent.get("originalTimestamp"));
        }
        JsonNode sentAt = sent.get("sentAt");
        if (sentAt == null || sentAt.isNull()) {
            sentAt = batch.sentAt();
        }
        if (sentAt != null && !sentAt.isNull() && event.has("timestamp")) {
            event.set("sent_at", sentAt);
        }
        event.set("data", data);
        return new Mapped(message, event, null);
    }

    /** Puts the batch's context and integrations under the message's own. */
    private static void addBatchFields(ObjectNode message, BatchFields batch) {
        for (String field : new String[] {"context", "integrations"}) {
            JsonNode shared = field.equals("context") ? batch.context() : batch.integrations();
            if (!(shared instanceof ObjectNode sharedObject)) {
                continue;
            }
            JsonNode own = message.get(field);
            if (own == null || own.isNull()) {
                message.set(field, sharedObject.deepCopy());
            } else if (own instanceof ObjectNode ownObject) {
                message.set(field, under(sharedObject, ownObject));
            }
            // A message whose own value is not an object keeps it: it is stored as sent.
        }
    }

    /** {@code base} with {@code over} on top: over's values win, objects in both merged key by key. */
    private static ObjectNode under(ObjectNode base, ObjectNode over) {
        ObjectNode merged = base.deepCopy();
        for (Map.Entry<String, JsonNode> entry : over.properties()) {
            JsonNode below = merged.get(entry.getKey());
            merged.set(
                    entry.getKey(),
                    below instanceof ObjectNode belowObject && entry.getValue() instanceof ObjectNode overObject
                            ? under(belowObject, overObject)
                            : entry.getValue().deepCopy());
        }
        return merged;
    }

    /** The name-based UUID (version 5) of {@link #NAMESPACE} over {@code <client id>:<messageId>}. */
    static UUID derivedId(UUID clientId, String messageId) {
        MessageDigest sha1;
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-1", e);
        }
        sha1.update(ByteBuffer.allocate(16)
                .putLong(NAMESPACE.getMostSignificantBits())
                .putLong(NAMESPACE.getLeastSignificantBits())
                .array());
        byte[] hash = sha1.digest((clientId + ":" + messageId).getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        ByteBuffer bytes = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(bytes.getLong(), bytes.getLong());
    }

    /** {@code context.sessionId} (a number written as text), {@code properties.session_id}, anonymousId, userId. */
    private static String sessionId(ObjectNode sent) {
        JsonNode context = sent.get("context");
        JsonNode properties = sent.get("properties");
        for (JsonNode candidate : new JsonNode[] {
            context == null ? null : context.get("sessionId"),
            properties == null ? null : properties.get("session_id"),
            sent.get("anonymousId"),
            sent.get("userId")
        }) {
            String value = candidate == null ? null : candidate.isNumber() ? candidate.asString() : text(candidate);
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }

    /** A page's path: {@code properties.path}, else {@code context.page.path} (analytics.js sends both). */
    private static String pagePath(ObjectNode sent) {
        String path = text(sent.path("properties").get("path"));
        return path != null && !path.isEmpty()
                ? path
                : text(sent.path("context").path("page").get("path"));
    }

    private static String text(JsonNode value) {
        return value != null && value.isString() ? value.stringValue() : null;
    }

    /** The first {@value Event#MAX_TEXT_LENGTH} characters (code points), never half a surrogate pair. */
    static String cut(String value) {
        if (value.codePointCount(0, value.length()) <= Event.MAX_TEXT_LENGTH) {
            return value;
        }
        return value.substring(0, value.offsetByCodePoints(0, Event.MAX_TEXT_LENGTH));
    }

    private static UUID canonicalUuid(String text) {
        try {
            UUID id = UUID.fromString(text);
            return id.toString().equalsIgnoreCase(text) ? id : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
