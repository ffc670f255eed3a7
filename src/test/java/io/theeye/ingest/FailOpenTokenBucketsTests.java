package io.theeye.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.theeye.support.RedisServerProcess;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** While Redis is away each process counts on its own, and says so; never does a request fail for it. */
class FailOpenTokenBucketsTests {

    private final UUID client = UUID.randomUUID();
    private final RateLimit limit = new RateLimit(1, 100);

    private static FailOpenTokenBuckets buckets(String url) {
        FailOpenTokenBuckets buckets = new FailOpenTokenBuckets(
                new RedisTokenBuckets(url, Duration.ofSeconds(1), null),
                new LocalTokenBuckets(System::nanoTime),
                Duration.ZERO,
                System::nanoTime);
        buckets.start();
        return buckets;
    }

    @Test
    void countsInThisProcessWhenRedisCannotBeReachedAtStart() {
        try (FailOpenTokenBuckets buckets = buckets("redis://127.0.0.1:" + RedisServerProcess.freePort())) {
            assertThat(buckets.shared()).isFalse();

            assertThat(buckets.take(client, limit, 60)).isZero();
            assertThat(buckets.take(client, limit, 60)).isPositive();
            assertThat(buckets.waitForAny(client, limit)).isZero();
        }
    }

    @Test
    void countsInThisProcessWhileRedisIsAwayAndInRedisAgainOnceItIsBack() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
                FailOpenTokenBuckets buckets = buckets(redis.url());
                FailOpenTokenBuckets otherProcess = buckets(redis.url())) {
            assertThat(buckets.shared()).isTrue();
            assertThat(buckets.take(client, limit, 60)).isZero();
            assertThat(otherProcess.take(client, limit, 60)).isPositive();

            redis.kill();

            // This process's own bucket, full: the 60 taken in Redis are not known here.
            assertThat(buckets.take(client, limit, 60)).isZero();
            assertThat(buckets.shared()).isFalse();
            assertThat(buckets.take(client, limit, 60)).isPositive();

            redis.restart();

            // Lettuce reconnects in the background; until then each call finds Redis away and counts here.
            UUID probe = UUID.randomUUID();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                buckets.waitForAny(probe, limit);
                otherProcess.waitForAny(probe, limit);
                return buckets.shared() && otherProcess.shared();
            });
            UUID next = UUID.randomUUID();
            assertThat(buckets.take(next, limit, 60)).isZero();
            assertThat(otherProcess.take(next, limit, 60)).isPositive();
        }
    }
}
