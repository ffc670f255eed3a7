package io.theeye.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.theeye.system.ApiException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The limit each client is held to (its own, or the default) and each write key with a limit of its own besides its
 * client's; how the buckets count is {@link TokenBucketsContract}'s.
 */
class EventRateLimiterTests {

    private final AtomicLong now = new AtomicLong(42_000_000_000L);
    private final UUID client = UUID.randomUUID();
    private final Map<UUID, RateLimit> own = new ConcurrentHashMap<>();
    private final Map<String, RateLimit> keys = new ConcurrentHashMap<>();
    private final EventRateLimiter.Sender limitedKey = new EventRateLimiter.Sender(client, "wk_limited");
    private final EventRateLimiter.Sender otherKey = new EventRateLimiter.Sender(client, "wk_other00");

    private EventRateLimiter limiter(int eventsPerSecond, int burst) {
        return new EventRateLimiter(
                new RateLimit(eventsPerSecond, burst), own::get, keys::get, new LocalTokenBuckets(now::get));
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
        limiter.require(new EventRateLimiter.Sender(client, null), 5);

        assertThatThrownBy(() -> limiter.require(new EventRateLimiter.Sender(client, null), 1))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(429);
                    assertThat(e.body().message())
                            .isEqualTo("Too many events: this client may send 1 event per second, up to 5 at once."
                                    + " Retry after 1 s.");
                    assertThat(e.headers()).containsEntry("Retry-After", "1");
                });
        assertThatThrownBy(() -> limiter.requireAny(new EventRateLimiter.Sender(client, null)))
                .isInstanceOf(ApiException.class);
    }

    @Test
    void holdsAClientWithALimitOfItsOwnToItAndTheOthersToTheDefault() {
        EventRateLimiter limiter = limiter(10, 10);
        own.put(client, new RateLimit(2, 3));

        assertThat(limiter.take(client, 3)).isZero();
        assertThatThrownBy(() -> limiter.require(new EventRateLimiter.Sender(client, null), 1))
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

    @Test
    void refusesAKeyOverItsOwnLimitNamingItWhileItsClientStillHasRoomAndKeepsAllOfIt() {
        EventRateLimiter limiter = limiter(1, 10);
        keys.put(limitedKey.keyId(), new RateLimit(1, 5));
        limiter.require(limitedKey, 5);

        assertThatThrownBy(() -> limiter.require(limitedKey, 1)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status().value()).isEqualTo(429);
            assertThat(e.body().error()).isEqualTo("rate_limited");
            assertThat(e.body().message())
                    .isEqualTo("Too many events: write key wk_limited may send 1 event per second, up to 5 at once."
                            + " Retry after 1 s.");
            assertThat(e.headers()).containsEntry("Retry-After", "1");
        });
        assertThatThrownBy(() -> limiter.requireAny(limitedKey))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("write key wk_limited");
        // The refusals took nothing from the client: of its 10, the key's 5 are gone and 5 are left.
        limiter.require(otherKey, 5);
        assertThatThrownBy(() -> limiter.require(new EventRateLimiter.Sender(client, null), 1))
                .hasMessageContaining("this client");
    }

    @Test
    void refusesAKeyWithRoomWhenItsClientIsOverItsLimitTakingNothingFromTheKey() {
        EventRateLimiter limiter = limiter(1, 10);
        keys.put(limitedKey.keyId(), new RateLimit(1, 5));
        limiter.require(otherKey, 8);

        assertThatThrownBy(() -> limiter.require(limitedKey, 3))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.body().message())
                                .startsWith(
                                        "Too many events: this client may send 1 event per second, up to 10 at once."));
        // A new limit gives the client a full bucket; the key's, untouched by the refusal, still holds its 5.
        own.put(client, new RateLimit(1, 20));
        limiter.require(limitedKey, 5);
        assertThatThrownBy(() -> limiter.requireAny(limitedKey)).hasMessageContaining("write key wk_limited");
    }

    @Test
    void holdsAKeyWithoutALimitOfItsOwnToItsClientsOnly() {
        EventRateLimiter limiter = limiter(1, 10);
        keys.put("wk_nolimit0", new RateLimit(0, 0));
        EventRateLimiter.Sender unlimited = new EventRateLimiter.Sender(client, "wk_nolimit0");

        limiter.require(otherKey, 6);
        limiter.require(unlimited, 4);

        assertThatThrownBy(() -> limiter.requireAny(otherKey)).hasMessageContaining("this client");
        assertThatThrownBy(() -> limiter.require(unlimited, 1)).hasMessageContaining("this client");
    }

    @Test
    void aKeysLimitHoldsWhereItsClientHasNone() {
        EventRateLimiter limiter = limiter(0, 0);
        keys.put(limitedKey.keyId(), new RateLimit(2, 2));

        limiter.require(limitedKey, 2);

        assertThatThrownBy(() -> limiter.require(limitedKey, 1)).hasMessageContaining("write key wk_limited");
        limiter.require(otherKey, 1000);
        limiter.require(new EventRateLimiter.Sender(client, null), 1000);
    }

    @Test
    void aKeysNewLimitStartsAFullBucketAndOnceTakenAwayOnlyItsClientsHolds() {
        EventRateLimiter limiter = limiter(0, 0);
        keys.put(limitedKey.keyId(), new RateLimit(1, 2));
        limiter.require(limitedKey, 2);
        assertThatThrownBy(() -> limiter.requireAny(limitedKey)).isInstanceOf(ApiException.class);

        keys.put(limitedKey.keyId(), new RateLimit(1, 3));
        limiter.require(limitedKey, 3);
        keys.remove(limitedKey.keyId());

        limiter.require(limitedKey, 100);
    }

    @Test
    void aKeysBucketIsNeverAClients() {
        UUID bucket = EventRateLimiter.keyBucket("wk_AbCdEfGh");

        assertThat(bucket.version()).isEqualTo(3);
        assertThat(UUID.randomUUID().version()).isEqualTo(4);
        assertThat(bucket).isEqualTo(EventRateLimiter.keyBucket("wk_AbCdEfGh"));
        assertThat(bucket).isNotEqualTo(EventRateLimiter.keyBucket("wk_AbCdEfGi"));
    }
}
