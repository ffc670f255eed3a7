package io.theeye.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.event.Event;
import io.theeye.event.IngestBatch;
import io.theeye.support.TestDatabases;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

class PostgresEventStoreTests extends EventStoreTestCases {

    private static final UUID CLIENT = UUID.randomUUID();
    private static final Instant DAY = Instant.parse("2026-03-04T05:06:07.123456Z");

    @Override
    HikariDataSource newDatabase() {
        return TestStores.migrated(
                TestDatabases.newPostgresSchemaUrl(), TestDatabases.POSTGRES_USER, TestDatabases.POSTGRES_PASSWORD);
    }

    /**
     * Groups are staged in a temporary table of the connection's session (EventInserts#copied): whatever became of it
     * since the last group (made in a group rolled back, holding a failed group's rows, dropped by a pooler's reset),
     * each group stores its own events once, and only those.
     */
    @Test
    void storesEachGroupOnceOnOneConnectionWhateverBecameOfItsStagingTable() {
        HikariDataSource migrated = dataSource();
        try (HikariDataSource one = oneConnection(migrated)) {
            EventStore store = TestStores.eventStore(one);
            Event a = event(UUID.randomUUID(), DAY);
            Event b = event(UUID.randomUUID(), DAY);
            Event c = event(UUID.randomUUID(), DAY);

            assertThatThrownBy(() -> store.store(batch(event(UUID.randomUUID(), DAY), tooLong())))
                    .isInstanceOf(DataAccessException.class);
            store.store(batch(a));
            assertThatThrownBy(() -> store.store(batch(event(UUID.randomUUID(), DAY), tooLong())))
                    .isInstanceOf(DataAccessException.class);
            store.store(batch(b, event(a.id(), DAY.plusSeconds(86_400))));
            JdbcClient.create(one).sql("discard temporary").update();
            store.store(batch(c, a));

            JdbcClient jdbc = JdbcClient.create(migrated);
            Map<UUID, Instant> stored = jdbc
                    .sql("select id, \"timestamp\" from events")
                    .query((rs, n) -> Map.entry(rs.getObject(1, UUID.class), SqlDialect.POSTGRESQL.instant(rs, 2)))
                    .list()
                    .stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            assertThat(stored).isEqualTo(Map.of(a.id(), DAY, b.id(), DAY, c.id(), DAY));
            assertThat(jdbc.sql("select sum(n) from event_counts_minute")
                            .query(Long.class)
                            .single())
                    .isEqualTo(3);
        }
    }

    private static HikariDataSource oneConnection(HikariDataSource migrated) {
        HikariDataSource one = new HikariDataSource();
        one.setJdbcUrl(migrated.getJdbcUrl());
        one.setUsername(migrated.getUsername());
        one.setPassword(migrated.getPassword());
        one.setMaximumPoolSize(1);
        return one;
    }

    private static List<IngestBatch> batch(Event... events) {
        return List.of(new IngestBatch(List.of(events), List.of()));
    }

    /** An event the database refuses once staged: its session is longer than the column's 128 characters. */
    private static Event tooLong() {
        return new Event(UUID.randomUUID(), CLIENT, "s".repeat(300), "c", "n", "{}", DAY, DAY);
    }

    private static Event event(UUID id, Instant timestamp) {
        return new Event(id, CLIENT, "session", "category", "name", "{\"k\": \"v\"}", timestamp, DAY);
    }
}
