package io.theeye.auth;

import io.theeye.store.ClientStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * When each client's tokens were last accepted. Noted in memory on every request, at most once a second per client;
 * written to the database on a fixed delay and at shutdown, never by a request.
 */
final class ClientUsage implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ClientUsage.class);
    private static final long RESOLUTION_MILLIS = 1000;

    private final ClientStore store;
    private final Clock clock;
    private final Duration writeInterval;
    /** Only clients whose tokens were accepted get here, so this holds at most one entry per client. */
    private final Map<UUID, AtomicLong> lastUse = new ConcurrentHashMap<>();

    private final Map<UUID, Long> written = new HashMap<>();
    private ScheduledExecutorService writer;

    ClientUsage(ClientStore store, Clock clock, Duration writeInterval) {
        this.store = store;
        this.clock = clock;
        this.writeInterval = writeInterval;
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
    synchronized void write() {
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

    @Override
    public void start() {
        long delay = writeInterval.toMillis();
        writer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("client-usage").daemon().factory());
        writer.scheduleWithFixedDelay(this::write, delay, delay, TimeUnit.MILLISECONDS);
    }

    /** Writes what is left before the database closes. */
    @Override
    public void stop() {
        writer.shutdownNow();
        writer = null;
        write();
    }

    @Override
    public boolean isRunning() {
        return writer != null;
    }

    /**
     * Stops after the web server and the queue's writers: requests no longer note uses, and the last write does not
     * hold up their shutdown (on SQLite it would wait for the database's one writer).
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 8192;
    }
}
