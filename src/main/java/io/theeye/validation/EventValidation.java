package io.theeye.validation;

import io.theeye.event.Event;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * The checks an event goes through wherever it comes from: the ingest rules ({@link EventParser}), then the payload
 * schema of its type. Framework-free: {@code POST /events}, Segment's paths and the replay of refused events call it
 * alike.
 */
public final class EventValidation {

    private final EventParser parser;
    private final ObjectReader reader;
    private final PayloadCheck schemas;

    public EventValidation(ValidationProperties limits, JsonMapper json, PayloadCheck schemas) {
        this(limits, json, schemas, skew -> {});
    }

    /** @param skews told the clock skew (receipt time less {@code sent_at}) of every accepted event with a sent_at */
    public EventValidation(
            ValidationProperties limits, JsonMapper json, PayloadCheck schemas, Consumer<Duration> skews) {
        this.parser = new EventParser(limits, json, skews);
        this.reader = reader(json);
        this.schemas = schemas;
    }

    /**
     * How events are read: duplicate keys are refused, and decimals are kept exactly as sent (no rounding to a
     * double, no {@code 1e400} turned into Infinity; integers of any length are exact anyway).
     */
    public static ObjectReader reader(JsonMapper json) {
        return json.readerFor(JsonNode.class)
                .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    }

    /**
     * @param element one event, as {@link #reader} reads it
     * @param receivedAt when it was received: its timestamp when it has none, and the bound for future timestamps
     * @return the event to store, with the version of the schema it passed; or its errors
     */
    public Validated<Event> validate(JsonNode element, UUID clientId, Instant receivedAt) {
        return withSchema(parser.parse(element, clientId, receivedAt), element);
    }

    /**
     * Reads an event's JSON as {@code POST /events} reads it (duplicate keys refused, decimals exact).
     *
     * @throws tools.jackson.core.JacksonException when it is not JSON
     */
    public JsonNode read(String json) {
        return reader.readValue(json);
    }

    /** Holds an event the ingest rules accepted to its type's payload schema; refused events pass as they are. */
    private Validated<Event> withSchema(Validated<Event> parsed, JsonNode element) {
        if (!(parsed instanceof Validated.Valid<Event>(Event event))) {
            return parsed;
        }
        return switch (schemas.check(event.category(), event.name(), element.get("data"))) {
            case Validated.Valid<Integer>(Integer version) -> new Validated.Valid<>(event.withSchemaVersion(version));
            case Validated.Invalid<Integer>(var errors) -> new Validated.Invalid<>(errors);
        };
    }
}
