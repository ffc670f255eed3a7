package io.theeye.queue.direct;

/**
 * What may wait for a writer: at most so many events and so many bytes. Counting events alone would let 100,000
 * events of 64 KiB hold 6 GiB; counting both bounds memory whatever the requests hold.
 */
final class Room {

    private final int maxEvents;
    private final long maxBytes;
    private int events;
    private long bytes;

    Room(int maxEvents, long maxBytes) {
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
    }

    /** Takes room for a batch if there is enough for the whole of it; a batch is never let in partly. */
    synchronized boolean tryTake(int batchEvents, long batchBytes) {
        if (batchEvents > maxEvents - events || batchBytes > maxBytes - bytes) {
            return false;
        }
        events += batchEvents;
        bytes += batchBytes;
        return true;
    }

    synchronized void free(int batchEvents, long batchBytes) {
        events -= batchEvents;
        bytes -= batchBytes;
    }

    synchronized int events() {
        return events;
    }

    synchronized long bytes() {
        return bytes;
    }
}
