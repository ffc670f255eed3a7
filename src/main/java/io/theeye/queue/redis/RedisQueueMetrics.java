package io.theeye.queue.redis;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/** What a Redis queue looks like from its workers: entries pending, stream length, entries handed out again. */
final class RedisQueueMetrics {

    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong length = new AtomicLong();
    private final Counter redelivered;

    RedisQueueMetrics(MeterRegistry meters) {
        Gauge.builder("theeye.queue.redis.pending", pending, AtomicLong::get)
                .description("Stream entries handed to a worker and not acknowledged yet")
                .register(meters);
        Gauge.builder("theeye.queue.redis.stream.length", length, AtomicLong::get)
                .description("Entries in the stream: pending, unread, and acknowledged ones not trimmed yet")
                .register(meters);
        this.redelivered = Counter.builder("theeye.queue.redelivered")
                .description("Batches handed to a worker again: after a failure, or claimed from a dead worker")
                .register(meters);
    }

    void observe(long pendingEntries, long streamLength) {
        pending.set(pendingEntries);
        length.set(streamLength);
    }

    void redelivered(int batches) {
        redelivered.increment(batches);
    }
}
