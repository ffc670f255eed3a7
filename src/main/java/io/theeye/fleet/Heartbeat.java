package io.theeye.fleet;

import io.theeye.store.ProcessStore;
import io.theeye.store.ProcessStore.StoredProcess;
import io.theeye.system.LifecyclePhases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Registers this process and writes its row every interval: when it was last seen, its workers' counts, the events
 * it stored per second since the last heartbeat, the problem it tells of ({@link ProcessStatus}); and forgets the processes silent for a day. A clean stop removes the
 * row (the process did not get lost); a killed process leaves it, to be shown lost. A database that cannot be written
 * costs a warning, once per outage: the process goes on, and is shown lost meanwhile.
 */
final class Heartbeat implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final ProcessIdentity identity;
    private final ProcessStore store;
    private final ProcessCounters counters;
    private final ProcessStatus status;
    private final Clock clock;
    private final Duration interval;
    /** Runs after each heartbeat written: the registry's gauges read it again, in API processes. */
    private final Runnable afterBeat;

    private ScheduledExecutorService beater;
    private Instant previousAt;
    private long previousEvents;
    private boolean lastBeatFailed;

    Heartbeat(
            ProcessIdentity identity,
            ProcessStore store,
            ProcessCounters counters,
            ProcessStatus status,
            Clock clock,
            Duration interval,
            Runnable afterBeat) {
        this.identity = identity;
        this.store = store;
        this.counters = counters;
        this.status = status;
        this.clock = clock;
        this.interval = interval;
        this.afterBeat = afterBeat;
    }

    ProcessIdentity identity() {
        return identity;
    }

    /** Writes this process's row now (on the heartbeat's thread once started; tests call it not to wait). */
    synchronized void beat() {
        try {
            Instant now = clock.instant();
            ProcessCounters.Counts counts = counters.read();
            store.beat(new StoredProcess(
                    identity.id(),
                    identity.role().label(),
                    identity.host(),
                    identity.pid(),
                    identity.version(),
                    identity.startedAt(),
                    now,
                    counts.batchesStored(),
                    counts.eventsStored(),
                    counts.failures(),
                    counts.restarts(),
                    perSecond(counts.eventsStored(), now),
                    status.problem()));
            store.forget(now.minus(Fleet.FORGET_AFTER));
            previousAt = now;
            previousEvents = counts.eventsStored();
            afterBeat.run();
            if (lastBeatFailed) {
                log.info("Heartbeat of {} {} written again", identity.role().label(), identity.id());
            }
            lastBeatFailed = false;
        } catch (RuntimeException e) {
            if (!lastBeatFailed) {
                log.warn(
                        "Could not write the heartbeat of {} {} ({}); it is shown lost until it can",
                        identity.role().label(),
                        identity.id(),
                        e.toString());
            }
            lastBeatFailed = true;
        }
    }

    private double perSecond(long events, Instant now) {
        if (previousAt == null) {
            return 0;
        }
        long millis = Duration.between(previousAt, now).toMillis();
        return millis <= 0 ? 0 : Math.max(0, events - previousEvents) * 1000.0 / millis;
    }

    @Override
    public synchronized void start() {
        beater = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("heartbeat").daemon().factory());
        beater.scheduleWithFixedDelay(this::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the heartbeats, then removes the row: a process that stopped cleanly was not lost. */
    @Override
    public void stop() {
        ScheduledExecutorService stopping;
        synchronized (this) {
            stopping = beater;
            beater = null;
        }
        if (stopping == null) {
            return;
        }
        stopping.shutdownNow();
        try {
            stopping.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            store.remove(identity.id());
        } catch (RuntimeException e) {
            log.warn(
                    "Could not remove {} {} from the registry ({}): it is shown lost",
                    identity.role().label(),
                    identity.id(),
                    e.toString());
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return beater != null;
    }

    @Override
    public int getPhase() {
        return LifecyclePhases.BOOKKEEPING;
    }
}
