package io.theeye.queue.direct;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.theeye.event.IngestBatch;
import io.theeye.queue.EventQueue;
import io.theeye.queue.QueueProperties;
import io.theeye.queue.QueueUnavailableException;
import io.theeye.store.EventStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Group commit: requests that arrive together are written in one transaction, then all of them are answered. A
 * transaction per request would cap the service at the database's commit rate; this caps it at its write rate.
 */
final class DirectEventQueue implements EventQueue, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DirectEventQueue.class);

    private final EventStore store;
    private final QueueProperties.Direct settings;
    private final BlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
    private final Room room;

    private final DistributionSummary groupSize;
    private final Timer commitTime;
    private final Counter restarts;
    private final Duration restartDelay;
    private final List<Thread> writers = new ArrayList<>();
    /** Writers started and not failed: one that failed is out until it starts again. */
    private final AtomicInteger liveWriters = new AtomicInteger();

    private volatile int writerCount;
    private volatile boolean running;

    /**
     * @param restartDelay how long a writer that failed waits before it starts again: an error that strikes again
     *     at once (out of memory, say) does not spin
     */
    DirectEventQueue(EventStore store, QueueProperties.Direct settings, MeterRegistry meters, Duration restartDelay) {
        this.store = store;
        this.settings = settings;
        this.restartDelay = restartDelay;
        this.room = new Room(settings.capacity(), settings.capacityBytes().toBytes());
        this.groupSize = DistributionSummary.builder("theeye.queue.direct.group.events")
                .description("Events written per transaction")
                .register(meters);
        this.commitTime = Timer.builder("theeye.queue.direct.commit")
                .description("Time to write and commit one group")
                .register(meters);
        Gauge.builder("theeye.queue.direct.waiting.events", room, Room::events)
                .description("Events waiting for a writer")
                .register(meters);
        Gauge.builder("theeye.queue.direct.waiting.bytes", room, Room::bytes)
                .description("Memory held by the events waiting for a writer, estimated")
                .baseUnit("bytes")
                .register(meters);
        this.restarts = Counter.builder("theeye.queue.direct.writer.restarts")
                .description("Writers started again after they failed")
                .register(meters);
    }

    @Override
    public CompletableFuture<Void> publish(IngestBatch batch) {
        if (!running) {
            return CompletableFuture.failedFuture(new QueueUnavailableException("the service is shutting down"));
        }
        int size = Math.max(batch.size(), 1);
        long bytes = batch.estimatedBytes();
        if (!room.tryTake(size, bytes)) {
            return CompletableFuture.failedFuture(
                    new QueueUnavailableException("too many events are waiting to be stored"));
        }
        Pending entry = new Pending(batch, size, bytes, new CompletableFuture<>());
        pending.add(entry);
        return entry.done();
    }

    /**
     * Runs a writer until the queue stops. Whatever a writer throws (an {@link Error} too) has answered its group and
     * freed its room; the writer then starts again, and counts as down until it has.
     */
    private void runWriter() {
        while (true) {
            try {
                writeLoop();
                return;
            } catch (Throwable e) {
                liveWriters.decrementAndGet();
                log.error(
                        "An event writer failed; its requests were answered 503; it starts again in {}",
                        restartDelay,
                        e);
            }
            try {
                Thread.sleep(restartDelay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            restarts.increment();
            liveWriters.incrementAndGet();
        }
    }

    private void writeLoop() {
        List<Pending> group = new ArrayList<>();
        while (running || !pending.isEmpty()) {
            boolean handedOver = false;
            try {
                Pending first = pending.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                int events = first.size();
                Pending next;
                while (events < settings.maxBatchEvents() && (next = pending.poll()) != null) {
                    group.add(next);
                    events += next.size();
                }
                handedOver = true;
                write(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                if (!handedOver) {
                    // Something struck between taking the requests and writing them.
                    group.forEach(p -> room.free(p.size(), p.bytes()));
                    group.forEach(DirectEventQueue::answerIfUnanswered);
                }
                group.clear();
            }
        }
    }

    /**
     * Writes one group in one transaction and answers its requests. However it ends, an {@link Error} included, every
     * request of the group is answered and its room freed.
     */
    void write(List<Pending> group) {
        int events = group.stream().mapToInt(Pending::size).sum();
        long bytes = group.stream().mapToLong(Pending::bytes).sum();
        try {
            // A request that stopped waiting (its future cancelled) was answered 503: its batch is not written.
            group.removeIf(p -> p.done().isCancelled());
            if (group.isEmpty()) {
                return;
            }
            commitTime.record(
                    () -> store.store(group.stream().map(Pending::batch).toList()));
            groupSize.record(events);
            group.forEach(p -> p.done().complete(null));
        } catch (RuntimeException e) {
            if (group.size() == 1) {
                fail(group.getFirst(), e);
            } else {
                // One request's events must not cost the others theirs: write each request alone, so that only the
                // ones that cannot be stored fail.
                log.warn(
                        "Could not store a group of {} events; storing its {} requests one by one",
                        events,
                        group.size());
                group.forEach(this::writeAlone);
            }
        } finally {
            room.free(events, bytes);
            group.forEach(DirectEventQueue::answerIfUnanswered);
        }
    }

    private void writeAlone(Pending request) {
        try {
            store.store(List.of(request.batch()));
            request.done().complete(null);
        } catch (RuntimeException e) {
            fail(request, e);
        }
    }

    private static void fail(Pending request, RuntimeException cause) {
        log.error("Could not store {} events; the request is answered 503", request.size(), cause);
        request.done().completeExceptionally(new QueueUnavailableException("the database is unavailable", cause));
    }

    /** A request left unanswered when its writer failed: the failure itself is logged where the writer starts again. */
    private static void answerIfUnanswered(Pending request) {
        if (!request.done().isDone()) {
            request.done().completeExceptionally(new QueueUnavailableException("the writer failed"));
        }
    }

    @Override
    public void start() {
        running = true;
        writerCount = settings.writers() > 0 ? settings.writers() : store.suggestedWriters();
        liveWriters.set(writerCount);
        for (int i = 0; i < writerCount; i++) {
            writers.add(Thread.ofPlatform().name("event-writer-" + i).start(this::runWriter));
        }
    }

    /** How many writers run now: started, and not failed or started again since. */
    int liveWriters() {
        return liveWriters.get();
    }

    /** How many writers run when none has failed. */
    int writerCount() {
        return writerCount;
    }

    /** Stops taking batches, then writes every batch already taken before returning. */
    @Override
    public void stop() {
        running = false;
        for (Thread writer : writers) {
            try {
                writer.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        writers.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server, so that requests in flight are still written and answered. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    record Pending(IngestBatch batch, int size, long bytes, CompletableFuture<Void> done) {}
}
