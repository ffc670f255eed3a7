package io.theeye.schema;

import io.theeye.event.FieldError;
import java.util.List;

/** A document that is not a JSON Schema this service can use, with the validator's reasons. */
public class InvalidSchemaException extends RuntimeException {

    private final List<FieldError> errors;

    InvalidSchemaException(List<FieldError> errors) {
        super(
                errors.isEmpty()
                        ? "not a valid JSON Schema"
                        : errors.getFirst().field() + ": " + errors.getFirst().message(),
                null,
                false,
                false);
        this.errors = List.copyOf(errors);
    }

    InvalidSchemaException(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    /** Each problem, its field the path within the schema document ({@code schema.properties.host.type}). */
    public List<FieldError> errors() {
        return errors;
    }
}
