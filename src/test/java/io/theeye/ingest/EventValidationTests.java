package io.theeye.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.event.FieldError;
import io.theeye.schema.PayloadSchemas;
import io.theeye.schema.SchemaValidator;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The checks every edge runs: the ingest rules first, then the payload schemas. */
class EventValidationTests {

    private static final IngestProperties LIMITS = TestIngestLimits.defaults();
    private static final Instant RECEIVED = Instant.parse("2025-01-01T00:00:00Z");

    private final UUID client = UUID.randomUUID();

    @Test
    void anEventOfATypeWithoutSchemaIsAcceptedWithNoVersionUnlessSchemasAreRequired() {
        String event = "{\"session_id\": \"s\", \"category\": \"c\", \"name\": \"n\"}";

        EventValidation.Result free =
                validation(false).validate(validation(false).read(event), client, RECEIVED);
        EventValidation.Result required =
                validation(true).validate(validation(true).read(event), client, RECEIVED);

        assertThat(free).isInstanceOfSatisfying(EventValidation.Accepted.class, accepted -> {
            assertThat(accepted.event().schemaVersion()).isNull();
            assertThat(accepted.event().timestamp()).isEqualTo(RECEIVED);
        });
        assertThat(required)
                .isEqualTo(new EventValidation.Refused(List.of(new FieldError(
                        "data",
                        "no payload schema is registered for this category and name, and this server requires one"))));
    }

    @Test
    void theIngestRulesComeFirst() {
        EventValidation validation = validation(true);

        EventValidation.Result refused =
                validation.validate(validation.read("{\"category\": \"c\", \"name\": \"n\"}"), client, RECEIVED);

        assertThat(refused)
                .isEqualTo(new EventValidation.Refused(List.of(new FieldError("session_id", "is required"))));
    }

    @Test
    void schemasNameTypesOfTheLengthsEventsMayHave() {
        assertThat(PayloadSchemas.MAX_TYPE_LENGTH).isEqualTo(EventParser.MAX_TEXT_LENGTH);
    }

    private static EventValidation validation(boolean required) {
        return new EventValidation(LIMITS, JsonMapper.builder().build(), new SchemaValidator(required));
    }
}
