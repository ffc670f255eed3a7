package io.theeye.queue.direct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.theeye.event.Event;
import io.theeye.event.IngestBatch;
import io.theeye.queue.Delivery;
import io.theeye.queue.EventQueue;
import io.theeye.queue.EventQueueContract;
import io.theeye.queue.QueueProperties;
import io.theeye.queue.QueueUnavailableException;
import io.theeye.store.SqlDialect;
import io.theeye.store.TestStores;
import io.theeye.support.TestDatabases;
import io.theeye.worker.TestWorkers;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.unit.DataSize;

/** The {@code direct} queue with real workers and a real database: group commit from the API process. */
class DirectEventQueueTests extends EventQueueContract {

    private static final DataSize PLENTY = DataSize.ofMegabytes(64);

    private HikariDataSource dataSource;
    private DirectEventQueue queue;
    private TestWorkers workers;

    @BeforeEach
    void start() {
        dataSource = TestStores.migrated(TestDatabases.newSqliteUrl(), "", "");
        queue = started(new QueueProperties.Direct(10_000, PLENTY));
        workers = TestWorkers.start(queue, TestStores.eventStore(dataSource), 2);
    }

    @AfterEach
    void stop() {
        queue.stop();
        workers.close();
        dataSource.close();
    }

    @Override
    protected EventQueue queue() {
        return queue;
    }

    @Override
    protected List<UUID> storedEventIds() {
        return JdbcClient.create(dataSource)
                .sql("select id from events")
                .query((rs, n) -> SqlDialect.SQLITE.uuid(rs, 1))
                .list();
    }

    @Override
    protected long storedRejectedCount() {
        return JdbcClient.create(dataSource)
                .sql("select count(*) from rejected_events")
                .query(Long.class)
                .single();
    }

    @Test
    void refusesABatchWhenTooManyEventsAreWaiting() {
        DirectEventQueue small = started(new QueueProperties.Direct(5, PLENTY));

        CompletableFuture<Void> fits = small.publish(batch(3));
        CompletableFuture<Void> overflows = small.publish(batch(3));

        assertThat(fits).isNotDone();
        assertThatThrownBy(overflows::join)
                .cause()
                .isInstanceOf(QueueUnavailableException.class)
                .hasMessageContaining("too many events are waiting");
    }

    @Test
    void refusesABatchWhenTheWaitingEventsHoldTooManyBytesHoweverFewTheyAre() {
        IngestBatch big = batchWithData(3, "a".repeat(10_000));
        DirectEventQueue small =
                started(new QueueProperties.Direct(10_000, DataSize.ofBytes(2 * big.estimatedBytes())));

        CompletableFuture<Void> first = small.publish(big);
        CompletableFuture<Void> second = small.publish(batchWithData(3, "b".repeat(10_000)));
        CompletableFuture<Void> refused = small.publish(batch(1));

        assertThat(first).isNotDone();
        assertThat(second).isNotDone();
        assertThatThrownBy(refused::join)
                .cause()
                .isInstanceOf(QueueUnavailableException.class)
                .hasMessageContaining("too many events are waiting");
    }

    @Test
    void takesBatchesAgainOnceTheWaitingOnesAreStored() {
        DirectEventQueue small = started(new QueueProperties.Direct(5, PLENTY));
        CompletableFuture<Void> waiting = small.publish(batch(5));
        assertThat(small.publish(batch(1))).isCompletedExceptionally();

        try (TestWorkers writer = TestWorkers.start(small, TestStores.eventStore(dataSource), 1)) {
            waiting.join();
            assertThat(small.publish(batch(5))).succeedsWithin(Duration.ofSeconds(30));
        }
    }

    @Test
    void answersTheRequestsOfAGroupThatCouldNotBeStored() {
        dataSource.close();

        CompletableFuture<Void> future = queue.publish(batch(2));

        assertThatThrownBy(future::join)
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOf(QueueUnavailableException.class)
                .hasMessageContaining("database");
    }

    @Test
    void aWriterHitByAnErrorAnswersItsRequestsAndStartsAgain() {
        DirectEventQueue own = started(new QueueProperties.Direct(100, PLENTY));
        AtomicBoolean failed = new AtomicBoolean();
        try (TestWorkers writer = TestWorkers.start(
                own,
                TestStores.eventStore(dataSource, batches -> {
                    if (failed.compareAndSet(false, true)) {
                        throw new OutOfMemoryError("injected");
                    }
                }),
                1)) {
            CompletableFuture<Void> lost = own.publish(batch(3));

            assertThat(lost)
                    .failsWithin(Duration.ofSeconds(30))
                    .withThrowableThat()
                    .havingCause()
                    .isInstanceOf(QueueUnavailableException.class);
            IngestBatch after = batch(5);
            assertThat(own.publish(after)).succeedsWithin(Duration.ofSeconds(30));
            assertThat(storedEventIds()).containsAll(ids(after));
            await().atMost(Duration.ofSeconds(10)).until(() -> writer.health().equals("UP"));
        }
    }

