package io.theeye.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Which workers are running, for health and metrics: a process whose workers are all down must not look ready, and
 * restarts must be visible.
 */
final class WorkerState implements HealthIndicator {

    private final int expected;
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Counter restarts;

    WorkerState(int expected, MeterRegistry meters) {
        this.expected = expected;
        this.restarts = Counter.builder("theeye.worker.restarts")
                .description("Times a worker started again after a failure")
                .register(meters);
        Gauge.builder("theeye.worker.running", running, Set::size)
                .description("Workers running")
                .register(meters);
    }

    void running(String worker, boolean isRunning) {
        if (isRunning) {
            running.add(worker);
        } else {
            running.remove(worker);
        }
    }

    void restarted() {
        restarts.increment();
    }

    @Override
    public Health health() {
        Health.Builder health = running.size() == expected ? Health.up() : Health.down();
        return health.withDetail("running", running.size())
                .withDetail("expected", expected)
                .withDetail("restarts", (long) restarts.count())
                .build();
    }
}
