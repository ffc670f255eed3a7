package io.theeye.queue.kafka;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.theeye.queue.BatchCodec;
import io.theeye.queue.BrokerContract;
import io.theeye.queue.EventConsumer;
import io.theeye.queue.EventQueue;
import io.theeye.queue.QueueProperties;
import io.theeye.queue.TestCodecs;
import io.theeye.support.TestBrokers;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The {@code kafka} queue's two sides against a real Kafka broker in this JVM, each test on a topic of its own. */
class KafkaQueueTests extends BrokerContract {

    private final BatchCodec codec = TestCodecs.signed();
    private KafkaTopic topic;
    private KafkaEventQueue publisher;

    @BeforeEach
    void connect() {
        String id = UUID.randomUUID().toString();
        topic = new KafkaTopic(
                new QueueProperties.Kafka(TestBrokers.kafka(), "the-eye-test-" + id, 2, 0, "workers-" + id, null, null),
                Duration.ofSeconds(10));
        publisher = new KafkaEventQueue(topic, codec, Duration.ofSeconds(10));
    }

    @AfterEach
    void close() {
        publisher.close();
        topic.close();
    }

    @Override
    protected EventQueue publisher() {
        return publisher;
    }

    @Override
    protected EventConsumer openConsumer(String name) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        return new KafkaEventConsumer(topic, name, codec, Clock.systemUTC(), meters, new KafkaQueueMetrics(meters));
    }

    /** A consumer joining the group waits for the group to rebalance before it reads. */
    @Override
    protected Duration quietPeriod() {
        return Duration.ofSeconds(8);
    }

    @Override
    protected void publishRaw(byte[] payload) {
        topic.ensure();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBrokers.kafka()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic.name(), payload)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
