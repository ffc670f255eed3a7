package io.theeye.queue.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.theeye.queue.BatchCodec;
import io.theeye.queue.Delivery;
import io.theeye.queue.EventConsumer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One worker's member of the consumer group. Offsets are committed only after the database commit, up to the first
 * record that failed; a failed record is read again from its offset. When workers come and go, Kafka moves
 * partitions between them; a partition's records left uncommitted by a dead worker are read again by the next. A poll
 * hands out at most the events the worker asked for (a single larger record alone): the consumer is moved back to the
 * first record of each partition that was not handed out, which the next poll reads again.
 */
final class KafkaEventConsumer implements EventConsumer {

    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaClientMetrics metrics;
    private final BatchCodec codec;
    private final Clock clock;
    private final KafkaQueueMetrics queueMetrics;
    /** Failed tries of records this consumer holds; forgotten once committed. */
    private final Map<Receipt, Integer> attempts = new HashMap<>();

    KafkaEventConsumer(
            KafkaTopic topic,
            String name,
            BatchCodec codec,
            Clock clock,
            MeterRegistry meters,
            KafkaQueueMetrics queueMetrics) {
        this.codec = codec;
        this.clock = clock;
        this.queueMetrics = queueMetrics;
        topic.ensure();
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, topic.settings().bootstrapServers());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, topic.settings().group());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
        config.putAll(topic.settings().properties());
        this.consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        this.metrics = new KafkaClientMetrics(consumer);
        metrics.bindTo(meters);
        consumer.subscribe(List.of(topic.name()));
    }

    @Override
    public List<Delivery> poll(int maxEvents, Duration timeout) {
        Instant now = clock.instant();
        List<Delivery> deliveries = new ArrayList<>();
        int events = 0;
        Map<TopicPartition, Long> notHandedOut = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
            Receipt receipt = new Receipt(new TopicPartition(record.topic(), record.partition()), record.offset());
            if (!notHandedOut.isEmpty()) {
                // Records come partition by partition, each in offset order: the first one left out is the place.
                notHandedOut.putIfAbsent(receipt.partition(), receipt.offset());
                continue;
            }
            Delivery delivery = new Delivery(
                    codec.decode(record.value() == null ? new byte[0] : record.value(), receipt.toString(), now),
                    attempts.getOrDefault(receipt, 0),
                    receipt);
            if (!deliveries.isEmpty() && events + delivery.batch().size() > maxEvents) {
                notHandedOut.put(receipt.partition(), receipt.offset());
                continue;
            }
            deliveries.add(delivery);
            events += delivery.batch().size();
        }
        notHandedOut.forEach(consumer::seek);
        return deliveries;
    }

    /** The broker keeps what was not committed: nothing to finish before stopping. */
    @Override
    public List<Delivery> drain(int maxEvents) {
        return List.of();
    }

    @Override
    public void settle(List<Delivery> stored, List<Delivery> failed, Throwable cause) {
        Map<TopicPartition, Long> firstFailed = new HashMap<>();
        for (Delivery delivery : failed) {
            Receipt receipt = (Receipt) delivery.receipt();
            attempts.merge(receipt, 1, Integer::sum);
            firstFailed.merge(receipt.partition(), receipt.offset(), Math::min);
        }
        Map<TopicPartition, Long> next = new HashMap<>();
        for (Delivery delivery : stored) {
            Receipt receipt = (Receipt) delivery.receipt();
            next.merge(receipt.partition(), receipt.offset() + 1, Math::max);
        }
        // Never commit past a record that failed: the next read starts from it.
        next.putAll(firstFailed);
        firstFailed.forEach(consumer::seek);
        if (!failed.isEmpty()) {
            queueMetrics.redelivered(failed.size());
        }
        if (!next.isEmpty()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            next.forEach((partition, offset) -> offsets.put(partition, new OffsetAndMetadata(offset)));
            consumer.commitSync(offsets);
            attempts.keySet().removeIf(r -> next.containsKey(r.partition()) && r.offset() < next.get(r.partition()));
        }
    }

    @Override
    public boolean redelivers() {
        return true;
    }

    @Override
    public void close() {
        metrics.close();
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }

    /** A record's place: its partition and offset. */
    record Receipt(TopicPartition partition, long offset) {
        @Override
        public String toString() {
            return partition + "@" + offset;
        }
    }
}
