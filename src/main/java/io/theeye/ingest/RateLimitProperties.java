package io.theeye.ingest;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How many events each client may send: a token bucket per client, counted in events, not requests. A client may
 * have a limit of its own ({@code clients limit}, the admin UI) in place of this default.
 *
 * @param eventsPerSecond the rate a client's bucket refills at; 0 turns rate limiting off
 * @param burst the most events the bucket holds, so the most a client may send at once after a quiet spell; 0 means
 *     one second's worth ({@code eventsPerSecond})
 * @param redisUrl the Redis that holds the buckets, so that every API process counts against one limit; blank: the
 *     queue's Redis with {@code the-eye.queue.type=redis}, otherwise none (each process counts on its own)
 * @param redisTimeout how long a request waits for Redis to count its events before the process counts on its own
 */
@Validated
@ConfigurationProperties("the-eye.rate-limit")
public record RateLimitProperties(
        @Min(0) int eventsPerSecond,
        @Min(0) int burst,
        String redisUrl,
        @NotNull @DurationMin(millis = 1) Duration redisTimeout) {

    /** The limit of a client that has none of its own. */
    RateLimit defaults() {
        return new RateLimit(eventsPerSecond, burst);
    }
}
