package io.theeye.queue.direct;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.theeye.event.IngestBatch;
import io.theeye.queue.Delivery;
import io.theeye.queue.EventConsumer;
import io.theeye.queue.EventConsumers;
import io.theeye.queue.EventQueue;
import io.theeye.queue.QueueProperties;
import io.theeye.queue.QueueUnavailableException;
import io.theeye.system.LifecyclePhases;
import java.time.Duration;
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
 * No broker: requests hand their batches to the API process's own workers through memory, and are answered once the
 * group their batch was written in is committed. Both sides of the queue in one object, shared by the workers.
 */
final class DirectEventQueue implements EventQueue, EventConsumers, EventConsumer, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DirectEventQueue.class);

    private final QueueProperties.Direct settings;
    private final int suggestedWriters;
    private final BlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
    /** Events and bytes that may wait: bounds memory whatever the request rate. */
    private final Room room;

    private final WriterGate gate = new WriterGate();

    private volatile boolean running;

    DirectEventQueue(QueueProperties.Direct settings, int suggestedWriters, MeterRegistry meters) {
        this.settings = settings;
        this.suggestedWriters = suggestedWriters;
        this.room = new Room(settings.capacity(), settings.capacityBytes().toBytes());
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
        gate.published(size);
        return entry.done();
    }

    @Override
    public EventConsumer open(String name) {
        return this;
    }

    @Override
    public int suggestedConcurrency() {
        return suggestedWriters;
    }

    @Override
    public List<Delivery> poll(int maxEvents, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        if (!gate.enter(timeout.toNanos())) {
            return List.of();
        }
        long left = timeout.toNanos() - (System.nanoTime() - start);
        Pending first;
        try {
            first = pending.poll(left, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            gate.leave();
            throw e;
        }
        return inTurn(first, maxEvents);
    }

    @Override
    public List<Delivery> drain(int maxEvents) {
        gate.enterNow();
        return inTurn(pending.poll(), maxEvents);
    }

    /** The group a writer's turn takes; an empty one ends the turn at once, as it has nothing to settle. */
    private List<Delivery> inTurn(Pending first, int maxEvents) {
        List<Delivery> group = first == null ? List.of() : group(first, maxEvents);
        if (group.isEmpty()) {
            gate.leave();
        }
        return group;
    }

    /** The first batch and those waiting behind it, up to the group's size. */
    private List<Delivery> group(Pending first, int maxEvents) {
        List<Delivery> group = new ArrayList<>();
        int events = 0;
        int taken = 0;
        Pending next = first;
        do {
            taken += next.size();
            // A request that stopped waiting (its future cancelled, or timed out) was answered 503: its batch is
            // not written.
            if (next.done().isDone()) {
                room.free(next.size(), next.bytes());
            } else {
                group.add(new Delivery(next.batch(), 0, next));
                events += next.size();
            }
        } while (events < maxEvents && (next = pending.poll()) != null);
        gate.taken(taken);
        return group;
    }

    @Override
    public void settle(List<Delivery> stored, List<Delivery> failed, Throwable cause) {
        try {
            answer(stored, failed, cause);
        } finally {
            gate.leave();
        }
    }

    private void answer(List<Delivery> stored, List<Delivery> failed, Throwable cause) {
        for (Delivery delivery : stored) {
            Pending request = (Pending) delivery.receipt();
            room.free(request.size(), request.bytes());
            request.done().complete(null);
        }
        for (Delivery delivery : failed) {
            Pending request = (Pending) delivery.receipt();
            log.error("Could not store {} events; the request is answered 503", request.size(), cause);
            room.free(request.size(), request.bytes());
            // An Error is the writer's own failure (out of memory, say), not the database's.
            String reason = cause instanceof Error ? "the writer failed" : "the database is unavailable";
            request.done().completeExceptionally(new QueueUnavailableException(reason, cause));
        }
    }

    /** A client whose events were not stored retries; nothing is kept to deliver again. */
    @Override
    public boolean redelivers() {
        return false;
    }

    /** The workers share this one consumer: closing one of them closes nothing. */
    @Override
    public void close() {}

    @Override
    public void start() {
        running = true;
    }

    /** Refuses new batches; the workers, which stop after, write those already accepted. */
    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return LifecyclePhases.WEB_SERVER;
    }

    record Pending(IngestBatch batch, int size, long bytes, CompletableFuture<Void> done) {}
}
