package io.theeye.queue.kafka;

import io.theeye.queue.QueueProperties;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** The topic every API process and worker agree on, created with its partitions when missing. */
final class KafkaTopic implements AutoCloseable {

    private final QueueProperties.Kafka settings;
    private final Admin admin;
    private final Duration timeout;
    private volatile boolean ensured;

    private static final Duration LEADER_POLL = Duration.ofMillis(50);

    /** @param timeout how long to wait for the broker's answer to one request */
    KafkaTopic(QueueProperties.Kafka settings, Duration timeout) {
        this.settings = settings;
        this.timeout = timeout;
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "the-eye-admin");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        config.putAll(settings.properties());
        this.admin = Admin.create(config);
    }

    QueueProperties.Kafka settings() {
        return settings;
    }

    String name() {
        return settings.topic();
    }

    /** Creates the topic unless it exists; throws while the broker cannot be reached. */
    void ensure() {
        if (ensured) {
            return;
        }
        NewTopic topic = new NewTopic(
                settings.topic(),
                Optional.of(settings.partitions()),
                settings.replicationFactor() == 0
                        ? Optional.empty()
                        : Optional.of((short) settings.replicationFactor()));
        try {
            admin.createTopics(List.of(topic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            awaitLeaders();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create the Kafka topic " + settings.topic(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + settings.bootstrapServers() + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        ensured = true;
    }

    /**
     * Waits until every partition of the topic just made has a leader. A producer that sends to a partition before
     * then is told to retry, and Kafka's idempotent producer can then be refused for good (an out-of-order sequence)
     * on that partition until its send times out: seen with a topic made a moment before a burst of sends.
     */
    private void awaitLeaders() throws ExecutionException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (hasLeaders()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the partitions of " + settings.topic() + " have no leader yet");
            }
            Thread.sleep(LEADER_POLL.toMillis());
        }
    }

    /**
     * Whether every partition of the topic has a leader. A topic created a moment ago may be unknown yet to the
     * broker that answers (the controller told it nothing so far): not ready, like a partition without a leader.
     */
    private boolean hasLeaders() throws ExecutionException, InterruptedException, TimeoutException {
        try {
            TopicDescription description = admin.describeTopics(List.of(settings.topic()))
                    .allTopicNames()
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .get(settings.topic());
            return description.partitions().stream()
                    .allMatch(partition ->
                            partition.leader() != null && !partition.leader().isEmpty());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
    }

    /** The broker's cluster id, or an exception when it cannot be reached in time. */
    String clusterId() throws Exception {
        return admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * How the topic is replicated, for {@link KafkaReplication}: the cluster's brokers, the fewest replicas of any of
     * its partitions, and its {@code min.insync.replicas} (its own, or the broker's default).
     */
    Replication replication() throws Exception {
        long limit = timeout.toMillis();
        int brokers = admin.describeCluster()
                .nodes()
                .get(limit, TimeUnit.MILLISECONDS)
                .size();
        TopicDescription description = admin.describeTopics(List.of(settings.topic()))
                .allTopicNames()
                .get(limit, TimeUnit.MILLISECONDS)
                .get(settings.topic());
        int replicas = description.partitions().stream()
                .mapToInt(p -> p.replicas().size())
                .min()
                .orElse(0);
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, settings.topic());
        Config config = admin.describeConfigs(List.of(resource))
                .all()
                .get(limit, TimeUnit.MILLISECONDS)
                .get(resource);
        ConfigEntry minInsync = config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
        return new Replication(brokers, replicas, minInsync == null ? 1 : Integer.parseInt(minInsync.value()));
    }

    record Replication(int brokers, int replicationFactor, int minInsyncReplicas) {}

    /**
     * Where each partition of the topic begins and ends, and up to where the workers' group has committed (a
     * partition it has not committed in is missing), for {@link KafkaBacklog}.
     */
    Offsets offsets() throws Exception {
        long limit = timeout.toMillis();
        TopicDescription description = admin.describeTopics(List.of(settings.topic()))
                .allTopicNames()
                .get(limit, TimeUnit.MILLISECONDS)
                .get(settings.topic());
        List<TopicPartition> partitions = description.partitions().stream()
                .map(p -> new TopicPartition(settings.topic(), p.partition()))
                .toList();
        Map<TopicPartition, Long> committed = new HashMap<>();
        admin.listConsumerGroupOffsets(settings.group())
                .partitionsToOffsetAndMetadata()
                .get(limit, TimeUnit.MILLISECONDS)
                .forEach((partition, offset) -> {
                    if (offset != null && partition.topic().equals(settings.topic())) {
                        committed.put(partition, offset.offset());
                    }
                });
        return new Offsets(
                offsets(partitions, OffsetSpec.earliest(), limit),
                offsets(partitions, OffsetSpec.latest(), limit),
                committed);
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec, long limit)
            throws Exception {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(partition, spec));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(request)
                .all()
                .get(limit, TimeUnit.MILLISECONDS)
                .forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    record Offsets(
            Map<TopicPartition, Long> begin, Map<TopicPartition, Long> end, Map<TopicPartition, Long> committed) {}

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
