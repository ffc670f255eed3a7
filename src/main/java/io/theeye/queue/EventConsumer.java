package io.theeye.queue;

import java.time.Duration;
import java.util.List;

/**
 * The consuming side of a queue backend: hands batches to one worker, and learns which were stored. A batch is
 * forgotten only once acknowledged after its database commit; until then the backend keeps it, so a worker that dies
 * mid-batch loses nothing. Used by one thread.
 */
public interface EventConsumer extends AutoCloseable {

    /**
     * Waits up to {@code timeout} for batches and returns those that came, about {@code maxEvents} events at most;
     * empty when none came.
     */
    List<Delivery> poll(int maxEvents, Duration timeout) throws InterruptedException;

    /**
     * What this consumer already holds without asking its backend for more, for a worker finishing before it stops:
     * the batches the {@code direct} queue accepted, none for a broker, which keeps them for the next worker.
     */
    List<Delivery> drain(int maxEvents);

    /**
     * Settles what {@link #poll} handed out: the stored deliveries are acknowledged; the failed ones are kept to be
     * handed out again ({@code direct}, which keeps nothing, answers their requests that they were not stored).
     */
    void settle(List<Delivery> stored, List<Delivery> failed, Throwable cause);

    /** Whether failed deliveries come back: false for {@code direct}, whose clients retry instead. */
    boolean redelivers();

    @Override
    void close();
}
