package io.theeye.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.theeye.support.TestBrokers;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The buckets in a real Redis, on a clock the test moves: the same answers as in memory. */
class RedisTokenBucketsTests extends TokenBucketsContract {

    @Override
    TokenBuckets newBuckets() {
        return new RedisTokenBuckets(TestBrokers.redis(), Duration.ofSeconds(5), () -> now.get() / 1000);
    }

    @Test
    void twoProcessesCountAgainstOneBucket() {
        UUID client = UUID.randomUUID();
        RateLimit limit = new RateLimit(1, 10);
        try (TokenBuckets one = newBuckets();
                TokenBuckets other = newBuckets()) {
            assertThat(one.take(client, limit, 6)).isZero();

            assertThat(other.take(client, limit, 6)).isEqualTo(2);
            assertThat(other.take(client, limit, 4)).isZero();
            assertThat(one.waitForAny(client, limit)).isEqualTo(1);
        }
    }

    @Test
    void onRedisOwnClockABucketRefillsAndItsKeyExpiresOnceFull() {
        UUID client = UUID.randomUUID();
        RateLimit limit = new RateLimit(1000, 1000);
        try (RedisTokenBuckets buckets = new RedisTokenBuckets(TestBrokers.redis(), Duration.ofSeconds(5), null)) {
            assertThat(buckets.take(client, limit, 1000)).isZero();
            assertThat(buckets.take(client, limit, 1000)).isEqualTo(1);

            long ttl = buckets.connection().sync().pttl(RedisTokenBuckets.KEY_PREFIX + client);
            // Full again in 1 s, so gone in 2 s at most.
            assertThat(ttl).isPositive().isLessThanOrEqualTo(2000);
        }
    }

    @Test
    void loadsItsScriptAgainAfterRedisForgotIt() {
        UUID client = UUID.randomUUID();
        RateLimit limit = new RateLimit(1, 10);
        try (RedisTokenBuckets buckets = (RedisTokenBuckets) newBuckets()) {
            assertThat(buckets.take(client, limit, 4)).isZero();
            RedisClient admin = RedisClient.create(TestBrokers.redis());
            try (StatefulRedisConnection<String, String> connection = admin.connect()) {
                connection.sync().scriptFlush();
            } finally {
                admin.shutdown();
            }

            assertThat(buckets.take(client, limit, 6)).isZero();
            assertThat(buckets.take(client, limit, 1)).isEqualTo(1);
        }
    }
}
