package io.theeye.queue.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.queue.QueueBacklog;
import io.theeye.queue.QueueProperties;
import io.theeye.support.TestBrokers;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The topic's backlog as an API process reads it, on the embedded broker, a topic of the test's own with records
 * stamped with the times the test gives them: the group's lag summed over partitions (from the start where it never
 * committed), dated by the oldest record it has not committed past.
 */
class KafkaBacklogTests {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private final String name = "the-eye-test-" + UUID.randomUUID();
    private final String group = "workers-" + UUID.randomUUID();
    private KafkaTopic topic;
    private KafkaBacklog backlog;

    @BeforeEach
    void createTopic() {
        topic = new KafkaTopic(
                new QueueProperties.Kafka(TestBrokers.kafka(), name, 2, 0, group, null, null), Duration.ofSeconds(10));
        topic.ensure();
        backlog = new KafkaBacklog(topic, Duration.ofSeconds(10));
    }

    @AfterEach
    void close() {
        backlog.close();
        topic.close();
    }

    @Test
    void countsTheRecordsTheGroupHasNotCommittedPastDatedByTheOldest() throws Exception {
        assertThat(backlog.read()).isEqualTo(new QueueBacklog.Reading(0, null));

        send(0, 5);
        send(0, 6);
        send(1, 3);
        send(1, 9);
        send(1, 10);

        assertThat(backlog.read()).isEqualTo(new QueueBacklog.Reading(5, T0.plusSeconds(3)));

        // The workers store partition 1's first two records: its oldest waiting one is now 10 s after T0.
        commit(1, 2);
        assertThat(backlog.read()).isEqualTo(new QueueBacklog.Reading(3, T0.plusSeconds(5)));

        commit(0, 2);
        assertThat(backlog.read()).isEqualTo(new QueueBacklog.Reading(1, T0.plusSeconds(10)));

        commit(1, 3);
        assertThat(backlog.read()).isEqualTo(new QueueBacklog.Reading(0, null));
    }

    /** Produces a record to the partition, stamped {@code seconds} after T0. */
    private void send(int partition, int seconds) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestBrokers.kafka()),
                new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            name, partition, T0.plusSeconds(seconds).toEpochMilli(), null, new byte[] {1}))
                    .get();
        }
    }

    /** Commits the group's offset in the partition, as a worker does once it has stored the records before it. */
    private void commit(int partition, long offset) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestBrokers.kafka()))) {
            admin.alterConsumerGroupOffsets(
                            group, Map.of(new TopicPartition(name, partition), new OffsetAndMetadata(offset)))
                    .all()
                    .get();
        }
    }
}
