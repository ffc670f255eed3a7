package io.theeye.fleet;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What this process's workers did, read from the meters they count in (a process without workers has none: zeros).
 */
final class ProcessCounters {

    static final String BATCHES_STORED = "theeye.worker.batches.stored";
    static final String EVENTS_STORED = "theeye.events.stored";
    static final String FAILURES = "theeye.worker.batches.failed";
    static final String RESTARTS = "theeye.worker.restarts";

    private final MeterRegistry meters;

    ProcessCounters(MeterRegistry meters) {
        this.meters = meters;
    }

    record Counts(long batchesStored, long eventsStored, long failures, long restarts) {}

    Counts read() {
        return new Counts(count(BATCHES_STORED), count(EVENTS_STORED), count(FAILURES), count(RESTARTS));
    }

    private long count(String name) {
        Counter counter = meters.find(name).counter();
        return counter == null ? 0 : (long) counter.count();
    }
}
