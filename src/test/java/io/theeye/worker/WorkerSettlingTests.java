package io.theeye.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.theeye.event.Event;
import io.theeye.event.IngestBatch;
import io.theeye.queue.Delivery;
import io.theeye.queue.EventConsumer;
import io.theeye.queue.EventConsumers;
import io.theeye.store.TestStores;
import io.theeye.support.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * A group is settled once: when the worker fails after settling it (the broker refusing the acknowledgement, an
 * interrupt while it waits to try again), the group is not settled again as failed. On Kafka that second settling
 * would commit the offsets back to the group's first record.
 */
class WorkerSettlingTests {

    private static final UUID CLIENT = UUID.randomUUID();

    private HikariDataSource database;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final List<Settled> settlings = new CopyOnWriteArrayList<>();

    record Settled(List<Delivery> stored, List<Delivery> failed) {}

    @BeforeEach
    void migrate() {
        database = TestStores.migrated(TestDatabases.newSqliteUrl(), "", "");
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aGroupWhoseAcknowledgementFailsIsNotSettledAgainAsFailed() throws Exception {
        Delivery stored = delivery(event("fine"));

        run(List.of(stored), settling -> {
            throw new IllegalStateException("simulated: the commit of the offsets failed, the group rebalances");
        });

        assertThat(settlings).containsExactly(new Settled(List.of(stored), List.of()));
    }

    @Test
    void aWorkerInterruptedWhileItWaitsToTryAgainDoesNotFailWhatItStored() throws Exception {
        Delivery stored = delivery(event("fine"));
        Delivery unstorable = delivery(event("s".repeat(300)));

        run(List.of(stored, unstorable), settling -> Thread.currentThread().interrupt());

        assertThat(settlings).containsExactly(new Settled(List.of(stored), List.of(unstorable)));
    }

    /**
     * Runs one worker until it has settled a group once and stopped: it polls {@code group} once, then nothing;
     * {@code onSettle} runs on the worker's thread at each settling, after it is recorded.
     */
    private void run(List<Delivery> group, Consumer<Settled> onSettle) throws InterruptedException {
        EventConsumer consumer = new EventConsumer() {
            private boolean polled;

            @Override
            public List<Delivery> poll(int maxEvents, Duration timeout) {
                if (polled) {
                    return List.of();
                }
                polled = true;
                return group;
            }

            @Override
            public List<Delivery> drain(int maxEvents) {
                return List.of();
            }

            @Override
            public void settle(List<Delivery> stored, List<Delivery> failed, Throwable cause) {
                Settled settled = new Settled(List.copyOf(stored), List.copyOf(failed));
                settlings.add(settled);
                stopping.set(true);
                onSettle.accept(settled);
            }

            @Override
            public boolean redelivers() {
                return true;
            }

            @Override
            public void close() {}
        };
        EventConsumers consumers = new EventConsumers() {
            @Override
            public EventConsumer open(String name) {
                return consumer;
            }

            @Override
            public int suggestedConcurrency() {
                return 1;
            }
        };
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Worker worker = new Worker(
                "settling",
                consumers,
                new BatchWriter(TestStores.eventStore(database), meters),
                new PoisonBatches(JsonMapper.builder().build()),
                new WorkerProperties(true, 1, 5000, 5, Duration.ofMillis(200)),
                new WorkerState(1, meters),
                stopping::get);
        Thread thread = Thread.ofPlatform().name("settling-worker").start(worker);
        thread.join(Duration.ofSeconds(60));
        assertThat(thread.isAlive()).as("the worker stopped").isFalse();
    }

    private static Delivery delivery(Event event) {
        return new Delivery(new IngestBatch(List.of(event), List.of()), 0, UUID.randomUUID());
    }

    private static Event event(String session) {
        Instant now = Instant.now();
        return new Event(UUID.randomUUID(), CLIENT, session, "c", "n", "{}", now, now);
    }
}
