package io.theeye.worker;

import io.theeye.queue.Delivery;
import io.theeye.queue.EventConsumer;
import io.theeye.queue.EventConsumers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker thread's loop: take batches, write them as one group, settle them with the consumer. Nothing it takes
 * is lost: what it cannot store goes back to the consumer (to the broker, or as a 503 to the client with
 * {@code direct}). Anything thrown, an {@link Error} included, fails the batches in hand, and the loop starts again
 * with a new consumer.
 */
final class Worker implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Worker.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

    private final String name;
    private final EventConsumers consumers;
    private final BatchWriter writer;
    private final PoisonBatches poison;
    private final WorkerProperties settings;
    private final WorkerState state;
    private final Supplier<Boolean> stopping;
    private Duration backoff = FIRST_BACKOFF;
    /**
     * Whether the group in hand has been settled, or an attempt made: it is never settled again. Settled twice, a
     * stored group would be failed after it was acknowledged (on Kafka, its offsets committed back).
     */
    private boolean settled;

    Worker(
            String name,
            EventConsumers consumers,
            BatchWriter writer,
            PoisonBatches poison,
            WorkerProperties settings,
            WorkerState state,
            Supplier<Boolean> stopping) {
        this.name = name;
        this.consumers = consumers;
        this.writer = writer;
        this.poison = poison;
        this.settings = settings;
        this.state = state;
        this.stopping = stopping;
    }

    @Override
    public void run() {
        while (true) {
            EventConsumer consumer;
            try {
                consumer = consumers.open(name);
            } catch (Throwable e) {
                log.error("Worker {} could not open its consumer; trying again", name, e);
                state.restarted();
                if (stopping.get() || !pause()) {
                    return;
                }
                continue;
            }
            state.running(name, true);
            try (consumer) {
                if (loop(consumer)) {
                    return;
                }
            } catch (Throwable e) {
                log.error("Worker {} failed; it starts again", name, e);
            } finally {
                state.running(name, false);
            }
            state.restarted();
            if (stopping.get() || !pause()) {
                return;
            }
        }
    }

    /** Runs until stopped (true) or until something is thrown that the batches in hand did not survive (false). */
    private boolean loop(EventConsumer consumer) throws InterruptedException {
        while (true) {
            boolean finishing = stopping.get();
            List<Delivery> group = finishing
                    ? consumer.drain(settings.maxBatchEvents())
                    : consumer.poll(settings.maxBatchEvents(), POLL);
            if (group.isEmpty()) {
                if (finishing) {
                    return true;
                }
                continue;
            }
            settled = false;
            try {
                write(consumer, group);
            } catch (Throwable e) {
                if (settled) {
                    // The consumer has the group's fate already (or failed taking it: then it has not acknowledged
                    // it, and the broker hands it out again).
                    log.error("Worker {} failed after settling {} batches; it starts again", name, group.size(), e);
                } else {
                    // The group's fate is unknown to its requests: tell them it failed, so that nothing waits for
                    // ever.
                    log.error(
                            "Worker {} failed writing {} batches; they are failed and the worker starts again",
                            name,
                            group.size(),
                            e);
                    consumer.settle(List.of(), group, e);
                }
                if (e instanceof InterruptedException) {
                    throw (InterruptedException) e;
                }
                return false;
            }
        }
    }

    private void write(EventConsumer consumer, List<Delivery> group) throws InterruptedException {
        BatchWriter.Result result = writer.write(group);
        if (result.failed().isEmpty()) {
            settle(consumer, result.stored(), List.of(), null);
            backoff = FIRST_BACKOFF;
            return;
        }
        if (!consumer.redelivers()) {
            settle(consumer, result.stored(), result.failed(), result.cause());
            return;
        }
        List<Delivery> stored = new ArrayList<>(result.stored());
        List<Delivery> retry = new ArrayList<>();
        boolean databaseUp = writer.databaseReachable();
        for (Delivery delivery : result.failed()) {
            if (databaseUp && delivery.attempts() + 1 >= settings.maxAttempts() && storedInstead(delivery, result)) {
                stored.add(delivery);
            } else {
                retry.add(delivery);
            }
        }
        settle(consumer, stored, retry, result.cause());
        if (!retry.isEmpty()) {
            log.warn(
                    "Worker {}: {} batches not stored ({}); the broker keeps them, next try in {} ms",
                    name,
                    retry.size(),
                    databaseUp ? result.cause().toString() : "the database is unreachable",
                    backoff.toMillis());
            Thread.sleep(backoff.toMillis());
            backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0
                    ? settings.maxBackoff()
                    : backoff.multipliedBy(2);
        }
    }

    private void settle(EventConsumer consumer, List<Delivery> stored, List<Delivery> failed, Throwable cause) {
        settled = true;
        consumer.settle(stored, failed, cause);
    }

    /** Keeps a poison batch's events as rejected events; false when even that fails. */
    private boolean storedInstead(Delivery delivery, BatchWriter.Result result) {
        try {
            writer.storeInstead(poison.replacement(delivery.batch(), delivery.attempts() + 1, result.cause()));
            log.error(
                    "Worker {}: a batch of {} events could not be stored after {} tries and is kept in rejected_events",
                    name,
                    delivery.batch().size(),
                    delivery.attempts() + 1,
                    result.cause());
            return true;
        } catch (RuntimeException e) {
            log.error("Worker {}: could not keep a poison batch in rejected_events either", name, e);
            return false;
        }
    }

    /** Waits before starting again; false when interrupted (the process stops). */
    private boolean pause() {
        try {
            Thread.sleep(backoff.toMillis());
            backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0
                    ? settings.maxBackoff()
                    : backoff.multipliedBy(2);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
