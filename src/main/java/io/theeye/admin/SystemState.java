package io.theeye.admin;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.theeye.queue.BrokerDurability;
import io.theeye.queue.QueueBacklog;
import io.theeye.queue.QueueProperties;
import io.theeye.queue.QueueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;

/**
 * How the service is doing, read from what it already measures: the queue's and the workers' meters in Micrometer,
 * and the actuator's health indicators (the database's, the workers' and the broker's among them).
 */
final class SystemState {

    static final String WORKERS_GAUGE = "theeye.worker.running";
    static final String RESTARTS_COUNTER = "theeye.worker.restarts";
    static final String COMMIT_TIMER = "theeye.worker.commit";
    /**
     * What each backend waits with: events for a writer in this process, or batches on the broker for any worker
     * (as every API process reads them: {@link QueueBacklog}).
     */
    static final Map<QueueType, String> WAITING_GAUGES = Map.of(
            QueueType.DIRECT, "theeye.queue.direct.waiting.events",
            QueueType.REDIS, QueueBacklog.DEPTH_GAUGE,
            QueueType.KAFKA, QueueBacklog.DEPTH_GAUGE);

    static final String REDIS_PENDING_GAUGE = "theeye.queue.redis.pending";
    static final String REDIS_LENGTH_GAUGE = "theeye.queue.redis.stream.length";

    private final MeterRegistry meters;
    private final QueueProperties queue;
    private final ObjectProvider<HealthContributorRegistry> health;
    private final ObjectProvider<BrokerDurability> durability;

    SystemState(
            MeterRegistry meters,
            QueueProperties queue,
            ObjectProvider<HealthContributorRegistry> health,
            ObjectProvider<BrokerDurability> durability) {
        this.meters = meters;
        this.queue = queue;
        this.health = health;
        this.durability = durability;
    }

    /** What the dashboard shows of the system. */
    State read() {
        Long waiting = gauge(WAITING_GAUGES.get(queue.type()));
        Gauge workers = meters.find(WORKERS_GAUGE).gauge();
        Counter restarts = meters.find(RESTARTS_COUNTER).counter();
        Timer commits = meters.find(COMMIT_TIMER).timer();
        String type = queue.type().name().toLowerCase(Locale.ROOT);
        return new State(
                type,
                queue.type() == QueueType.DIRECT ? "none: direct" : type,
                waiting,
                queue.type() == QueueType.DIRECT ? null : oldestWaitingSeconds(),
                waitingDetail(),
                workers(workers),
                restarts == null ? 0 : (long) restarts.count(),
                commits == null ? 0 : commits.count(),
                commits == null || commits.count() == 0 ? null : commits.mean(TimeUnit.MILLISECONDS),
                commits == null || commits.count() == 0 ? null : commits.max(TimeUnit.MILLISECONDS),
                checks(),
                brokerWarning());
    }

    private static String workers(Gauge running) {
        if (running == null) {
            return "no workers";
        }
        long count = (long) running.value();
        return count + (count == 1 ? " worker running" : " workers running");
    }

    /** A gauge's value, or null when this process has none or it has no value yet (NaN). */
    private Long gauge(String name) {
        Gauge gauge = name == null ? null : meters.find(name).gauge();
        return gauge == null || Double.isNaN(gauge.value()) ? null : (long) gauge.value();
    }

    private Double oldestWaitingSeconds() {
        Gauge age = meters.find(QueueBacklog.OLDEST_AGE_GAUGE).gauge();
        return age == null || Double.isNaN(age.value()) ? null : age.value();
    }

    /** What the depth counts, and the broker's own figures behind it. */
    private String waitingDetail() {
        return switch (queue.type()) {
            case DIRECT -> "events waiting for a writer in this process";
            case REDIS -> {
                Long pending = gauge(REDIS_PENDING_GAUGE);
                Long length = gauge(REDIS_LENGTH_GAUGE);
                yield "stream entries: " + (pending == null ? "–" : pending) + " pending, stream length "
                        + (length == null ? "–" : length);
            }
            case KAFKA -> "records, the workers' lag summed over partitions";
        };
    }

    private String brokerWarning() {
        BrokerDurability broker = durability.getIfAvailable();
        return broker == null ? null : broker.warning().orElse(null);
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
     * @param waiting events waiting to be written (direct), or batches on the broker not stored yet; null when the
     *     queue does not say
     * @param oldestWaitingSeconds with a broker, how long the oldest batch not stored yet has waited (0 with none);
     *     null when the queue does not say
     * @param waitingDetail what {@code waiting} counts, and the broker's own figures behind it
     * @param workers how many workers (the threads that write to the database) run in this process
     * @param restarts how often a worker started again after a failure
     * @param commits groups committed since start
     * @param meanCommitMillis the mean time to commit a group, or null before the first
     * @param maxCommitMillis the longest commit of late, or null before the first
     * @param health the health checks and their status
     * @param brokerWarning why the broker may lose events answered 202, naming its settings; null when it keeps them
     *     (or there is no broker)
     */
    record State(
            String queue,
            String broker,
            Long waiting,
            Double oldestWaitingSeconds,
            String waitingDetail,
            String workers,
            long restarts,
            long commits,
            Double meanCommitMillis,
            Double maxCommitMillis,
            List<Check> health,
            String brokerWarning) {}

    /** One health indicator: {@code db}, {@code diskSpace} ... and its status. */
    record Check(String name, String status) {}
}
