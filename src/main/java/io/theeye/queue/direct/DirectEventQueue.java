package io.theeye.queue.direct;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.theeye.event.IngestBatch;
import io.theeye.queue.EventQueue;
import io.theeye.queue.QueueProperties;
import io.theeye.queue.QueueUnavailableException;
import io.theeye.store.EventStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running;

    DirectEventQueue(EventStore store, QueueProperties.Direct settings, MeterRegistry meters) {
        this.store = store;
        this.settings = settings;
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

    private void writeLoop() {
        List<Pending> group = new ArrayList<>();
        while (running || !pending.isEmpty()) {
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
                write(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                group.clear();
            }
        }
    }

    /** Writes one group in one transaction and answers its requests. */
    void write(List<Pending> group) {
        int events = group.stream().mapToInt(Pending::size).sum();
        long bytes = group.stream().mapToLong(Pending::bytes).sum();
        // A request that stopped waiting (its future cancelled) was answered 503: its batch is not written.
        group.removeIf(p -> p.done().isCancelled());
        try {
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

    @Override
    public void start() {
        running = true;
        int count = settings.writers() > 0 ? settings.writers() : store.suggestedWriters();
        for (int i = 0; i < count; i++) {
            writers.add(Thread.ofPlatform().name("event-writer-" + i).start(this::writeLoop));
        }
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
