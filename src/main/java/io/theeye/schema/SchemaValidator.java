package io.theeye.schema;

import io.theeye.event.FieldError;
import io.theeye.validation.PayloadCheck;
import io.theeye.validation.Validated;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Holds each event to the payload schema of its type, at the door. The schemas are compiled beforehand and replaced
 * whole when they change ({@link SchemaCatalog}); checking an event never parses or compiles anything and never
 * waits on the database. Framework-free, so that any edge (the MVC controller, a servlet, replay) calls it alike.
 */
public final class SchemaValidator implements PayloadCheck {

    private final boolean required;
    private volatile Map<EventType, Registered> schemas = Map.of();

    /**
     * @param required whether an event whose type has no schema is refused
     */
    public SchemaValidator(boolean required) {
        this.required = required;
    }

    private static final Validated<Integer> NO_SCHEMA = new Validated.Valid<>(null);

    @Override
    public Validated<Integer> check(String category, String name, JsonNode data) {
        Registered registered = schemas.get(new EventType(category, name));
        if (registered == null) {
            return required
                    ? new Validated.Invalid<>(List.of(new FieldError(
                            "data",
                            "no payload schema is registered for this category and name, and this server requires"
                                    + " one")))
                    : NO_SCHEMA;
        }
        List<FieldError> errors =
                registered.schema().check(data == null || data.isNull() ? JsonNodeFactory.instance.objectNode() : data);
        return errors.isEmpty() ? new Validated.Valid<>(registered.version()) : new Validated.Invalid<>(errors);
    }

    /** Whether events of types without a schema are refused. */
    public boolean required() {
        return required;
    }

    /** Replaces every schema at once: an event is checked against the old set or the new one, never a mix. */
    void replace(Map<EventType, Registered> current) {
        this.schemas = Map.copyOf(current);
    }

    /** The schemas in force. */
    Map<EventType, Registered> current() {
        return schemas;
    }

    /** A type's schema in force: its version and its compiled form. */
    record Registered(int version, SchemaCompiler.Compiled schema) {}
}
