package io.theeye.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.event.IngestBatch;
import io.theeye.store.SqlDialect;
import io.theeye.store.TestStores;
import io.theeye.support.TestDatabases;
import io.theeye.worker.TestWorkers;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A broker with two workers storing into a real database, where the first acknowledgement of the run is lost to a
 * worker that dies between its commit and its acknowledgement: every test of {@link EventQueueContract} must still
 * find each event stored exactly once.
 */
public abstract class BrokerPipelineContract extends EventQueueContract {

    private HikariDataSource database;
    private CrashingConsumers consumers;
    private TestWorkers workers;

    /** The backend's consumers, reading what {@link #queue()} publishes. */
    protected abstract EventConsumers consumers();

    @BeforeEach
    void startWorkers() {
        database = TestStores.migrated(TestDatabases.newSqliteUrl(), "", "");
        consumers = new CrashingConsumers(consumers());
        workers = TestWorkers.start(consumers, TestStores.eventStore(database), 2);
    }

    @AfterEach
    void stopWorkers() {
        workers.close();
        database.close();
    }

    @Override
    protected List<UUID> storedEventIds() {
        return JdbcClient.create(database)
                .sql("select id from events")
                .query((rs, n) -> SqlDialect.SQLITE.uuid(rs, 1))
                .list();
    }

    @Override
    protected long storedRejectedCount() {
        return JdbcClient.create(database)
                .sql("select count(*) from rejected_events")
                .query(Long.class)
                .single();
    }

    @Test
    void storesEveryEventOnceThoughAWorkerDiedBetweenItsCommitAndItsAcknowledgement() {
        IngestBatch batch = batch(20);

        queue().publish(batch).join();

        await().atMost(Duration.ofSeconds(60)).until(consumers::crashed);
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(storedEventIds()).containsExactlyInAnyOrderElementsOf(ids(batch)));
    }
}
