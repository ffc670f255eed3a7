package io.theeye.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EventRateLimiterTests {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(42 * SECOND);
    private final UUID client = UUID.randomUUID();

    private EventRateLimiter limiter(int eventsPerSecond, int burst) {
        return new EventRateLimiter(new RateLimitProperties(eventsPerSecond, burst), now::get);
    }

    @Test
    void neverLimitsWhenOff() {
        EventRateLimiter limiter = limiter(0, 0);

        for (int i = 0; i < 1000; i++) {
            assertThat(limiter.take(client, 1000)).isZero();
        }
        assertThat(limiter.waitForAny(client)).isZero();
    }

    @Test
    void letsABurstThroughThenRefusesSayingHowLongToWait() {
        EventRateLimiter limiter = limiter(10, 50);

        assertThat(limiter.take(client, 30)).isZero();
        assertThat(limiter.take(client, 20)).isZero();

        assertThat(limiter.take(client, 25)).isEqualTo(3);
        assertThat(limiter.waitForAny(client)).isEqualTo(1);
    }

    @Test
    void countsEventsNotRequests() {
        EventRateLimiter limiter = limiter(10, 10);

        assertThat(limiter.take(client, 10)).isZero();

        assertThat(limiter.take(client, 1)).isPositive();
    }

    @Test
    void refillsAtTheRateUpToTheBurst() {
        EventRateLimiter limiter = limiter(10, 50);
        limiter.take(client, 50);

        now.addAndGet(2 * SECOND);

        assertThat(limiter.take(client, 21)).isEqualTo(1);
        assertThat(limiter.take(client, 20)).isZero();
        now.addAndGet(3600 * SECOND);
        assertThat(limiter.take(client, 50)).isZero();
        assertThat(limiter.take(client, 1)).isPositive();
    }

    @Test
    void refusedEventsTakeNothing() {
        EventRateLimiter limiter = limiter(10, 10);
        limiter.take(client, 5);

        assertThat(limiter.take(client, 6)).isPositive();

        assertThat(limiter.take(client, 5)).isZero();
    }

    @Test
    void letsARequestLargerThanTheBurstThroughWhenTheBucketIsFullThenMakesTheClientWaitItOff() {
        EventRateLimiter limiter = limiter(10, 10);

        assertThat(limiter.take(client, 100)).isZero();

        assertThat(limiter.waitForAny(client)).isEqualTo(10);
        now.addAndGet(10 * SECOND);
        assertThat(limiter.take(client, 1)).isZero();
    }

    @Test
    void aBurstOfZeroMeansOneSecondsWorth() {
        EventRateLimiter limiter = limiter(7, 0);

        assertThat(limiter.take(client, 7)).isZero();

        assertThat(limiter.take(client, 1)).isEqualTo(1);
    }

    @Test
    void limitsEachClientOnItsOwn() {
        EventRateLimiter limiter = limiter(1, 5);
        limiter.take(client, 5);

        assertThat(limiter.take(UUID.randomUUID(), 5)).isZero();
    }
}
