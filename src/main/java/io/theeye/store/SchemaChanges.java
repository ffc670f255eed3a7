package io.theeye.store;

import io.theeye.store.AuditLog.Action;
import io.theeye.store.SchemaStore.Version;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Changes to payload schemas, from the API, the admin UI or the command line: each new version is written with its
 * row in the audit log, in one transaction. Checking that a schema is one is the caller's part (the schema package).
 */
public class SchemaChanges {

    private final SchemaStore schemas;
    private final AuditLog audit;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;

    SchemaChanges(
            SchemaStore schemas, AuditLog audit, TransactionTemplate transaction, ApplicationEventPublisher events) {
        this.schemas = schemas;
        this.audit = audit;
        this.transaction = transaction;
        this.events = events;
    }

    /** Makes the schema the type's next version. */
    public Version save(String actor, String category, String name, String schema) {
        Version saved = transaction.execute(status -> {
            Version version = schemas.add(category, name, schema, actor);
            audit.record(actor, Action.SCHEMA_SAVED, null, describe(version));
            return version;
        });
        events.publishEvent(new SchemasChanged());
        return saved;
    }

    /** Adds a version that deletes the type's schema; empty when the type has none now. */
    public Optional<Version> delete(String actor, String category, String name) {
        Optional<Version> deleted = transaction.execute(status -> {
            if (schemas.current(category, name).isEmpty()) {
                return Optional.<Version>empty();
            }
            Version version = schemas.add(category, name, null, actor);
            audit.record(actor, Action.SCHEMA_DELETED, null, describe(version));
            return Optional.of(version);
        });
        deleted.ifPresent(version -> events.publishEvent(new SchemasChanged()));
        return deleted;
    }

    private static String describe(Version version) {
        return "category: " + version.category() + ", name: " + version.name() + ", version " + version.version();
    }

    /** Published in the process that changed a schema, after the change is committed. */
    public record SchemasChanged() {}
}
