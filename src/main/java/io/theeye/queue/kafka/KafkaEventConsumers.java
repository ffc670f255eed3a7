package io.theeye.queue.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.theeye.queue.BatchCodec;
import io.theeye.queue.EventConsumer;
import io.theeye.queue.EventConsumers;
import java.time.Clock;

/** Opens a consumer group member, a Kafka client of its own, for each worker. */
final class KafkaEventConsumers implements EventConsumers {

    private final KafkaTopic topic;
    private final BatchCodec codec;
    private final Clock clock;
    private final MeterRegistry meters;
    private final KafkaQueueMetrics metrics;
    private final int suggestedConcurrency;

    KafkaEventConsumers(
            KafkaTopic topic, BatchCodec codec, Clock clock, MeterRegistry meters, int suggestedConcurrency) {
        this.topic = topic;
        this.codec = codec;
        this.clock = clock;
        this.meters = meters;
        this.metrics = new KafkaQueueMetrics(meters);
        this.suggestedConcurrency = suggestedConcurrency;
    }

    @Override
    public EventConsumer open(String name) {
        return new KafkaEventConsumer(topic, name, codec, clock, meters, metrics);
    }

    @Override
    public int suggestedConcurrency() {
        return suggestedConcurrency;
    }
}
