package io.theeye.schema;

import io.theeye.event.Event;
import io.theeye.store.SchemaChanges;
import io.theeye.store.SchemaStore;
import io.theeye.store.SchemaStore.Version;
import java.util.List;
import java.util.Optional;

/**
 * Registering, reading and deleting payload schemas, for every way in (the API, the admin UI, the command line): a
 * schema is compiled before it is stored, so that only usable schemas are ever stored.
 */
public final class PayloadSchemas {

    private final SchemaStore store;
    private final SchemaChanges changes;
    private final SchemaCompiler compiler;

    public PayloadSchemas(SchemaStore store, SchemaChanges changes, SchemaCompiler compiler) {
        this.store = store;
        this.changes = changes;
        this.compiler = compiler;
    }

    /**
     * Makes the schema the type's next version, unless it is exactly the current one.
     *
     * @throws InvalidSchemaException when the type or the schema is refused
     */
    public Saved save(String actor, String category, String name, String schema) {
        requireType(category, name);
        compiler.compile(schema);
        Optional<Version> current = store.current(category, name);
        if (current.isPresent() && current.get().schema().equals(schema)) {
            return new Saved(current.get(), false);
        }
        return new Saved(changes.save(actor, category, name, schema), true);
    }

    /** Deletes the type's schema (a new version records it); empty when it has none. */
    public Optional<Version> delete(String actor, String category, String name) {
        return changes.delete(actor, category, name);
    }

    /** The current schema of each type that has one, by category and name. */
    public List<Version> list() {
        return store.current();
    }

    public Optional<Version> current(String category, String name) {
        return store.current(category, name);
    }

    /** One version, deletions included. */
    public Optional<Version> version(String category, String name, int version) {
        return store.find(category, name, version);
    }

    /** Every version of the type, newest first, deletions included. */
    public List<Version> history(String category, String name) {
        return store.history(category, name);
    }

    private static void requireType(String category, String name) {
        requireText("category", category);
        requireText("name", name);
    }

    private static void requireText(String field, String value) {
        if (value == null || value.isEmpty() || value.codePointCount(0, value.length()) > Event.MAX_TEXT_LENGTH) {
            throw new InvalidSchemaException(field, "must be 1 to " + Event.MAX_TEXT_LENGTH + " characters");
        }
    }

    /**
     * @param created whether a new version was made; false when the schema was already the current one
     */
    public record Saved(Version version, boolean created) {}
}
