package io.theeye.ingest;

import io.theeye.system.ApiError;
import io.theeye.system.ApiException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A token bucket per client, in events. A request may go when its client's bucket holds its events, or is full (so a
 * request larger than the burst is not refused for ever); it takes them all, and a client that overdrew waits until
 * the bucket has refilled. The buckets live as long as the process: there is one per client that sent events.
 */
final class EventRateLimiter {

    private static final double NANOS_PER_SECOND = 1e9;

    private final RateLimitProperties limits;
    private final LongSupplier nanoTime;
    private final Map<UUID, Bucket> buckets = new ConcurrentHashMap<>();

    EventRateLimiter(RateLimitProperties limits, LongSupplier nanoTime) {
        this.limits = limits;
        this.nanoTime = nanoTime;
    }

    /** Takes the events from the client's bucket: 0 when they may go, else the seconds to wait before retrying. */
    long take(UUID clientId, int events) {
        if (!limits.enabled()) {
            return 0;
        }
        return buckets.computeIfAbsent(clientId, id -> new Bucket(limits.bucket(), nanoTime.getAsLong()))
                .take(events, nanoTime.getAsLong());
    }

    /** The seconds to wait before a client may send anything: 0 unless it has nothing left. */
    long waitForAny(UUID clientId) {
        if (!limits.enabled()) {
            return 0;
        }
        Bucket bucket = buckets.get(clientId);
        return bucket == null ? 0 : bucket.waitFor(1, nanoTime.getAsLong());
    }

    /**
     * Refuses a client with nothing left in its bucket, before its body is read.
     *
     * @throws ApiException 429 with {@code Retry-After}
     */
    void requireAny(UUID clientId) {
        require(waitForAny(clientId));
    }

    /**
     * Takes a request's events from its client's bucket, or refuses the request.
     *
     * @throws ApiException 429 with {@code Retry-After}
     */
    void require(UUID clientId, int events) {
        require(take(clientId, events));
    }

    private void require(long retryAfterSeconds) {
        if (retryAfterSeconds != 0) {
            throw refusal(retryAfterSeconds);
        }
    }

    /** The 429 for a request refused: it names the limit and says when to retry. */
    ApiException refusal(long retryAfterSeconds) {
        String rate = limits.eventsPerSecond() == 1 ? "1 event" : limits.eventsPerSecond() + " events";
        return new ApiException(
                HttpStatus.TOO_MANY_REQUESTS,
                new ApiError(
                        "rate_limited",
                        "Too many events: this client may send " + rate + " per second, up to " + limits.bucket()
                                + " at once. Retry after " + retryAfterSeconds + " s.",
                        List.of()),
                Map.of(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds)));
    }

    private final class Bucket {

        private double tokens;
        private long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        synchronized long take(int events, long now) {
            long wait = waitFor(events, now);
            if (wait == 0) {
                tokens -= events;
            }
            return wait;
        }

        synchronized long waitFor(int events, long now) {
            refill(now);
            double needed = Math.min(events, limits.bucket());
            if (tokens >= needed) {
                return 0;
            }
            return Math.max(1, (long) Math.ceil((needed - tokens) / limits.eventsPerSecond()));
        }

        private void refill(long now) {
            double earned = (now - refilledAt) / NANOS_PER_SECOND * limits.eventsPerSecond();
            tokens = Math.min(limits.bucket(), tokens + earned);
            refilledAt = now;
        }
    }
}
