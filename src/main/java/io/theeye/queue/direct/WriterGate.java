package io.theeye.queue.direct;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * When a writer may start a group. Every commit has a price of its own whatever its size (on PostgreSQL the WAL flush
 * and one upsert per rollup table), so while one writer is writing, another takes the events waiting only once there
 * are enough of them to be worth a commit of their own. Until then they wait for the first writer's next group, which
 * is larger: single events from many connections make groups of about 30 instead of two groups of about 16. Under a
 * load of batches, thousands of events wait, and the writers all write at once as before.
 */
final class WriterGate {

    /**
     * Waiting events that let another writer start while one is writing: more than the requests a busy server has in
     * flight one event each (64 connections in the benchmarks), fewer than a few 100-event batches.
     */
    static final int EVENTS_FOR_ANOTHER_WRITER = 100;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Writers between taking a group and settling it. */
    private int writing;
    /** Events published and not yet taken by a writer. */
    private int waiting;

    void published(int events) {
        lock.lock();
        try {
            waiting += events;
            if (writing > 0 && waiting >= EVENTS_FOR_ANOTHER_WRITER) {
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    void taken(int events) {
        lock.lock();
        try {
            waiting -= events;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits, up to {@code timeoutNanos}, for the writer's turn: no other writer is writing, or enough events wait. A
     * turn taken (true) ends with {@link #leave()}.
     */
    boolean enter(long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            long left = timeoutNanos;
            while (writing > 0 && waiting < EVENTS_FOR_ANOTHER_WRITER) {
                if (left <= 0) {
                    return false;
                }
                left = changed.awaitNanos(left);
            }
            writing++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** A turn taken without waiting: the writers drain what is left while the service stops. */
    void enterNow() {
        lock.lock();
        try {
            writing++;
        } finally {
            lock.unlock();
        }
    }

    void leave() {
        lock.lock();
        try {
            writing--;
            changed.signal();
        } finally {
            lock.unlock();
        }
    }
}
