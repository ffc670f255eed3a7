package io.theeye.validation;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.event.Event;
import io.theeye.event.FieldError;
import io.theeye.schema.SchemaValidator;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The checks every edge runs: the ingest rules first, then the payload schemas. */
class EventValidationTests {

    private static final ValidationProperties LIMITS = TestValidationLimits.defaults();
    private static final Instant RECEIVED = Instant.parse("2025-01-01T00:00:00Z");

    private final UUID client = UUID.randomUUID();

    @Test
    void anEventOfATypeWithoutSchemaIsAcceptedWithNoVersionUnlessSchemasAreRequired() {
        String event = "{\"session_id\": \"s\", \"category\": \"c\", \"name\": \"n\"}";

        Validated<Event> free = validation(false).validate(validation(false).read(event), client, RECEIVED);
        Validated<Event> required = validation(true).validate(validation(true).read(event), client, RECEIVED);

        assertThat(free).isInstanceOfSatisfying(Validated.Valid.class, accepted -> {
            assertThat(((Event) accepted.value()).schemaVersion()).isNull();
            assertThat(((Event) accepted.value()).timestamp()).isEqualTo(RECEIVED);
        });
        assertThat(required)
                .isEqualTo(new Validated.Invalid<Event>(List.of(new FieldError(
                        "data",
                        "no payload schema is registered for this category and name, and this server requires one"))));
    }

    @Test
    void theIngestRulesComeFirst() {
        EventValidation validation = validation(true);

        Validated<Event> refused =
                validation.validate(validation.read("{\"category\": \"c\", \"name\": \"n\"}"), client, RECEIVED);

        assertThat(refused)
                .isEqualTo(new Validated.Invalid<Event>(List.of(new FieldError("session_id", "is required"))));
    }

    private static EventValidation validation(boolean required) {
        return new EventValidation(LIMITS, JsonMapper.builder().build(), new SchemaValidator(required));
    }
}
