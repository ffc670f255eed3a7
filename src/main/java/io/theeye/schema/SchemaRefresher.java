package io.theeye.schema;

import io.theeye.store.SchemaChanges;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;

/**
 * Keeps an API process's schemas current: loads them before the web server opens, looks for changes made elsewhere
 * every refresh interval, and applies this process's own changes at once.
 */
final class SchemaRefresher implements SmartLifecycle {

    private final SchemaCatalog catalog;
    private final Duration interval;
    private ScheduledExecutorService refresher;

    SchemaRefresher(SchemaCatalog catalog, Duration interval) {
        this.catalog = catalog;
        this.interval = interval;
    }

    @EventListener
    void schemasChanged(SchemaChanges.SchemasChanged change) {
        catalog.refresh();
    }

    @Override
    public void start() {
        catalog.refresh();
        long delay = Math.max(1, interval.toMillis());
        refresher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("schema-refresh").daemon().factory());
        refresher.scheduleWithFixedDelay(catalog::refresh, delay, delay, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        refresher.shutdownNow();
        refresher = null;
    }

    /** Before the web server opens, so that no event is let in unchecked. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    @Override
    public boolean isRunning() {
        return refresher != null;
    }
}
