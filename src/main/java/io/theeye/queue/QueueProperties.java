package io.theeye.queue;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How accepted events travel to storage.
 *
 * @param type the backend: {@code direct} (no broker), {@code redis} or {@code kafka}
 * @param publishTimeout with a broker: how long a request waits for the broker's acknowledgement before it is
 *     answered 503
 * @param direct settings of the {@code direct} backend
 * @param redis settings of the {@code redis} backend
 * @param kafka settings of the {@code kafka} backend
 */
@Validated
@ConfigurationProperties("the-eye.queue")
public record QueueProperties(
        @NotNull @DefaultValue("direct") QueueType type,
        @NotNull @DefaultValue("5s") Duration publishTimeout,
        @Valid @DefaultValue Direct direct,
        @Valid @DefaultValue Redis redis,
        @Valid @DefaultValue Kafka kafka) {

    /**
     * The {@code direct} backend's group commit.
     *
     * @param capacity most events waiting for a writer; past it, requests get 503
     * @param capacityBytes most memory the events waiting for a writer may hold (as {@link
     *     io.theeye.event.IngestBatch#estimatedBytes()} counts it); past it, requests get 503
     */
    public record Direct(
            @DefaultValue("100000") @Min(1) int capacity,
            @NotNull @DefaultValue("64MB") DataSize capacityBytes) {

        public Direct {
            if (capacityBytes != null && capacityBytes.toBytes() < 1) {
                throw new IllegalArgumentException(
                        "the-eye.queue.direct.capacity-bytes (THE_EYE_QUEUE_DIRECT_CAPACITY_BYTES) must be positive");
            }
        }
    }

    /**
     * Redis Streams.
     *
     * @param url the server, {@code redis://host:port} (or {@code rediss://} for TLS, with a password as
     *     {@code redis://:password@host:port})
     * @param stream the stream batches are added to
     * @param group the consumer group every worker reads the stream through
     * @param claimIdle how long an entry handed to a worker may stay unacknowledged before another worker claims it
     *     (the first worker is presumed dead)
     * @param batchEntries most stream entries (each a request's batch) a worker reads at once
     * @param requireDurable API processes refuse to start (and, should it change, to publish) unless Redis writes
     *     every event to disk before it answers ({@code appendonly yes}, {@code appendfsync always})
     * @param waitReplicas API processes answer 202 only once this many replicas confirm they have the events
     *     ({@code WAIT}); 0 does not wait
     */
    public record Redis(
            @NotNull @DefaultValue("redis://127.0.0.1:6379") URI url,
            @NotBlank @DefaultValue("the-eye:events") String stream,
            @NotBlank @DefaultValue("the-eye-workers") String group,
            @NotNull @DefaultValue("30s") Duration claimIdle,
            @DefaultValue("200") @Min(1) int batchEntries,
            @DefaultValue("false") boolean requireDurable,
            @DefaultValue("0") @Min(0) int waitReplicas) {}

    /**
     * Kafka.
     *
     * @param bootstrapServers {@code host:port[,host:port...]}
     * @param topic the topic batches are produced to; created with {@code partitions} partitions if missing
     * @param partitions partitions of the topic when The Eye creates it: the most workers that can share the work
     * @param replicationFactor replicas of the topic when The Eye creates it; 0 leaves it to the broker's default
     * @param group the consumer group of the workers
     */
    public record Kafka(
            @NotBlank @DefaultValue("127.0.0.1:9092") String bootstrapServers,
            @NotBlank @DefaultValue("the-eye-events") String topic,
            @DefaultValue("6") @Min(1) int partitions,
            @DefaultValue("0") @Min(0) int replicationFactor,
            @NotBlank @DefaultValue("the-eye-workers") String group) {}
}
