package io.theeye.queue.redis;

import io.theeye.queue.BatchCodec;
import io.theeye.queue.EventConsumer;
import io.theeye.queue.EventConsumers;
import java.time.Clock;

/** Opens a stream reader, with a connection of its own (its reads block), for each worker. */
final class RedisEventConsumers implements EventConsumers {

    private final RedisStreams streams;
    private final BatchCodec codec;
    private final Clock clock;
    private final RedisQueueMetrics metrics;
    private final int suggestedConcurrency;

    RedisEventConsumers(
            RedisStreams streams, BatchCodec codec, Clock clock, RedisQueueMetrics metrics, int suggestedConcurrency) {
        this.streams = streams;
        this.codec = codec;
        this.clock = clock;
        this.metrics = metrics;
        this.suggestedConcurrency = suggestedConcurrency;
    }

    @Override
    public EventConsumer open(String name) {
        return new RedisEventConsumer(streams, name, codec, clock, metrics);
    }

    @Override
    public int suggestedConcurrency() {
        return suggestedConcurrency;
    }
}
