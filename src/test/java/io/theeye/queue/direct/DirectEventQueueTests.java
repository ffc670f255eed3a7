package io.theeye.queue.direct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code direct} queue with real workers and a real database: group commit from the API process. */
class DirectEventQueueTests extends EventQueueContract {

    private HikariDataSource dataSource;
    private DirectEventQueue queue;
    private TestWorkers workers;

    @BeforeEach
    void start() {
        dataSource = TestStores.migrated(TestDatabases.newSqliteUrl(), "", "");
        queue = started(new QueueProperties.Direct(10_000));
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
        DirectEventQueue small = started(new QueueProperties.Direct(5));

        CompletableFuture<Void> fits = small.publish(batch(3));
        CompletableFuture<Void> overflows = small.publish(batch(3));

        assertThat(fits).isNotDone();
        assertThatThrownBy(overflows::join).cause().isInstanceOf(QueueUnavailableException.class);
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
    void leavesOutTheBatchOfARequestThatStoppedWaiting() throws Exception {
        DirectEventQueue idle = started(new QueueProperties.Direct(100));
        CompletableFuture<Void> kept = idle.publish(batch(2));
        CompletableFuture<Void> withdrawn = idle.publish(batch(3));
        withdrawn.cancel(false);

        List<Delivery> group = idle.poll(100, Duration.ofSeconds(1));

        assertThat(group).hasSize(1);
        assertThat(group.getFirst().batch().size()).isEqualTo(2);
        assertThat(kept).isNotDone();
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

    private static DirectEventQueue started(QueueProperties.Direct settings) {
        DirectEventQueue started = new DirectEventQueue(settings, 1, new SimpleMeterRegistry());
        started.start();
        return started;
    }
}
