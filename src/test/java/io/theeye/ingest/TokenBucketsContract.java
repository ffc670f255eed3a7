package io.theeye.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every place the clients' buckets may live promises, with a clock the test moves: each subclass names one and
 * makes it read {@link #now}.
 */
abstract class TokenBucketsContract {

    static final long SECOND = 1_000_000_000L;

    /** The time in nanoseconds. */
    final AtomicLong now = new AtomicLong(1_760_000_000L * SECOND);

    private final UUID client = UUID.randomUUID();
    private TokenBuckets buckets;

    abstract TokenBuckets newBuckets();

    @BeforeEach
    void setUp() {
        buckets = newBuckets();
    }

    @AfterEach
    void tearDown() {
        buckets.close();
    }

    @Test
    void letsABurstThroughThenRefusesSayingHowLongToWait() {
        RateLimit limit = new RateLimit(10, 50);

        assertThat(buckets.take(client, limit, 30)).isZero();
        assertThat(buckets.take(client, limit, 20)).isZero();

        assertThat(buckets.take(client, limit, 25)).isEqualTo(3);
        assertThat(buckets.waitForAny(client, limit)).isEqualTo(1);
    }

    @Test
    void countsEventsNotRequests() {
        RateLimit limit = new RateLimit(10, 10);

        assertThat(buckets.take(client, limit, 10)).isZero();

        assertThat(buckets.take(client, limit, 1)).isPositive();
    }

    @Test
    void refillsAtTheRateUpToTheBurst() {
        RateLimit limit = new RateLimit(10, 50);
        buckets.take(client, limit, 50);

        now.addAndGet(2 * SECOND);

        assertThat(buckets.take(client, limit, 21)).isEqualTo(1);
        assertThat(buckets.take(client, limit, 20)).isZero();
        now.addAndGet(3600 * SECOND);
        assertThat(buckets.take(client, limit, 50)).isZero();
        assertThat(buckets.take(client, limit, 1)).isPositive();
    }

    @Test
    void refusedEventsTakeNothing() {
        RateLimit limit = new RateLimit(10, 10);
        buckets.take(client, limit, 5);

        assertThat(buckets.take(client, limit, 6)).isPositive();

        assertThat(buckets.take(client, limit, 5)).isZero();
    }

    @Test
    void askingTakesNothing() {
        RateLimit limit = new RateLimit(10, 10);

        for (int i = 0; i < 20; i++) {
            assertThat(buckets.waitForAny(client, limit)).isZero();
        }

        assertThat(buckets.take(client, limit, 10)).isZero();
    }

    @Test
    void saysWhetherEventsMayGoWithoutTakingThem() {
        RateLimit limit = new RateLimit(10, 10);
        buckets.take(client, limit, 4);

        assertThat(buckets.waitFor(client, limit, 6)).isZero();
        assertThat(buckets.waitFor(client, limit, 7)).isEqualTo(1);
        assertThat(buckets.waitFor(client, limit, 6)).isZero();

        assertThat(buckets.take(client, limit, 6)).isZero();
        assertThat(buckets.waitFor(client, limit, 1)).isPositive();
    }

    @Test
    void letsARequestLargerThanTheBurstThroughWhenTheBucketIsFullThenMakesTheClientWaitItOff() {
        RateLimit limit = new RateLimit(10, 10);

        assertThat(buckets.take(client, limit, 100)).isZero();

        assertThat(buckets.waitForAny(client, limit)).isEqualTo(10);
        now.addAndGet(10 * SECOND);
        assertThat(buckets.take(client, limit, 1)).isZero();
    }

    @Test
    void aBurstOfZeroMeansOneSecondsWorth() {
        RateLimit limit = new RateLimit(7, 0);

        assertThat(buckets.take(client, limit, 7)).isZero();

        assertThat(buckets.take(client, limit, 1)).isEqualTo(1);
    }

    @Test
    void limitsEachClientOnItsOwn() {
        RateLimit limit = new RateLimit(1, 5);
        buckets.take(client, limit, 5);

        assertThat(buckets.take(UUID.randomUUID(), limit, 5)).isZero();
    }

    @Test
    void aClientWhoseLimitChangesStartsWithAFullBucket() {
        buckets.take(client, new RateLimit(1, 5), 5);

        assertThat(buckets.take(client, new RateLimit(1, 8), 8)).isZero();
        assertThat(buckets.take(client, new RateLimit(1, 8), 1)).isPositive();
        assertThat(buckets.take(client, new RateLimit(2, 8), 8)).isZero();
    }
}
