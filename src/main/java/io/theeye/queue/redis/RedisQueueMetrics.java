package io.theeye.queue.redis;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Entries handed to a worker again; the stream's backlog is read by {@link RedisBacklog}. */
final class RedisQueueMetrics {

    private final Counter redelivered;

    RedisQueueMetrics(MeterRegistry meters) {
        this.redelivered = Counter.builder("theeye.queue.redelivered")
                .description("Batches handed to a worker again: after a failure, or claimed from a dead worker")
                .register(meters);
    }

    void redelivered(int batches) {
        redelivered.increment(batches);
    }
}
