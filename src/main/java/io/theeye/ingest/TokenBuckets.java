package io.theeye.ingest;

import java.util.UUID;

/**
 * Where the clients' token buckets live: in this process, or in Redis for every API process. A bucket belongs to a
 * client (or a write key, under an id of its own: {@link EventRateLimiter#keyBucket}) and a limit: a client whose limit
 * changes starts a new, full bucket.
 */
interface TokenBuckets extends AutoCloseable {

    /**
     * Takes the events from the client's bucket when it holds them all, or is full (so that a request larger than
     * the bucket is not refused for ever: the client then waits until the bucket has refilled).
     *
     * @param limit an enabled limit
     * @return 0 when the events may go, else the whole seconds to wait before retrying (at least 1)
     */
    long take(UUID clientId, RateLimit limit, int events);

    /**
     * The whole seconds before the client may send these events, taking none: 0 when {@link #take} would take them.
     *
     * @param limit an enabled limit
     */
    long waitFor(UUID clientId, RateLimit limit, int events);

    /**
     * The whole seconds before the client may send anything: 0 unless its bucket is empty (or overdrawn).
     *
     * @param limit an enabled limit
     */
    default long waitForAny(UUID clientId, RateLimit limit) {
        return waitFor(clientId, limit, 1);
    }

    /** Whether the buckets are, at the moment, those every API process counts against. */
    default boolean shared() {
        return false;
    }

    @Override
    default void close() {}
}
