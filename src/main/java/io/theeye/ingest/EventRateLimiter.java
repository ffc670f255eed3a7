package io.theeye.ingest;

import io.theeye.system.ApiError;
import io.theeye.system.ApiException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A token bucket per client, in events, held to the client's own limit or else the default. A request may go when
 * its client's bucket holds its events, or is full (so a request larger than the burst is not refused for ever); it
 * takes them all, and a client that overdrew waits until the bucket has refilled. Where the buckets live (this
 * process, or Redis for every process) is the {@link TokenBuckets}' business.
 */
final class EventRateLimiter {

    private final RateLimit defaults;
    private final Function<UUID, RateLimit> ownLimits;
    private final TokenBuckets buckets;

    /**
     * @param defaults the limit of a client that has none of its own
     * @param ownLimits a client's own limit, or null when it has none
     */
    EventRateLimiter(RateLimit defaults, Function<UUID, RateLimit> ownLimits, TokenBuckets buckets) {
        this.defaults = defaults;
        this.ownLimits = ownLimits;
        this.buckets = buckets;
    }

    /** The limit the client is held to. */
    RateLimit limitOf(UUID clientId) {
        RateLimit own = ownLimits.apply(clientId);
        return own != null ? own : defaults;
    }

    /** Takes the events from the client's bucket: 0 when they may go, else the seconds to wait before retrying. */
    long take(UUID clientId, int events) {
        RateLimit limit = limitOf(clientId);
        return limit.enabled() ? buckets.take(clientId, limit, events) : 0;
    }

    /** The seconds to wait before a client may send anything: 0 unless it has nothing left. */
    long waitForAny(UUID clientId) {
        RateLimit limit = limitOf(clientId);
        return limit.enabled() ? buckets.waitForAny(clientId, limit) : 0;
    }

    /**
     * Refuses a client with nothing left in its bucket, before its body is read.
     *
     * @throws ApiException 429 with {@code Retry-After}
     */
    void requireAny(UUID clientId) {
        RateLimit limit = limitOf(clientId);
        if (limit.enabled()) {
            require(limit, buckets.waitForAny(clientId, limit));
        }
    }

    /**
     * Takes a request's events from its client's bucket, or refuses the request.
     *
     * @throws ApiException 429 with {@code Retry-After}
     */
    void require(UUID clientId, int events) {
        RateLimit limit = limitOf(clientId);
        if (limit.enabled()) {
            require(limit, buckets.take(clientId, limit, events));
        }
    }

    private static void require(RateLimit limit, long retryAfterSeconds) {
        if (retryAfterSeconds != 0) {
            throw refusal(limit, retryAfterSeconds);
        }
    }

    /** The 429 for a request refused: it names the client's limit and says when to retry. */
    static ApiException refusal(RateLimit limit, long retryAfterSeconds) {
        String rate = limit.eventsPerSecond() == 1 ? "1 event" : limit.eventsPerSecond() + " events";
        return new ApiException(
                HttpStatus.TOO_MANY_REQUESTS,
                new ApiError(
                        "rate_limited",
                        "Too many events: this client may send " + rate + " per second, up to " + limit.bucket()
                                + " at once. Retry after " + retryAfterSeconds + " s.",
                        List.of()),
                Map.of(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds)));
    }
}
