package io.theeye.queue.kafka;

import io.theeye.queue.QueueBacklog;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The topic's backlog, as an API process reads it: the workers' group lag summed over the partitions (from its
 * committed offset, or the partition's start where it has none, to the partition's end), and the oldest record not
 * stored yet, by its timestamp. That timestamp is read by a consumer of its own, outside the group, which fetches the
 * first waiting record of each partition that lags (at least one record batch each: as little as Kafka will send).
 */
final class KafkaBacklog implements QueueBacklog.Probe, AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);

    private final KafkaTopic topic;
    private final Duration timeout;
    /** Made on first use and used by the reading thread alone, as a Kafka consumer must be. */
    private KafkaConsumer<byte[], byte[]> reader;

    KafkaBacklog(KafkaTopic topic, Duration timeout) {
        this.topic = topic;
        this.timeout = timeout;
    }

    @Override
    public QueueBacklog.Reading read() throws Exception {
        topic.ensure();
        KafkaTopic.Offsets offsets = topic.offsets();
        Map<TopicPartition, Long> waitingFrom = new HashMap<>();
        long depth = 0;
        for (Map.Entry<TopicPartition, Long> end : offsets.end().entrySet()) {
            long begin = offsets.begin().getOrDefault(end.getKey(), 0L);
            // A committed offset below the partition's start (records removed by retention) counts from the start.
            long from = Math.max(begin, offsets.committed().getOrDefault(end.getKey(), begin));
            if (end.getValue() > from) {
                waitingFrom.put(end.getKey(), from);
                depth += end.getValue() - from;
            }
        }
        return new QueueBacklog.Reading(depth, waitingFrom.isEmpty() ? null : oldest(waitingFrom));
    }

    /** The earliest timestamp of the first waiting record of each partition; null if none came in time. */
    private Instant oldest(Map<TopicPartition, Long> waitingFrom) {
        KafkaConsumer<byte[], byte[]> consumer = reader();
        consumer.assign(waitingFrom.keySet());
        waitingFrom.forEach(consumer::seek);
        Map<TopicPartition, Long> first = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (first.size() < waitingFrom.size() && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                first.putIfAbsent(partition, record.timestamp());
                // This partition has given its first record: fetch nothing more of it.
                consumer.pause(List.of(partition));
            }
        }
        consumer.resume(consumer.paused());
        return first.values().stream()
                .min(Long::compare)
                .map(Instant::ofEpochMilli)
                .orElse(null);
    }

    private KafkaConsumer<byte[], byte[]> reader() {
        if (reader == null) {
            Properties config = new Properties();
            config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, topic.settings().bootstrapServers());
            config.put(ConsumerConfig.CLIENT_ID_CONFIG, "the-eye-backlog");
            config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
            config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            // Kafka sends at least one record batch of a partition whatever this says: no more than that.
            config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "1");
            config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
            config.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
            config.putAll(topic.settings().properties());
            reader = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
        return reader;
    }

    @Override
    public void close() {
        if (reader != null) {
            reader.close(CloseOptions.timeout(Duration.ofSeconds(2)));
        }
    }
}
