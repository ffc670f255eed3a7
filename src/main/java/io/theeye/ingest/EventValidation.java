package io.theeye.ingest;

import io.theeye.event.Event;
import io.theeye.event.FieldError;
import io.theeye.event.FieldErrors;
import io.theeye.schema.SchemaValidator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * The checks an event goes through wherever it comes from: the ingest rules ({@link EventParser}), then the payload
 * schema of its type. Framework-free: {@code POST /events} and the replay of refused events call it alike.
 */
public final class EventValidation {

    private final EventParser parser;
    private final ObjectReader reader;
    private final SchemaValidator schemas;

    public EventValidation(IngestProperties limits, JsonMapper json, SchemaValidator schemas) {
        this(limits, json, schemas, skew -> {});
    }

    /** @param skews told the clock skew (receipt time less {@code sent_at}) of every accepted event with a sent_at */
    public EventValidation(
            IngestProperties limits, JsonMapper json, SchemaValidator schemas, Consumer<Duration> skews) {
        this.parser = new EventParser(limits, json, skews);
        this.reader = EventParser.reader(json);
        this.schemas = schemas;
    }

    /** The outcome for one event. */
    public sealed interface Result {}

    /** @param event the event to store, with the version of the schema it passed */
    public record Accepted(Event event) implements Result {}

    /**
     * @param errors each problem, named by its path; bounded as every refusal's are, so that the answer lists what
     *     {@code rejected_events} keeps
     */
    public record Refused(List<FieldError> errors) implements Result {

        public Refused {
            errors = FieldErrors.bounded(errors);
        }
    }

    /**
     * @param element one event, as {@link #read} reads it
     * @param receivedAt when it was received: its timestamp when it has none, and the bound for future timestamps
     */
    public Result validate(JsonNode element, UUID clientId, Instant receivedAt) {
        return switch (withSchema(parser.parse(element, clientId, receivedAt), element)) {
            case EventParser.Valid(Event event) -> new Accepted(event);
            case EventParser.Invalid(List<FieldError> errors) -> new Refused(errors);
        };
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
    EventParser.Parsed withSchema(EventParser.Parsed parsed, JsonNode element) {
        if (!(parsed instanceof EventParser.Valid(Event event))) {
            return parsed;
        }
        return switch (schemas.check(event.category(), event.name(), element.get("data"))) {
            case SchemaValidator.Passed(Integer version) -> new EventParser.Valid(event.withSchemaVersion(version));
            case SchemaValidator.Failed(List<FieldError> errors) -> new EventParser.Invalid(errors);
        };
    }
}
