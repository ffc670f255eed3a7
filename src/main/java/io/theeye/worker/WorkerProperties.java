package io.theeye.worker;

import io.theeye.store.EventStore;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The workers that store what the queue holds.
 *
 * @param enabled whether this process runs workers: {@code serve} does unless {@code --no-worker}, {@code worker}
 *     does, the other commands do not
 * @param concurrency worker threads, each with its own consumer, transaction and connection (from a pool reads never
 *     take), at most 32; 0 lets the database decide (one on SQLite, which lets one writer in at a time; two on
 *     PostgreSQL); with the {@code direct} queue another writer joins one that is writing only once enough events wait
 *     (its {@code WriterGate})
 * @param maxBatchEvents most events written in one transaction
 * @param maxAttempts with a broker: how many times a batch that cannot be stored (while the database is up) is tried
 *     before its events are kept in {@code rejected_events} instead
 * @param maxBackoff with a broker: the longest pause between tries while the database is away
 */
@Validated
@ConfigurationProperties("the-eye.worker")
public record WorkerProperties(
        boolean enabled,

        @Min(0) @Max(EventStore.MAX_WRITERS) int concurrency,

        @Min(1) int maxBatchEvents,
        @Min(1) int maxAttempts,
        @NotNull Duration maxBackoff) {}
