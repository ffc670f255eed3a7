package io.theeye.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.event.Event;
import io.theeye.event.IngestBatch;
import io.theeye.support.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * PostgreSQL's events partitioned by day: partitions made ahead and on demand, the migration of an existing table,
 * ids unique per client across partitions, and the lookup by id reading one partition.
 */
class PostgresPartitionsTests {

    private static final UUID CLIENT = UUID.randomUUID();
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);

    private HikariDataSource dataSource;
    private JdbcClient jdbc;
    private EventStore store;

    @BeforeEach
    void setUp() {
        dataSource = TestStores.unmigrated(
                TestDatabases.newPostgresSchemaUrl(), TestDatabases.POSTGRES_USER, TestDatabases.POSTGRES_PASSWORD);
        jdbc = JdbcClient.create(dataSource);
        store = TestStores.eventStore(dataSource);
    }

    @AfterEach
    void tearDown() {
        dataSource.close();
    }

    @Test
    void makesADayPartitionAheadOnceEvenWhenProcessesRace() {
        TestStores.migrate(dataSource, "latest");
        LocalDate today = LocalDate.of(2031, 3, 10);

        List<CompletableFuture<Integer>> racing = IntStream.range(0, 4)
                .mapToObj(i -> CompletableFuture.supplyAsync(
                        () -> new EventPartitions(new JdbcTemplate(dataSource)).makeAhead(today)))
                .toList();

        assertThat(racing.stream().mapToInt(CompletableFuture::join).sum())
                .as("partitions made by all racers together")
                .isEqualTo(EventPartitions.DAYS_AHEAD + 2);
        assertThat(partitions())
                .contains("events_20310309", "events_20310310", "events_20310317")
                .doesNotContain("events_20310308", "events_20310318");
    }

    @Test
    void theScheduledTaskMakesThePartitionsAheadOfItsClock() {
        TestStores.migrate(dataSource, "latest");
        Clock clock = Clock.fixed(Instant.parse("2032-02-28T23:59:00Z"), java.time.ZoneOffset.UTC);

        new PartitionsAhead(store.partitions(), clock).runNow();

        assertThat(partitions()).contains("events_20320227", "events_20320229", "events_20320306");
    }

    @Test
    void storesEventsOfOldAndFarFutureDaysInPartitionsMadeForThem() {
        TestStores.migrate(dataSource, "latest");
        List<Instant> timestamps = List.of(
                Instant.parse("0001-01-01T00:00:00Z"),
                Instant.parse("1969-12-31T23:59:59.999999Z"),
                Instant.parse("2019-06-15T12:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999Z"));

        store(timestamps.stream().map(t -> event(UUID.randomUUID(), t)).toArray(Event[]::new));

        assertThat(jdbc.sql("select \"timestamp\" from events order by \"timestamp\"")
                        .query((rs, n) -> SqlDialect.POSTGRESQL.instant(rs, 1))
                        .list())
                .containsExactlyElementsOf(timestamps);
        assertThat(partitions()).contains("events_00010101", "events_19691231", "events_20190615", "events_99991231");
    }

    @Test
    void storesALateEventForADayWhosePartitionWasDroppedSinceThisProcessSawIt() {
        TestStores.migrate(dataSource, "latest");
        Instant day = Instant.parse("2020-02-02T10:00:00Z");
        store(event(UUID.randomUUID(), day));
        // Expiry in another process drops the day this store has seen made.
        jdbc.sql("delete from events").update();
        jdbc.sql("drop table events_20200202").update();

        Event late = event(UUID.randomUUID(), day.plusSeconds(60));
        store(late);

        assertThat(jdbc.sql("select id from events").query(UUID.class).list()).containsExactly(late.id());
    }

    @Test
    void aResentIdWithAnotherTimestampStoresNothingNewWhateverItsDay() {
        TestStores.migrate(dataSource, "latest");
        UUID id = UUID.randomUUID();
        Instant first = NOW.minus(3, ChronoUnit.DAYS);
        store(event(id, first));

        store(event(id, NOW));
        store(event(id, NOW.minus(400, ChronoUnit.DAYS)), event(UUID.randomUUID(), NOW));
        // The same id twice in one group: the first is kept.
        UUID twice = UUID.randomUUID();
        store(event(twice, NOW.minusSeconds(1)), event(twice, NOW.minus(2, ChronoUnit.DAYS)));

        assertThat(jdbc.sql("select count(*) from events").query(Long.class).single())
                .isEqualTo(3);
        assertThat(timestampOf(id)).isEqualTo(first);
        assertThat(timestampOf(twice)).isEqualTo(NOW.minusSeconds(1));
        // Another client may use the same id.
        store(new Event(id, UUID.randomUUID(), "s", "c", "n", "{}", NOW, NOW));
        assertThat(jdbc.sql("select count(*) from events where id = ?")
                        .param(id)
                        .query(Long.class)
                        .single())
                .isEqualTo(2);
    }

    @Test
    void aDeletedEventsIdMayBeStoredAgain() {
        TestStores.migrate(dataSource, "latest");
        UUID id = UUID.randomUUID();
        store(event(id, NOW.minus(1, ChronoUnit.DAYS)), event(UUID.randomUUID(), NOW));

        int deleted = jdbc.sql("delete from events where id = ?").param(id).update();
        store(event(id, NOW));

        assertThat(deleted).isEqualTo(1);
        assertThat(timestampOf(id)).isEqualTo(NOW);
        assertThat(jdbc.sql("select count(*) from event_ids").query(Long.class).single())
                .isEqualTo(2);
    }

    @Test
    void findsAnEventByIdWithoutTouchingAnyOtherPartition() throws SQLException {
        TestStores.migrate(dataSource, "latest");
        Event wanted = event(UUID.randomUUID(), Instant.parse("2024-05-05T05:05:05.5Z"));
        store(wanted, event(UUID.randomUUID(), Instant.parse("2024-05-04T05:05:05Z")));
        jdbc.sql("insert into clients (client_id, name, secret_key, created_at) values (?, 'shop', 'secret', now())")
                .param(CLIENT)
                .update();
        EventReads reads = reads(Duration.ofSeconds(2));

        // A lock that any read of another day's partition waits for: a lookup that probed every partition (or
        // planned over them all) would wait until the read timeout ended it.
        try (Connection holder = dataSource.getConnection();
                Statement statement = holder.createStatement()) {
            holder.setAutoCommit(false);
            statement.execute("lock table events_20240504 in access exclusive mode");
            for (int i = 0; i < 12; i++) { // past the driver's and the server's thresholds for prepared plans
                assertThat(reads.find(wanted.id(), CLIENT)).get().isEqualTo(wanted);
                assertThat(reads.find(wanted.id(), null)).get().isEqualTo(wanted);
            }
            assertThat(reads.find(UUID.randomUUID(), CLIENT)).isEmpty();
            holder.rollback();
        }
    }

    @Test
    void theMigrationKeepsEveryRowWithItsPositionAndTakesTheIds() {
        TestStores.migrate(dataSource, "18");
        List<Instant> timestamps =
                List.of(Instant.parse("2001-09-09T01:46:40Z"), NOW.minus(30, ChronoUnit.DAYS), NOW, NOW.plusSeconds(5));
        for (Instant timestamp : timestamps) {
            jdbc.sql("insert into events (id, client_id, session_id, category, name, data, \"timestamp\","
                            + " received_at) values (?, ?, 's', 'c', 'n', '{}', ?, ?)")
                    .params(UUID.randomUUID(), CLIENT, at(timestamp), at(NOW))
                    .update();
        }
        List<Map<String, Object>> before = positions();

        TestStores.migrate(dataSource, "latest");

        assertThat(positions()).isEqualTo(before);
        assertThat(jdbc.sql("select count(*) from event_ids").query(Long.class).single())
                .isEqualTo(4);
        assertThat(partitions()).contains("events_20010909");
        Event next = event(UUID.randomUUID(), NOW);
        store(next);
        long lastBefore = (Long) before.getLast().get("seq");
        assertThat(jdbc.sql("select seq from events where id = ?")
                        .param(next.id())
                        .query(Long.class)
                        .single())
                .isGreaterThan(lastBefore);
        // An id stored before the migration is still stored once, whatever the timestamp it comes back with.
        UUID old = (UUID) before.getFirst().get("id");
        store(event(old, NOW.minus(2, ChronoUnit.DAYS)));
        assertThat(jdbc.sql("select count(*) from events where id = ?")
                        .param(old)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    private List<Map<String, Object>> positions() {
        return jdbc.sql("select id, cast(xid as text) as xid, seq, \"timestamp\" from events order by xid, seq")
                .query()
                .listOfRows();
    }

    private EventReads reads(Duration timeout) {
        return TestStores.eventReads(dataSource, timeout);
    }

    private List<String> partitions() {
        return jdbc.sql("select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid"
                        + " where i.inhparent = cast('events' as regclass) order by 1")
                .query(String.class)
                .list();
    }

    private Instant timestampOf(UUID id) {
        return jdbc.sql("select \"timestamp\" from events where id = ?")
                .param(id)
                .query((rs, n) -> SqlDialect.POSTGRESQL.instant(rs, 1))
                .single();
    }

    private void store(Event... events) {
        store.store(List.of(new IngestBatch(List.of(events), List.of())));
    }

    private static Object at(Instant instant) {
        return SqlDialect.POSTGRESQL.timestamp(instant);
    }

    static Event event(UUID id, Instant timestamp) {
        return new Event(id, CLIENT, "session", "page", "view", "{}", timestamp, NOW);
    }
}
