package io.theeye.schema;

import io.theeye.store.SchemaStore;
import io.theeye.store.SchemaStore.Marker;
import io.theeye.store.SchemaStore.Version;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the validator up to date with the database: when the table of schemas has changed since the last look, reads
 * the current version of each type and compiles those it does not hold yet. A look at an unchanged table costs one
 * small query; schemas are compiled once per version, never per event.
 */
public final class SchemaCatalog {

    private static final Logger log = LoggerFactory.getLogger(SchemaCatalog.class);

    private final SchemaStore store;
    private final SchemaCompiler compiler;
    private final SchemaValidator validator;
    /** The state of the table the validator holds; null before the first load. Guarded by {@code this}. */
    private Marker loaded;

    public SchemaCatalog(SchemaStore store, SchemaCompiler compiler, SchemaValidator validator) {
        this.store = store;
        this.compiler = compiler;
        this.validator = validator;
    }

    /** Loads what changed since the last call; keeps the schemas it has when the database cannot be read. */
    public synchronized void refresh() {
        Marker marker;
        try {
            marker = store.marker();
            if (marker.equals(loaded)) {
                return;
            }
            Map<EventType, SchemaValidator.Registered> held = validator.current();
            Map<EventType, SchemaValidator.Registered> current = new HashMap<>();
            for (Version version : store.current()) {
                EventType type = new EventType(version.category(), version.name());
                SchemaValidator.Registered kept = held.get(type);
                if (kept != null && kept.version() == version.version()) {
                    current.put(type, kept);
                    continue;
                }
                try {
                    current.put(
                            type,
                            new SchemaValidator.Registered(version.version(), compiler.compile(version.schema())));
                } catch (InvalidSchemaException e) {
                    // Only a schema this code refuses could get here (stored by hand, or by a version with other
                    // rules): its type is treated as having none rather than stopping every other type's checks.
                    log.error(
                            "The schema of {} (version {}) cannot be compiled and is ignored: {}",
                            type,
                            version.version(),
                            e.getMessage());
                }
            }
            validator.replace(current);
        } catch (RuntimeException e) {
            log.warn(
                    "Could not reload payload schemas; keeping the {} last loaded",
                    validator.current().size(),
                    e);
            return;
        }
        if (loaded != null) {
            log.info(
                    "Payload schemas reloaded: {} event types have one",
                    validator.current().size());
        }
        loaded = marker;
    }
}
