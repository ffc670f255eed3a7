package io.theeye.queue.kafka;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.theeye.queue.BatchCodec;
import io.theeye.queue.BrokerPipelineContract;
import io.theeye.queue.EventConsumers;
import io.theeye.queue.EventQueue;
import io.theeye.queue.QueueProperties;
import io.theeye.queue.TestCodecs;
import io.theeye.support.TestBrokers;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;

/** API side and workers through a real Kafka broker, into a real database. */
class KafkaPipelineTests extends BrokerPipelineContract {

    private final BatchCodec codec = TestCodecs.signed();
    private final String id = UUID.randomUUID().toString();
    private final KafkaTopic topic = new KafkaTopic(
            new QueueProperties.Kafka(TestBrokers.kafka(), "the-eye-test-" + id, 2, 0, "workers-" + id, null, null),
            Duration.ofSeconds(10));
    private final KafkaEventQueue publisher = new KafkaEventQueue(topic, codec, Duration.ofSeconds(10));

    @AfterEach
    void close() {
        publisher.close();
        topic.close();
    }

    @Override
    protected EventQueue queue() {
        return publisher;
    }

    @Override
    protected EventConsumers consumers() {
        return new KafkaEventConsumers(topic, codec, Clock.systemUTC(), new SimpleMeterRegistry(), 2);
    }
}
