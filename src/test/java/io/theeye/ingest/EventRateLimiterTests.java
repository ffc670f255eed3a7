package io.theeye.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.theeye.system.ApiException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The limit each client is held to: its own, or the default; how the buckets count is {@link TokenBucketsContract}'s. */
class EventRateLimiterTests {

    private final AtomicLong now = new AtomicLong(42_000_000_000L);
    private final UUID client = UUID.randomUUID();
    private final Map<UUID, RateLimit> own = new ConcurrentHashMap<>();

    private EventRateLimiter limiter(int eventsPerSecond, int burst) {
        return new EventRateLimiter(new RateLimit(eventsPerSecond, burst), own::get, new LocalTokenBuckets(now::get));
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
    void refusesWith429NamingTheLimitAndWhenToRetry() {
        EventRateLimiter limiter = limiter(1, 5);
        limiter.require(client, 5);

        assertThatThrownBy(() -> limiter.require(client, 1)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status().value()).isEqualTo(429);
            assertThat(e.body().message())
                    .isEqualTo("Too many events: this client may send 1 event per second, up to 5 at once."
                            + " Retry after 1 s.");
            assertThat(e.headers()).containsEntry("Retry-After", "1");
        });
        assertThatThrownBy(() -> limiter.requireAny(client)).isInstanceOf(ApiException.class);
    }

    @Test
    void holdsAClientWithALimitOfItsOwnToItAndTheOthersToTheDefault() {
        EventRateLimiter limiter = limiter(10, 10);
        own.put(client, new RateLimit(2, 3));

        assertThat(limiter.take(client, 3)).isZero();
        assertThatThrownBy(() -> limiter.require(client, 1))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("2 events per second, up to 3 at once");
        assertThat(limiter.take(UUID.randomUUID(), 10)).isZero();
    }

    @Test
    void aClientsOwnLimitMayBeNoLimitOrALimitWhereTheDefaultHasNone() {
        UUID unlimited = UUID.randomUUID();
        own.put(unlimited, new RateLimit(0, 0));
        own.put(client, new RateLimit(1, 1));
        EventRateLimiter limitedByDefault = limiter(1, 1);
        EventRateLimiter unlimitedByDefault = limiter(0, 0);

        for (int i = 0; i < 10; i++) {
            assertThat(limitedByDefault.take(unlimited, 100)).isZero();
        }
        assertThat(unlimitedByDefault.take(client, 1)).isZero();
        assertThat(unlimitedByDefault.take(client, 1)).isPositive();
    }

    @Test
    void aClientWhoseOwnLimitIsTakenAwayIsHeldToTheDefaultAgain() {
        EventRateLimiter limiter = limiter(5, 5);
        own.put(client, new RateLimit(1, 1));
        limiter.take(client, 1);
        assertThat(limiter.take(client, 1)).isPositive();

        own.remove(client);

        assertThat(limiter.take(client, 5)).isZero();
        assertThat(limiter.take(client, 1)).isPositive();
    }
}
