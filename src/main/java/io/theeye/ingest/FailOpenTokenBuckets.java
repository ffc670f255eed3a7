package io.theeye.ingest;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The buckets in Redis while it answers; this process's own while it does not, so that a Redis outage neither
 * refuses events nor fails requests: the limit is then counted per process (each lets a client have its limit),
 * which is logged once and shown by {@link #shared()}. While
 * Redis is away, one request tries it again each {@code retryAfter}; the others do not wait for it.
 */
final class FailOpenTokenBuckets implements TokenBuckets {

    private static final Logger log = LoggerFactory.getLogger(FailOpenTokenBuckets.class);
    private static final long SHARED = Long.MIN_VALUE;

    private final RedisTokenBuckets shared;
    private final TokenBuckets local;
    private final long retryNanos;
    private final LongSupplier nanoTime;
    /** {@link #SHARED} while Redis answers; otherwise when it may be tried again ({@code nanoTime}). */
    private final AtomicLong retryAt = new AtomicLong(SHARED);

    private final AtomicBoolean up = new AtomicBoolean(true);

    FailOpenTokenBuckets(RedisTokenBuckets shared, TokenBuckets local, Duration retryAfter, LongSupplier nanoTime) {
        this.shared = shared;
        this.local = local;
        this.retryNanos = retryAfter.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Connects to Redis at start, so that an unreachable one is said at once rather than at the first request. */
    void start() {
        try {
            shared.connection();
            log.info("Rate limits are counted in Redis, shared by every API process");
        } catch (RuntimeException e) {
            down(e);
        }
    }

    @Override
    public long take(UUID clientId, RateLimit limit, int events) {
        if (tryShared()) {
            try {
                long wait = shared.take(clientId, limit, events);
                back();
                return wait;
            } catch (RuntimeException e) {
                down(e);
            }
        }
        return local.take(clientId, limit, events);
    }

    @Override
    public long waitFor(UUID clientId, RateLimit limit, int events) {
        if (tryShared()) {
            try {
                long wait = shared.waitFor(clientId, limit, events);
                back();
                return wait;
            } catch (RuntimeException e) {
                down(e);
            }
        }
        return local.waitFor(clientId, limit, events);
    }

    /** Whether to ask Redis: while it answers, or as the one request that tries it again once the pause is over. */
    private boolean tryShared() {
        long at = retryAt.get();
        if (at == SHARED) {
            return true;
        }
        long now = nanoTime.getAsLong();
        return now - at >= 0 && retryAt.compareAndSet(at, now + retryNanos);
    }

    private void down(RuntimeException e) {
        retryAt.set(nanoTime.getAsLong() + retryNanos);
        if (up.getAndSet(false)) {
            log.warn(
                    "Redis for rate limits cannot be reached ({}): each API process counts clients' events on its own"
                            + " until it can",
                    e.toString());
        }
    }

    private void back() {
        if (retryAt.get() != SHARED) {
            retryAt.set(SHARED);
        }
        if (!up.getAndSet(true)) {
            log.info("Redis for rate limits answers again: the limits are shared by every API process");
        }
    }

    @Override
    public boolean shared() {
        return up.get();
    }

    @Override
    public void close() {
        shared.close();
    }
}
