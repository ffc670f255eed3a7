package io.theeye.ingest;

import io.theeye.system.ApiError;
import io.theeye.system.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * A token bucket per client, in events, held to the client's own limit or else the default; and one per write key that
 * has a limit of its own, which a request sent with that key is held to as well, so that one public key cannot use up
 * its client's whole share. A request may go when its buckets hold its events, or are full (so a request larger than
 * the burst is not refused for ever); it takes them all, and a sender that overdrew waits until the bucket has
 * refilled. The key's bucket is asked first: a request its key's limit refuses costs its client's share nothing. Where
 * the buckets live (this process, or Redis for every process) is the {@link TokenBuckets}' business.
 */
final class EventRateLimiter {

    /** Whose limit a refusal names. */
    private static final String CLIENT = "this client";

    private static final String WRITE_KEY = "write key ";

    private final RateLimit defaults;
    private final Function<UUID, RateLimit> ownLimits;
    private final Function<String, RateLimit> keyLimits;
    private final TokenBuckets buckets;

    /**
     * @param defaults the limit of a client that has none of its own
     * @param ownLimits a client's own limit, or null when it has none
     * @param keyLimits a write key's own limit, by its {@code key_id}, or null when it has none
     */
    EventRateLimiter(
            RateLimit defaults,
            Function<UUID, RateLimit> ownLimits,
            Function<String, RateLimit> keyLimits,
            TokenBuckets buckets) {
        this.defaults = defaults;
        this.ownLimits = ownLimits;
        this.keyLimits = keyLimits;
        this.buckets = buckets;
    }

    /**
     * Who a request's events count against.
     *
     * @param keyId the {@code key_id} of the write key the request came with, or null for a token
     */
    record Sender(UUID clientId, String keyId) {}

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
     * Refuses a sender with nothing left in its key's bucket or its client's, before its body is read.
     *
     * @throws ApiException 429 with {@code Retry-After}, naming the limit that refused
     */
    void requireAny(Sender sender) {
        RateLimit key = keyLimitOf(sender);
        if (key != null) {
            require(WRITE_KEY + sender.keyId(), key, buckets.waitForAny(keyBucket(sender.keyId()), key));
        }
        RateLimit client = limitOf(sender.clientId());
        if (client.enabled()) {
            require(CLIENT, client, buckets.waitForAny(sender.clientId(), client));
        }
    }

    /**
     * Takes a request's events from its key's bucket and its client's, or refuses the request. The key's is asked
     * first and taken from last: a request either refuses costs the other nothing (but for the rare request of the
     * same key that empties its bucket in between, which is then refused all the same).
     *
     * @throws ApiException 429 with {@code Retry-After}, naming the limit that refused
     */
    void require(Sender sender, int events) {
        RateLimit key = keyLimitOf(sender);
        if (key != null) {
            require(WRITE_KEY + sender.keyId(), key, buckets.waitFor(keyBucket(sender.keyId()), key, events));
        }
        RateLimit client = limitOf(sender.clientId());
        if (client.enabled()) {
            require(CLIENT, client, buckets.take(sender.clientId(), client, events));
        }
        if (key != null) {
            require(WRITE_KEY + sender.keyId(), key, buckets.take(keyBucket(sender.keyId()), key, events));
        }
    }

    /** The sender's key's own limit when it has one that limits, else null. */
    private RateLimit keyLimitOf(Sender sender) {
        if (sender.keyId() == null) {
            return null;
        }
        RateLimit own = keyLimits.apply(sender.keyId());
        return own != null && own.enabled() ? own : null;
    }

    /**
     * The bucket of a write key, among the clients' buckets: a name-based (version 3) UUID of its {@code key_id}.
     * Clients' ids are random (version 4) UUIDs, so that a key's bucket can never be a client's, whichever
     * {@link TokenBuckets} hold them.
     */
    static UUID keyBucket(String keyId) {
        return UUID.nameUUIDFromBytes(("the-eye write key " + keyId).getBytes(StandardCharsets.UTF_8));
    }

    private static void require(String whose, RateLimit limit, long retryAfterSeconds) {
        if (retryAfterSeconds != 0) {
            throw refusal(whose, limit, retryAfterSeconds);
        }
    }

    /** The 429 for a request refused: it names the limit, the client's or the write key's, and says when to retry. */
    static ApiException refusal(String whose, RateLimit limit, long retryAfterSeconds) {
        String rate = limit.eventsPerSecond() == 1 ? "1 event" : limit.eventsPerSecond() + " events";
        return new ApiException(
                HttpStatus.TOO_MANY_REQUESTS,
                new ApiError(
                        "rate_limited",
                        "Too many events: " + whose + " may send " + rate + " per second, up to " + limit.bucket()
                                + " at once. Retry after " + retryAfterSeconds + " s.",
                        List.of()),
                Map.of(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds)));
    }
}
