package io.theeye.admin;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.theeye.queue.EventQueue;
import io.theeye.queue.QueueProperties;
import io.theeye.queue.QueueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.context.Lifecycle;

/**
 * How the service is doing, read from what it already measures: the queue's gauges and timers in Micrometer, the
 * writers' lifecycle, and the actuator's health indicators (the database's among them).
 */
final class SystemState {

    static final String WAITING_GAUGE = "theeye.queue.direct.waiting.events";
    static final String COMMIT_TIMER = "theeye.queue.direct.commit";

    private final MeterRegistry meters;
    private final QueueProperties queue;
    private final ObjectProvider<EventQueue> queues;
    private final ObjectProvider<HealthContributorRegistry> health;

    SystemState(
            MeterRegistry meters,
            QueueProperties queue,
            ObjectProvider<EventQueue> queues,
            ObjectProvider<HealthContributorRegistry> health) {
        this.meters = meters;
        this.queue = queue;
        this.queues = queues;
        this.health = health;
    }

    /** What the dashboard shows of the system. */
    State read() {
        Gauge waiting = meters.find(WAITING_GAUGE).gauge();
        Timer commits = meters.find(COMMIT_TIMER).timer();
        EventQueue events = queues.getIfAvailable();
        String writers = events instanceof Lifecycle lifecycle
                ? (lifecycle.isRunning() ? "running" : "stopped")
                : (events == null ? "none in this process" : "running");
        return new State(
                queue.type().name().toLowerCase(Locale.ROOT),
                queue.type() == QueueType.DIRECT
                        ? "none: direct"
                        : queue.type().name().toLowerCase(Locale.ROOT),
                waiting == null ? null : (long) waiting.value(),
                writers,
                commits == null ? 0 : commits.count(),
                commits == null || commits.count() == 0 ? null : commits.mean(TimeUnit.MILLISECONDS),
                commits == null || commits.count() == 0 ? null : commits.max(TimeUnit.MILLISECONDS),
                checks());
    }

    private List<Check> checks() {
        HealthContributorRegistry registry = health.getIfAvailable();
        List<Check> checks = new ArrayList<>();
        if (registry != null) {
            registry.stream().forEach(entry -> checks.add(new Check(entry.name(), status(entry.contributor()))));
        }
        return checks;
    }

    private static String status(HealthContributor contributor) {
        try {
            if (contributor instanceof HealthIndicator indicator) {
                return indicator.health(false).getStatus().getCode();
            }
            if (contributor instanceof CompositeHealthContributor composite) {
                return composite.stream()
                                .map(entry -> status(entry.contributor()))
                                .allMatch(Status.UP.getCode()::equals)
                        ? Status.UP.getCode()
                        : Status.DOWN.getCode();
            }
            return Status.UNKNOWN.getCode();
        } catch (RuntimeException e) {
            return Status.DOWN.getCode();
        }
    }

    /**
     * @param queue the queue backend
     * @param broker the broker events travel through, or what stands for one
     * @param waiting events waiting to be written, or null when the queue does not say
     * @param writers whether the writers run
     * @param commits groups committed since start
     * @param meanCommitMillis the mean time to commit a group, or null before the first
     * @param maxCommitMillis the longest commit of late, or null before the first
     */
    record State(
            String queue,
            String broker,
            Long waiting,
            String writers,
            long commits,
            Double meanCommitMillis,
            Double maxCommitMillis,
            List<Check> health) {}

    /** One health indicator: {@code db}, {@code diskSpace} ... and its status. */
    record Check(String name, String status) {}
}