    @Test
    void answersEveryRequestOfAGroupWhenAnErrorStrikesWhileStoringItsRequestsOneByOne() {
        DirectEventQueue own = started(new QueueProperties.Direct(100, PLENTY));
        List<CompletableFuture<Void>> group =
                List.of(own.publish(batch(1)), own.publish(batch(2)), own.publish(batch(3)));
        AtomicInteger calls = new AtomicInteger();

        try (TestWorkers writer = TestWorkers.start(
                own,
                TestStores.eventStore(dataSource, batches -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("the group fails");
                    }
                    throw new OutOfMemoryError("injected");
                }),
                1)) {
            assertThat(group)
                    .allSatisfy(request -> assertThat(request)
                            .failsWithin(Duration.ofSeconds(30))
                            .withThrowableThat()
                            .havingCause()
                            .isInstanceOf(QueueUnavailableException.class));
        }
    }

    @Test
    void leavesOutTheBatchOfARequestThatStoppedWaiting() throws Exception {
        DirectEventQueue idle = started(new QueueProperties.Direct(100, PLENTY));
        CompletableFuture<Void> kept = idle.publish(batch(2));
        CompletableFuture<Void> withdrawn = idle.publish(batch(3));
        withdrawn.cancel(false);

        List<Delivery> group = idle.poll(100, Duration.ofSeconds(1));

        assertThat(group).hasSize(1);
        assertThat(group.getFirst().batch().size()).isEqualTo(2);
        assertThat(kept).isNotDone();
    }

    @Test
    void whileOneWriterWritesAnotherLeavesAFewEventsForItsNextGroup() throws Exception {
        DirectEventQueue idle = started(new QueueProperties.Direct(10_000, PLENTY));
        idle.publish(batch(1));
        List<Delivery> first = idle.poll(100, Duration.ofSeconds(1));
        idle.publish(batch(2));
        idle.publish(batch(3));

        assertThat(idle.poll(100, Duration.ofMillis(200))).isEmpty();

        CompletableFuture<List<Delivery>> second = CompletableFuture.supplyAsync(() -> pollQuietly(idle));
        idle.settle(first, List.of(), null);
        assertThat(second.get(30, TimeUnit.SECONDS)).hasSize(2);
    }

    @Test
    void anotherWriterStartsOnceEnoughEventsWait() throws Exception {
        DirectEventQueue idle = started(new QueueProperties.Direct(10_000, PLENTY));
        idle.publish(batch(1));
        List<Delivery> first = idle.poll(100, Duration.ofSeconds(1));

        CompletableFuture<List<Delivery>> second = CompletableFuture.supplyAsync(() -> pollQuietly(idle));
        idle.publish(batch(WriterGate.EVENTS_FOR_ANOTHER_WRITER));

        assertThat(second.get(30, TimeUnit.SECONDS))
                .singleElement()
                .satisfies(delivery ->
                        assertThat(delivery.batch().size()).isEqualTo(WriterGate.EVENTS_FOR_ANOTHER_WRITER));
        assertThat(first).hasSize(1);
    }

    @Test
    void aGroupTakenWhileStoppingEndsItsTurnLikeAnyOther() throws Exception {
        DirectEventQueue idle = started(new QueueProperties.Direct(10_000, PLENTY));
        idle.publish(batch(1));
        List<Delivery> drained = idle.drain(100);
        idle.settle(drained, List.of(), null);
        assertThat(idle.drain(100)).isEmpty();

        idle.publish(batch(1));
        assertThat(idle.poll(100, Duration.ofSeconds(1))).hasSize(1);
    }

    @Test
    void aWriterInterruptedWhileWaitingForEventsGivesItsTurnBack() throws Exception {
        DirectEventQueue idle = started(new QueueProperties.Direct(10_000, PLENTY));
        Thread interrupted = Thread.ofPlatform().start(() -> {
            try {
                idle.poll(100, Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                // what the test asks for
            }
        });
        await().until(() -> interrupted.getState() == Thread.State.TIMED_WAITING);
        interrupted.interrupt();
        interrupted.join();

        idle.publish(batch(1));
        assertThat(idle.poll(100, Duration.ofSeconds(5))).hasSize(1);
    }

    private static List<Delivery> pollQuietly(DirectEventQueue queue) {
        try {
            return queue.poll(100, Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void storesWhatItTookBeforeStopping() {
        List<CompletableFuture<Void>> futures = List.of(queue.publish(batch(5)), queue.publish(batch(5)));

        queue.stop();
        workers.close();

        assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(storedEventIds()).hasSize(10);
    }

    @Test
    void refusesBatchesOnceStopped() {
        queue.stop();

        assertThatThrownBy(() -> queue.publish(batch(1)).join()).cause().isInstanceOf(QueueUnavailableException.class);
    }

    private static IngestBatch batchWithData(int events, String text) {
        Instant now = Instant.now();
        return new IngestBatch(
                IntStream.range(0, events)
                        .mapToObj(i -> new Event(
                                UUID.randomUUID(), CLIENT, "s", "c", "n", "{\"x\": \"" + text + "\"}", now, now))
                        .toList(),
                List.of());
    }

    private static DirectEventQueue started(QueueProperties.Direct settings) {
        DirectEventQueue started = new DirectEventQueue(settings, 1, new SimpleMeterRegistry());
        started.start();
        return started;
    }
}
