package io.theeye.queue;

import io.theeye.store.EventStore;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How accepted events travel to storage.
 *
 * @param type the backend
 * @param direct settings of the {@code direct} backend
 */
@Validated
@ConfigurationProperties("the-eye.queue")
public record QueueProperties(
        @NotNull @DefaultValue("direct") QueueType type,
        @Valid @DefaultValue Direct direct) {

    /**
     * The {@code direct} backend's group commit.
     *
     * @param maxBatchEvents most events written in one transaction
     * @param capacity most events waiting for a writer; past it, requests get 503
     * @param capacityBytes most memory the events waiting for a writer may hold (as {@link
     *     io.theeye.event.IngestBatch#estimatedBytes()} counts it); past it, requests get 503
     * @param writers threads writing to the database, each with its own transaction and connection (from a pool
     *     reads never take); 0 lets the database decide (one on SQLite, which lets one writer in at a time; two on
     *     PostgreSQL)
     */
    public record Direct(
            @DefaultValue("5000") @Min(1) int maxBatchEvents,
            @DefaultValue("100000") @Min(1) int capacity,
            @NotNull @DefaultValue("64MB") DataSize capacityBytes,

            @DefaultValue("0") @Min(0) @Max(EventStore.MAX_WRITERS)
            int writers) {

        public Direct {
            if (capacityBytes != null && capacityBytes.toBytes() < 1) {
                throw new IllegalArgumentException(
                        "the-eye.queue.direct.capacity-bytes (THE_EYE_QUEUE_DIRECT_CAPACITY_BYTES) must be positive");
            }
        }
    }
}
