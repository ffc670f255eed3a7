package io.theeye.schema;

import io.theeye.store.SchemaChanges;
import io.theeye.system.LifecyclePhases;
import io.theeye.system.PeriodicTask;
import java.time.Duration;
import org.springframework.context.event.EventListener;

/**
 * Keeps an API process's schemas current: loads them before the web server opens (so that no event is let in
 * unchecked), looks for changes made elsewhere every refresh interval, and applies this process's own changes at once.
 */
final class SchemaRefresher extends PeriodicTask {

    private final SchemaCatalog catalog;

    SchemaRefresher(SchemaCatalog catalog, Duration interval) {
        super("schema-refresh", interval, LifecyclePhases.CACHES);
        this.catalog = catalog;
    }

    @EventListener
    void schemasChanged(SchemaChanges.SchemasChanged change) {
        runNow();
    }

    @Override
    protected void runOnce() {
        catalog.refresh();
    }
}
