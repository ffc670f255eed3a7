package io.theeye.queue.direct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.theeye.event.Event;
import io.theeye.event.IngestBatch;
import io.theeye.queue.EventQueue;
import io.theeye.queue.EventQueueContract;
import io.theeye.queue.QueueProperties;
import io.theeye.queue.QueueUnavailableException;
import io.theeye.store.EventStore;
import io.theeye.store.SqlDialect;
import io.theeye.store.TestStores;
import io.theeye.support.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.unit.DataSize;

class DirectEventQueueTests extends EventQueueContract {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private HikariDataSource dataSource;
    private DirectEventQueue queue;

    @BeforeEach
    void start() {
        dataSource = TestStores.migrated(TestDatabases.newSqliteUrl(), "", "");
        queue = started(new QueueProperties.Direct(50, 10_000, DataSize.ofMegabytes(64), 2));
    }

    @AfterEach
    void stop() {
        queue.stop();
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
    void refusesABatchWhenTooManyEventsAreWaitingAndTakesBatchesAgainOnceTheyAreStored() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        queue.stop();
        queue = started(
                new QueueProperties.Direct(50, 5, DataSize.ofMegabytes(64), 1),
                TestStores.eventStore(dataSource, batches -> {
                    writing.countDown();
                    await(release);
                }));
        try {
            CompletableFuture<Void> beingWritten = queue.publish(batch(3));
            writing.await();
            CompletableFuture<Void> waiting = queue.publish(batch(2));

            CompletableFuture<Void> refused = queue.publish(batch(1));

            assertThat(refused).isCompletedExceptionally();
            assertThatThrownBy(refused::join)
                    .cause()
                    .isInstanceOf(QueueUnavailableException.class)
                    .hasMessageContaining("too many events are waiting");
            assertThat(beingWritten).isNotDone();
            assertThat(waiting).isNotDone();
            release.countDown();
            CompletableFuture.allOf(beingWritten, waiting).join();
            Awaitility.await().until(() -> !queue.publish(batch(5)).isCompletedExceptionally());
            Awaitility.await().until(() -> storedEventIds().size() == 10);
        } finally {
            release.countDown();
        }
    }

    @Test
    void refusesABatchWhenTheWaitingEventsHoldTooManyBytesHoweverFewTheyAre() throws Exception {
        IngestBatch big = batchWithData(3, "a".repeat(10_000));
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        queue.stop();
        queue = started(
                new QueueProperties.Direct(50, 10_000, DataSize.ofBytes(2 * big.estimatedBytes()), 1),
                TestStores.eventStore(dataSource, batches -> {
                    writing.countDown();
                    await(release);
                }));
        try {
            CompletableFuture<Void> beingWritten = queue.publish(big);
            writing.await();
            CompletableFuture<Void> waiting = queue.publish(batchWithData(3, "b".repeat(10_000)));

            CompletableFuture<Void> refused = queue.publish(batch(1));

            assertThat(refused).isCompletedExceptionally();
            assertThatThrownBy(refused::join)
                    .cause()
                    .isInstanceOf(QueueUnavailableException.class)
                    .hasMessageContaining("too many events are waiting");
            release.countDown();
            CompletableFuture.allOf(beingWritten, waiting).join();
            Awaitility.await().until(() -> !queue.publish(batch(1)).isCompletedExceptionally());
        } finally {
            release.countDown();
        }
    }

    @Test
    void answersTheGroupOfAWriterThatFailsWithAnErrorFreesItsRoomAndStartsTheWriterAgain() {
        AtomicBoolean failed = new AtomicBoolean();
        queue.stop();
        queue = started(
                new QueueProperties.Direct(50, 5, DataSize.ofMegabytes(64), 1),
                TestStores.eventStore(dataSource, batches -> {
                    if (failed.compareAndSet(false, true)) {
                        throw new OutOfMemoryError("injected");
                    }
                }));
        WritersHealthIndicator health = new WritersHealthIndicator(queue);

        CompletableFuture<Void> lost = queue.publish(batch(3));

        assertThat(lost)
                .failsWithin(Duration.ofSeconds(10))
                .withThrowableThat()
                .havingCause()
                .isInstanceOf(QueueUnavailableException.class)
                .withMessage("the writer failed");
        Awaitility.await().until(() -> health.health().getStatus().equals(Status.DOWN));
        IngestBatch after = batch(5);
        CompletableFuture<Void> next = queue.publish(after);
        assertThat(next).succeedsWithin(Duration.ofSeconds(10));
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(meters.counter("theeye.queue.direct.writer.restarts").count())
                .isEqualTo(1);
        assertThat(storedEventIds()).containsExactlyInAnyOrderElementsOf(ids(after));
    }

