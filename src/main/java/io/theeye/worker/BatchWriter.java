package io.theeye.worker;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.theeye.event.IngestBatch;
import io.theeye.queue.Delivery;
import io.theeye.store.EventStore;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: the batches a worker took together are written in one transaction. A transaction per request would
 * cap the service at the database's commit rate; this caps it at its write rate. When a group fails, its batches are
 * written one by one, so that one batch that cannot be stored does not cost the others theirs.
 */
public final class BatchWriter {

    private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);

    private final EventStore store;
    private final DistributionSummary groupSize;
    private final Timer commitTime;
    private final Counter storedEvents;
    private final Counter storedBatches;
    private final Counter failedBatches;

    public BatchWriter(EventStore store, MeterRegistry meters) {
        this.store = store;
        this.groupSize = DistributionSummary.builder("theeye.worker.group.events")
                .description("Events written per transaction")
                .register(meters);
        this.commitTime = Timer.builder("theeye.worker.commit")
                .description("Time to write and commit one group")
                .register(meters);
        this.storedEvents = Counter.builder("theeye.events.stored")
                .description("Events and rejected events committed to the database")
                .register(meters);
        this.storedBatches = Counter.builder("theeye.worker.batches.stored")
                .description("Batches (each a request's, or a record's) committed to the database")
                .register(meters);
        this.failedBatches = Counter.builder("theeye.worker.batches.failed")
                .description("Tries to store a batch that failed (a batch tried again counts again)")
                .register(meters);
    }

    /** What became of a group: the deliveries stored, and those that were not with the last failure's cause. */
    public record Result(List<Delivery> stored, List<Delivery> failed, RuntimeException cause) {}

    public Result write(List<Delivery> group) {
        int events = group.stream().mapToInt(d -> d.batch().size()).sum();
        try {
            commitTime.record(() -> store.store(batches(group)));
            groupSize.record(events);
            storedEvents.increment(events);
            storedBatches.increment(group.size());
            return new Result(group, List.of(), null);
        } catch (RuntimeException e) {
            if (group.size() == 1) {
                failedBatches.increment();
                return new Result(List.of(), group, e);
            }
            log.warn("Could not store a group of {} events; storing its {} batches one by one", events, group.size());
            return oneByOne(group);
        }
    }

    private Result oneByOne(List<Delivery> group) {
        List<Delivery> stored = new ArrayList<>();
        List<Delivery> failed = new ArrayList<>();
        RuntimeException cause = null;
        for (Delivery delivery : group) {
            try {
                store.store(List.of(delivery.batch()));
                storedEvents.increment(delivery.batch().size());
                storedBatches.increment();
                stored.add(delivery);
            } catch (RuntimeException e) {
                failedBatches.increment();
                failed.add(delivery);
                cause = e;
            }
        }
        return new Result(stored, failed, cause);
    }

    /** Stores a batch in place of a delivery that could not be stored: its events as rejected events. */
    public void storeInstead(IngestBatch replacement) {
        store.store(List.of(replacement));
        storedEvents.increment(replacement.size());
        storedBatches.increment();
    }

    /** Whether the database answers: a batch that fails while it does is poison, not the victim of an outage. */
    public boolean databaseReachable() {
        return store.isReachable();
    }

    private static List<IngestBatch> batches(List<Delivery> group) {
        return group.stream().map(Delivery::batch).toList();
    }
}
