package io.theeye.store;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Removes expired events and refused events: one implementation per database, since each removes a range its own way
 * (PostgreSQL drops whole partitions where it can, SQLite deletes in short batches so ingest keeps the write lock).
 */
public interface EventExpiry {

    /** Removes what the plan says has expired, keeping the rollups exact, and says how much went. */
    Removed expire(Plan plan);

    /**
     * What has expired.
     *
     * @param eventsBefore events of clients without an override expire when their timestamp is before this; empty:
     *     kept for ever
     * @param clientEventsBefore clients with an override of their own: their events expire before this instead
     * @param rejectedBefore refused events expire when received before this; empty: kept for ever
     */
    record Plan(
            Optional<Instant> eventsBefore, Map<UUID, Instant> clientEventsBefore, Optional<Instant> rejectedBefore) {

        /** Whether nothing at all expires: no default, no client's own, no refused events' retention. */
        public boolean keepsEverything() {
            return eventsBefore.isEmpty() && clientEventsBefore.isEmpty() && rejectedBefore.isEmpty();
        }
    }

    /** How many events and refused events an expiry removed. */
    record Removed(long events, long rejectedEvents) {}
}
