package io.theeye.queue.direct;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Down while a writer is not running (one failed and has not started again yet, or the queue is stopped): accepted
 * events then wait, and requests may get 503.
 */
final class WritersHealthIndicator implements HealthIndicator {

    private final DirectEventQueue queue;

    WritersHealthIndicator(DirectEventQueue queue) {
        this.queue = queue;
    }

    @Override
    public Health health() {
        int running = queue.liveWriters();
        int expected = queue.writerCount();
        Health.Builder health = queue.isRunning() && running >= expected ? Health.up() : Health.down();
        return health.withDetail("writers", running)
                .withDetail("expected", expected)
                .build();
    }
}