    @Test
    void answersEveryRequestOfAGroupWhenAnErrorStrikesWhileStoringItsRequestsOneByOne() {
        AtomicInteger calls = new AtomicInteger();
        queue.stop();
        queue = started(
                new QueueProperties.Direct(50, 100, DataSize.ofMegabytes(64), 1),
                TestStores.eventStore(dataSource, batches -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("the group fails");
                    }
                    throw new OutOfMemoryError("injected");
                }));
        List<DirectEventQueue.Pending> group = List.of(pending(batch(1)), pending(batch(2)), pending(batch(3)));

        assertThatThrownBy(() -> queue.write(new ArrayList<>(group))).isInstanceOf(OutOfMemoryError.class);

        assertThat(group).allSatisfy(p -> assertThat(p.done()).isCompletedExceptionally());
    }

    @Test
    void reportsHealthUpWhileEveryWriterRunsAndDownOnceStopped() {
        WritersHealthIndicator health = new WritersHealthIndicator(queue);
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);

        queue.stop();

        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void failsTheBatchesOfAGroupThatCouldNotBeStored() {
        dataSource.close();

        CompletableFuture<Void> future = queue.publish(batch(2));

        assertThatThrownBy(future::join)
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOf(QueueUnavailableException.class)
                .hasMessageContaining("database");
    }

    @Test
    void failsOnlyTheRequestWhoseEventsCannotBeStoredWhenItsGroupFails() {
        Event poison =
                new Event(UUID.randomUUID(), CLIENT, "s".repeat(300), "c", "n", "{}", Instant.now(), Instant.now());
        DirectEventQueue.Pending good = pending(batch(2));
        DirectEventQueue.Pending bad = pending(new IngestBatch(List.of(poison), List.of()));
        DirectEventQueue.Pending alsoGood = pending(batch(3));

        queue.write(new ArrayList<>(List.of(good, bad, alsoGood)));

        assertThat(good.done()).isCompleted();
        assertThat(alsoGood.done()).isCompleted();
        assertThatThrownBy(bad.done()::join).cause().isInstanceOf(QueueUnavailableException.class);
        assertThat(storedEventIds())
                .containsExactlyInAnyOrderElementsOf(
                        Stream.concat(ids(good.batch()).stream(), ids(alsoGood.batch()).stream())
                                .toList());
    }

    @Test
    void leavesOutTheBatchOfARequestThatStoppedWaiting() {
        DirectEventQueue.Pending kept = pending(batch(2));
        DirectEventQueue.Pending withdrawn = pending(batch(3));
        withdrawn.done().cancel(false);

        queue.write(new ArrayList<>(List.of(kept, withdrawn)));

        assertThat(kept.done()).isCompleted();
        assertThat(storedEventIds()).containsExactlyInAnyOrderElementsOf(ids(kept.batch()));
    }

    @Test
    void storesWhatItTookBeforeStopping() {
        List<CompletableFuture<Void>> futures = List.of(queue.publish(batch(5)), queue.publish(batch(5)));

        queue.stop();

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

    private static DirectEventQueue.Pending pending(IngestBatch batch) {
        return new DirectEventQueue.Pending(batch, batch.size(), batch.estimatedBytes(), new CompletableFuture<>());
    }

    private DirectEventQueue started(QueueProperties.Direct settings) {
        return started(settings, TestStores.eventStore(dataSource));
    }

    private DirectEventQueue started(QueueProperties.Direct settings, EventStore store) {
        DirectEventQueue started = new DirectEventQueue(store, settings, meters, Duration.ofSeconds(1));
        started.start();
        return started;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
