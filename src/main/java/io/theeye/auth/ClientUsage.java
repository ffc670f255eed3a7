package io.theeye.auth;

import io.theeye.store.ClientStore;
import io.theeye.system.LifecyclePhases;
import io.theeye.system.PeriodicTask;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When each client's tokens were last accepted. Noted in memory on every request, at most once a second per client;
 * written to the database on a fixed delay and at shutdown, never by a request.
 */
final class ClientUsage extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(ClientUsage.class);
    private static final long RESOLUTION_MILLIS = 1000;

    private final ClientStore store;
    private final Clock clock;
    /** Only clients whose tokens were accepted get here, so this holds at most one entry per client. */
    private final Map<UUID, AtomicLong> lastUse = new ConcurrentHashMap<>();

    /** Only runs of the task, one at a time, touch it. */
    private final Map<UUID, Long> written = new HashMap<>();

    ClientUsage(ClientStore store, Clock clock, Duration writeInterval) {
        super("client-usage", writeInterval, LifecyclePhases.BOOKKEEPING);
        this.store = store;
        this.clock = clock;
    }

    /** Notes that a token of this client was accepted now: a map read and, once a second, a write. */
    void used(UUID clientId) {
        long now = clock.millis();
        AtomicLong last = lastUse.get(clientId);
        if (last == null) {
            last = lastUse.computeIfAbsent(clientId, id -> new AtomicLong());
        }
        if (now - last.get() >= RESOLUTION_MILLIS) {
            last.set(now);
        }
    }

    /** Writes the uses noted since the last write. */
    void write() {
        runNow();
    }

    @Override
    protected void runOnce() {
        Map<UUID, Instant> changed = new HashMap<>();
        lastUse.forEach((clientId, last) -> {
            long at = last.get();
            if (!written.getOrDefault(clientId, 0L).equals(at)) {
                changed.put(clientId, Instant.ofEpochMilli(at));
            }
        });
        if (changed.isEmpty()) {
            return;
        }
        try {
            store.recordLastUse(changed);
            changed.forEach((clientId, at) -> written.put(clientId, at.toEpochMilli()));
        } catch (RuntimeException e) {
            log.warn("Could not record when {} clients were last used; trying again later", changed.size(), e);
        }
    }

    /** Writes what is left before the database closes. */
    @Override
    public void stop() {
        super.stop();
        write();
    }
}
