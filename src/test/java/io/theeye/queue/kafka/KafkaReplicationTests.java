package io.theeye.queue.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.queue.BrokerDurability;
import io.theeye.queue.QueueProperties;
import io.theeye.support.TestBrokers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/**
 * What The Eye reads of the topic's replication, and what it makes of it: on one broker there is nothing to warn
 * about; on a cluster, a topic whose leader alone may acknowledge records (one replica, or
 * {@code min.insync.replicas=1}) is reported. The reading runs against the embedded broker (one: an embedded KRaft
 * cluster of several does not form its quorum reliably in a test JVM), the judgement on figures of larger clusters.
 */
class KafkaReplicationTests {

    @Test
    void readsTheTopicsReplicationFromTheBrokerAndReportsNothingOnASingleBroker() throws Exception {
        String name = "the-eye-test-" + UUID.randomUUID();
        try (KafkaTopic topic = new KafkaTopic(
                new QueueProperties.Kafka(TestBrokers.kafka(), name, 2, 0, "workers", null, null),
                Duration.ofSeconds(10))) {
            topic.ensure();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestBrokers.kafka()))) {
                admin.incrementalAlterConfigs(Map.of(
                                new ConfigResource(ConfigResource.Type.TOPIC, name),
                                List.of(new AlterConfigOp(
                                        new ConfigEntry("min.insync.replicas", "2"), AlterConfigOp.OpType.SET))))
                        .all()
                        .get();
            }

            BrokerDurability.Reading reading = new KafkaReplication(topic).read();

            assertThat(reading.durable()).isTrue();
            assertThat(reading.summary())
                    .contains("Kafka topic " + name + " is on a single broker")
                    .contains("min.insync.replicas=2, replication factor 1, 1 brokers");
        }
    }

    @Test
    void reportsATopicWhoseLeaderAloneMayAcknowledgeWhileOtherBrokersCouldHoldReplicas() {
        BrokerDurability.Reading reading = KafkaReplication.reading("events", new KafkaTopic.Replication(3, 3, 1));

        assertThat(reading.durable()).isFalse();
        assertThat(reading.summary())
                .contains("lets its leader alone acknowledge records")
                .contains("min.insync.replicas=1, replication factor 3, 3 brokers")
                .contains("Set min.insync.replicas=2 on the topic");
    }

    @Test
    void reportsATopicWithOneReplicaOnACluster() {
        BrokerDurability.Reading reading = KafkaReplication.reading("events", new KafkaTopic.Replication(3, 1, 2));

        assertThat(reading.durable()).isFalse();
        assertThat(reading.summary()).contains("keeps each record on one broker", "replication factor 1, 3 brokers");
    }

    @Test
    void aTopicThatNeedsTwoReplicasToAcknowledgeIsDurable() {
        BrokerDurability.Reading reading = KafkaReplication.reading("events", new KafkaTopic.Replication(3, 3, 2));

        assertThat(reading.durable()).isTrue();
        assertThat(reading.summary()).contains("once 2 brokers have them");
    }
}
