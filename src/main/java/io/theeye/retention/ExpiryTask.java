package io.theeye.retention;

import io.theeye.system.LifecyclePhases;
import io.theeye.system.PeriodicTask;
import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expiry in the background, every {@code THE_EYE_RETENTION_INTERVAL}, first one interval after the start (a run may
 * be long: it must not hold the start up). Every {@code serve} process runs it; the maintenance lock lets one of them
 * at a time remove, and the others skip their turn.
 */
final class ExpiryTask extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(ExpiryTask.class);

    private final Retention retention;
    private final String holder;

    ExpiryTask(Retention retention, RetentionProperties settings) {
        super("expiry", settings.interval(), LifecyclePhases.MAINTENANCE);
        this.retention = retention;
        // The JVM's name is pid@host.
        this.holder = "expiry in serve " + ManagementFactory.getRuntimeMXBean().getName();
    }

    @Override
    protected boolean runsAtStart() {
        return false;
    }

    @Override
    protected void runOnce() {
        retention
                .expire(holder)
                .ifPresentOrElse(
                        removed -> log.debug(
                                "Expiry removed {} events and {} refused events",
                                removed.events(),
                                removed.rejectedEvents()),
                        () -> log.debug("Expiry skipped: another process holds the maintenance lock"));
    }
}
