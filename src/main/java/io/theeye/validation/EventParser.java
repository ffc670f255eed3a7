package io.theeye.validation;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import io.theeye.event.ClockSkew;
import io.theeye.event.Event;
import io.theeye.event.EventTimestamps;
import io.theeye.event.FieldError;
import io.theeye.event.FieldPath;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/** Checks one event of a request against the rules and turns it into an {@link Event}, or into its errors. */
final class EventParser {

    private static final Set<String> FIELDS =
            Set.of("id", "session_id", "category", "name", "data", "timestamp", "sent_at");

    private final ValidationProperties limits;
    private final ObjectWriter plain;
    private final ClockSkew clockSkew;
    private final Consumer<Duration> skews;
    private final TimeBasedEpochGenerator ids = Generators.timeBasedEpochGenerator();

    EventParser(ValidationProperties limits, JsonMapper json) {
        this(limits, json, skew -> {});
    }

    /** @param skews told the skew (receipt time less {@code sent_at}) of every valid event that brings a sent_at */
    EventParser(ValidationProperties limits, JsonMapper json, Consumer<Duration> skews) {
        this.limits = limits;
        this.plain = StorableJson.plainWriter(json);
        this.clockSkew = new ClockSkew(limits.skewThreshold());
        this.skews = skews;
    }

    /**
     * @param node an event as {@link EventValidation#reader} reads it
     * @param receivedAt when the request arrived: the timestamp of events that bring none, the bound for timestamps
     *     from the future, and what {@code sent_at} is compared with
     */
    Validated<Event> parse(JsonNode node, UUID clientId, Instant receivedAt) {
        if (!node.isObject()) {
            return new Validated.Invalid<>(List.of(new FieldError("event", "must be a JSON object")));
        }
        EventErrors errors = new EventErrors();
        for (String field : node.propertyNames()) {
            if (!FIELDS.contains(field)) {
                errors.add(FieldPath.of(field), "unknown field");
            }
        }
        UUID id = id(node.get("id"), errors);
        String sessionId = text(node, "session_id", errors);
        String category = text(node, "category", errors);
        String name = text(node, "name", errors);
        String data = data(node.get("data"), errors);
        Instant original = instant(node.get("timestamp"), "timestamp", errors);
        Instant sentAt = instant(node.get("sent_at"), "sent_at", errors);
        Instant timestamp = original == null ? receivedAt : original;
        if (original != null && sentAt != null) {
            timestamp = clockSkew.corrected(original, sentAt, receivedAt);
            if (!EventTimestamps.inRange(timestamp)) {
                errors.add("sent_at", "corrects the timestamp to outside the years 1 to 9999");
                timestamp = null;
            }
        }
        // Judged after the correction: a clock running fast is corrected, not refused.
        if (timestamp != null && timestamp.isAfter(receivedAt.plus(limits.futureAllowance()))) {
            errors.add("timestamp", "timestamp is in the future");
        }
        if (!errors.isEmpty()) {
            return new Validated.Invalid<>(errors.list());
        }
        if (sentAt != null) {
            skews.accept(ClockSkew.skew(sentAt, receivedAt));
        }
        return new Validated.Valid<>(new Event(
                id == null ? ids.generate() : id,
                clientId,
                sessionId,
                category,
                name,
                data,
                timestamp,
                receivedAt,
                null,
                timestamp.equals(original) ? null : original));
    }

    private static UUID id(JsonNode value, EventErrors errors) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isString()) {
            try {
                UUID id = UUID.fromString(value.stringValue());
                // UUID.fromString is lenient about digit counts; only the canonical form round-trips.
                if (id.toString().equalsIgnoreCase(value.stringValue())) {
                    return id;
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
        }
        errors.add("id", "must be a UUID string");
        return null;
    }

    private static String text(JsonNode event, String field, EventErrors errors) {
        JsonNode value = event.get(field);
        if (value == null || value.isNull()) {
            errors.add(field, "is required");
            return null;
        }
        if (!value.isString()) {
            errors.add(field, "must be a string");
            return null;
        }
        String text = value.stringValue();
        String problem = StorableJson.textProblem(text);
        if (problem != null) {
            errors.add(field, problem);
            return null;
        }
        int length = text.codePointCount(0, text.length());
        if (length < 1 || length > Event.MAX_TEXT_LENGTH) {
            errors.add(field, "must be 1 to " + Event.MAX_TEXT_LENGTH + " characters long");
            return null;
        }
        return text;
    }

    private String data(JsonNode value, EventErrors errors) {
        if (value == null || value.isNull()) {
            return "{}";
        }
        if (!value.isObject()) {
            errors.add("data", "must be a JSON object");
            return null;
        }
        // Numbers first: data is measured written out, and no number may be written out before it is known to fit.
        int before = errors.count();
        StorableJson.check("data", value, errors);
        if (errors.count() != before) {
            return null;
        }
        long max = limits.maxDataSize().toBytes();
        String written = StorableJson.write(plain, value, max);
        if (written == null) {
            errors.add("data", "must be at most " + max + " bytes serialised, numbers written out in full");
        }
        return written;
    }

    /** A timestamp field as sent, or null when absent or wrong (then with its error). */
    private static Instant instant(JsonNode value, String field, EventErrors errors) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            errors.add(field, "must be an ISO-8601 string");
            return null;
        }
        try {
            return EventTimestamps.parse(value.stringValue());
        } catch (DateTimeParseException e) {
            errors.add(field, EventTimestamps.EXPECTED);
            return null;
        }
    }
}
