package io.theeye.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.theeye.queue.QueueType;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Which Redis holds the buckets: the one named for limits, else the queue's when the queue is Redis, else none. */
class RateLimitConfigurationTests {

    private static final URI QUEUE = URI.create("redis://queue:6379");

    @Test
    void theRedisNamedForLimitsWinsOverTheQueues() {
        assertThat(RateLimitConfiguration.redisUrl(limits(" redis://limits:6379 "), QueueType.REDIS, QUEUE))
                .isEqualTo("redis://limits:6379");
        assertThat(RateLimitConfiguration.redisUrl(limits("redis://limits:6379"), QueueType.DIRECT, QUEUE))
                .isEqualTo("redis://limits:6379");
    }

    @Test
    void withoutOneTheQueuesRedisIfTheQueueIsRedisElseNone() {
        assertThat(RateLimitConfiguration.redisUrl(limits(""), QueueType.REDIS, QUEUE))
                .isEqualTo("redis://queue:6379");
        assertThat(RateLimitConfiguration.redisUrl(limits(null), QueueType.DIRECT, QUEUE))
                .isNull();
        assertThat(RateLimitConfiguration.redisUrl(limits(" "), QueueType.KAFKA, QUEUE))
                .isNull();
    }

    private static RateLimitProperties limits(String redisUrl) {
        return new RateLimitProperties(10, 0, redisUrl, Duration.ofMillis(500));
    }
}
