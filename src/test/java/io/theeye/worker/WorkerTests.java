package io.theeye.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.event.Event;
import io.theeye.event.IngestBatch;
import io.theeye.queue.InMemoryBroker;
import io.theeye.store.SqlDialect;
import io.theeye.store.TestStores;
import io.theeye.support.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/** Workers against a broker that redelivers, and a real database that can be made to fail. */
class WorkerTests {

    private static final UUID CLIENT = UUID.randomUUID();

    private HikariDataSource database;
    private final AtomicBoolean away = new AtomicBoolean();
    private final AtomicInteger errorsToThrow = new AtomicInteger();
    private final InMemoryBroker broker = new InMemoryBroker();
    private TestWorkers workers;

    @BeforeEach
    void start() {
        database = TestStores.migrated(TestDatabases.newSqliteUrl(), "", "");
        DelegatingDataSource flaky = new DelegatingDataSource(database) {
            @Override
            public Connection getConnection() throws SQLException {
                if (errorsToThrow.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw new OutOfMemoryError("simulated");
                }
                if (away.get()) {
                    throw new SQLException("simulated: the database is away");
                }
                return super.getConnection();
            }
        };
        workers = TestWorkers.start(broker, TestStores.eventStore(flaky, SqlDialect.SQLITE), 1);
    }

    @AfterEach
    void stop() {
        workers.close();
        database.close();
    }

    @Test
    void keepsABatchThatCannotBeStoredAsRejectedEventsAfterItsTriesAndStoresTheOthers() {
        Event unstorable = event("s".repeat(300));
        Event fine = event("fine");
        broker.publish(new IngestBatch(List.of(unstorable), List.of()));
        broker.publish(new IngestBatch(List.of(fine), List.of()));

        await().atMost(Duration.ofSeconds(30)).until(() -> broker.unacknowledged() == 0);

        assertThat(storedIds()).containsExactly(fine.id());
        String errors = JdbcClient.create(database)
                .sql("select errors from rejected_events where raw like ?")
                .param("%" + unstorable.id() + "%")
                .query(String.class)
                .single();
        assertThat(errors).contains("could not be stored after 3 tries");
    }

    @Test
    void waitsForADatabaseThatIsAwayWithoutGivingUpItsBatches() {
        away.set(true);
        Event event = event("patient");
        broker.publish(new IngestBatch(List.of(event), List.of()));

        // Far more tries than the 3 a poison batch gets: an outage is no reason to give events up.
        await().atMost(Duration.ofSeconds(30))
                .pollDelay(Duration.ofSeconds(2))
                .until(() -> broker.unacknowledged() == 1);
        away.set(false);

        await().atMost(Duration.ofSeconds(30)).until(() -> broker.unacknowledged() == 0);
        assertThat(storedIds()).containsExactly(event.id());
        assertThat(JdbcClient.create(database)
                        .sql("select count(*) from rejected_events")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aWorkerHitByAnErrorFailsItsBatchStartsAgainAndStoresIt() {
        errorsToThrow.set(1);
        Event event = event("after the error");

        broker.publish(new IngestBatch(List.of(event), List.of()));

        await().atMost(Duration.ofSeconds(30)).until(() -> broker.unacknowledged() == 0);
        assertThat(storedIds()).containsExactly(event.id());
        await().atMost(Duration.ofSeconds(10)).until(() -> workers.health().equals("UP"));
    }

    private List<UUID> storedIds() {
        return JdbcClient.create(database)
                .sql("select id from events")
                .query((rs, n) -> SqlDialect.SQLITE.uuid(rs, 1))
                .list();
    }

    private static Event event(String session) {
        Instant now = Instant.now();
        return new Event(UUID.randomUUID(), CLIENT, session, "c", "n", "{}", now, now);
    }
}
