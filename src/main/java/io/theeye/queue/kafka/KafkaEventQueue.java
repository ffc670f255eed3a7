package io.theeye.queue.kafka;

import io.theeye.event.Event;
import io.theeye.event.IngestBatch;
import io.theeye.queue.BatchCodec;
import io.theeye.queue.EventQueue;
import io.theeye.queue.QueueUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The publishing side on Kafka. A request's events go out as one record per session, keyed by the session id, so
 * that a session's events keep their order within a partition; its rejected events as one more record. The request
 * is durable once every record is acknowledged by all in-sync replicas ({@code acks=all}, idempotent producer).
 */
final class KafkaEventQueue implements EventQueue, AutoCloseable {

    private final KafkaTopic topic;
    private final BatchCodec codec;
    private final Duration timeout;
    private final KafkaProducer<String, byte[]> producer;

    KafkaEventQueue(KafkaTopic topic, BatchCodec codec, Duration timeout) {
        this.topic = topic;
        this.codec = codec;
        this.timeout = timeout;
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, topic.settings().bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "the-eye-api");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // Records of concurrent requests travel together: a short wait buys much larger produce requests.
        config.put(ProducerConfig.LINGER_MS_CONFIG, "2");
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(256 * 1024));
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // A broker that cannot be reached or answers too slowly must end in a 503 within the publish timeout.
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(timeout.toMillis()));
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis()));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(timeout.toMillis() + 10));
        config.putAll(topic.settings().properties());
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public CompletableFuture<Void> publish(IngestBatch batch) {
        try {
            topic.ensure();
            List<CompletableFuture<Void>> sent = new ArrayList<>();
            for (Map.Entry<String, List<Event>> session : bySession(batch).entrySet()) {
                sent.add(send(session.getKey(), new IngestBatch(session.getValue(), List.of())));
            }
            if (!batch.rejected().isEmpty()) {
                sent.add(send(null, new IngestBatch(List.of(), batch.rejected())));
            }
            return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                    .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                    .handle((ok, failure) -> {
                        if (failure != null) {
                            throw new QueueUnavailableException("the broker did not acknowledge the events", failure);
                        }
                        return null;
                    });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(new QueueUnavailableException("the broker is unavailable", e));
        }
    }

    private CompletableFuture<Void> send(String key, IngestBatch part) {
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic.name(), key, codec.encode(part)), (metadata, failure) -> {
            if (failure == null) {
                acknowledged.complete(null);
            } else {
                acknowledged.completeExceptionally(failure);
            }
        });
        return acknowledged;
    }

    private static Map<String, List<Event>> bySession(IngestBatch batch) {
        Map<String, List<Event>> sessions = new LinkedHashMap<>();
        for (Event event : batch.events()) {
            sessions.computeIfAbsent(event.sessionId(), s -> new ArrayList<>()).add(event);
        }
        return sessions;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
