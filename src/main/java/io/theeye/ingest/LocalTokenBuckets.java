package io.theeye.ingest;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The clients' buckets in this process's memory: each process counts on its own. A bucket lives as long as the
 * process: there is one per client that sent events.
 */
final class LocalTokenBuckets implements TokenBuckets {

    private static final double NANOS_PER_SECOND = 1e9;

    private final LongSupplier nanoTime;
    private final Map<UUID, Bucket> buckets = new ConcurrentHashMap<>();

    LocalTokenBuckets(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    @Override
    public long take(UUID clientId, RateLimit limit, int events) {
        return bucket(clientId, limit).take(events, nanoTime.getAsLong());
    }

    @Override
    public long waitFor(UUID clientId, RateLimit limit, int events) {
        return bucket(clientId, limit).waitFor(events, nanoTime.getAsLong());
    }

    /** The client's bucket, a new and full one if its limit has changed. */
    private Bucket bucket(UUID clientId, RateLimit limit) {
        Bucket bucket = buckets.get(clientId);
        if (bucket != null && bucket.limit.equals(limit)) {
            return bucket;
        }
        return buckets.compute(
                clientId,
                (id, old) -> old != null && old.limit.equals(limit) ? old : new Bucket(limit, nanoTime.getAsLong()));
    }

    private static final class Bucket {

        private final RateLimit limit;
        private double tokens;
        private long refilledAt;

        Bucket(RateLimit limit, long now) {
            this.limit = limit;
            this.tokens = limit.bucket();
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
            double needed = Math.min(events, limit.bucket());
            if (tokens >= needed) {
                return 0;
            }
            return Math.max(1, (long) Math.ceil((needed - tokens) / limit.eventsPerSecond()));
        }

        private void refill(long now) {
            if (now > refilledAt) {
                double earned = (now - refilledAt) / NANOS_PER_SECOND * limit.eventsPerSecond();
                tokens = Math.min(limit.bucket(), tokens + earned);
                refilledAt = now;
            }
        }
    }
}
