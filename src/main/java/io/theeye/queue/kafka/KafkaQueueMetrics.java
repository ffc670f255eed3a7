package io.theeye.queue.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Batches handed to a worker again on Kafka; the consumers' lag comes from Kafka's own client metrics. */
final class KafkaQueueMetrics {

    private final Counter redelivered;

    KafkaQueueMetrics(MeterRegistry meters) {
        this.redelivered = Counter.builder("theeye.queue.redelivered")
                .description("Batches handed to a worker again: after a failure, or claimed from a dead worker")
                .register(meters);
    }

    void redelivered(int batches) {
        redelivered.increment(batches);
    }
}
