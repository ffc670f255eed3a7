package io.theeye.queue;

import io.theeye.event.IngestBatch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * A broker in memory: keeps each batch until acknowledged and hands a failed one out again, counting its tries. For
 * tests of workers without a real broker.
 */
public final class InMemoryBroker implements EventConsumers {

    private final LinkedBlockingDeque<Delivery> ready = new LinkedBlockingDeque<>();
    private final Map<Object, IngestBatch> unacknowledged = new ConcurrentHashMap<>();

    public void publish(IngestBatch batch) {
        Object receipt = new Object();
        unacknowledged.put(receipt, batch);
        ready.add(new Delivery(batch, 0, receipt));
    }

    /** Batches not acknowledged yet, handed out or not. */
    public int unacknowledged() {
        return unacknowledged.size();
    }

    @Override
    public EventConsumer open(String name) {
        return new EventConsumer() {
            @Override
            public List<Delivery> poll(int maxEvents, Duration timeout) throws InterruptedException {
                Delivery first = ready.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
                List<Delivery> group = new ArrayList<>();
                if (first != null) {
                    group.add(first);
                    ready.drainTo(group, 100);
                }
                return group;
            }

            @Override
            public List<Delivery> drain(int maxEvents) {
                return List.of();
            }

            @Override
            public void settle(List<Delivery> stored, List<Delivery> failed, Throwable cause) {
                stored.forEach(d -> unacknowledged.remove(d.receipt()));
                failed.forEach(d -> ready.addFirst(new Delivery(d.batch(), d.attempts() + 1, d.receipt())));
            }

            @Override
            public boolean redelivers() {
                return true;
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public int suggestedConcurrency() {
        return 1;
    }
}
