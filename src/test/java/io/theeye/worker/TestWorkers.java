package io.theeye.worker;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.theeye.queue.EventConsumers;
import io.theeye.store.EventStore;
import java.time.Duration;
import tools.jackson.databind.json.JsonMapper;

/** Real workers over a real store, for tests of a queue backend without the whole application. */
public final class TestWorkers implements AutoCloseable {

    private final Workers workers;
    private final WorkerState state;

    private TestWorkers(Workers workers, WorkerState state) {
        this.workers = workers;
        this.state = state;
    }

    public static TestWorkers start(EventConsumers consumers, EventStore store, int count) {
        WorkerProperties settings = new WorkerProperties(true, count, 5000, 3, Duration.ofMillis(200));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        WorkerState state = new WorkerState(count, meters);
        Workers workers = new Workers(
                count,
                consumers,
                new BatchWriter(store, meters),
                new PoisonBatches(JsonMapper.builder().build()),
                settings,
                state);
        workers.start();
        return new TestWorkers(workers, state);
    }

    public String health() {
        return state.health().getStatus().getCode();
    }

    /** Stops as the application does: each worker finishes what it holds. */
    @Override
    public void close() {
        workers.stop();
    }
}
