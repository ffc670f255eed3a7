package io.theeye.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.event.Event;
import io.theeye.event.EventFilter;
import io.theeye.event.IngestBatch;
import io.theeye.support.TestDatabases;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each session's first and last day on PostgreSQL (V28, {@link SessionDays}): kept by the insert, read by a session's
 * pages and summary to open only those days' partitions, taken out by expiry.
 */
class PostgresSessionDaysTests {

    private static final Instant DAY_1 = Instant.parse("2025-03-01T00:00:00Z");
    private static final UUID A = UUID.randomUUID();
    private static final UUID B = UUID.randomUUID();

    private HikariDataSource dataSource;
    private JdbcClient jdbc;
    private EventStore store;
    private EventReads reads;

    @BeforeEach
    void setUp() {
        dataSource = TestStores.migrated(
                TestDatabases.newPostgresSchemaUrl(), TestDatabases.POSTGRES_USER, TestDatabases.POSTGRES_PASSWORD);
        jdbc = JdbcClient.create(dataSource);
        store = TestStores.eventStore(dataSource);
        for (UUID client : List.of(A, B)) {
            jdbc.sql("insert into clients (client_id, name, secret_key, created_at) values (?, ?, 'secret', now())")
                    .params(client, client.toString())
                    .update();
        }
        // Long enough for any read here; a read that waited for a lock on another day would end at it and fail.
        reads = TestStores.eventReads(dataSource, Duration.ofSeconds(2));
    }

    @AfterEach
    void tearDown() {
        dataSource.close();
    }

    @Test
    void aSessionsPagesAcrossDaysAreExactInBothOrdersWithCursors() {
        List<Event> session = new ArrayList<>();
        for (int day = 0; day < 5; day++) {
            for (int i = 0; i < 3; i++) {
                session.add(event(A, "s", day(day).plus(i * 7L, ChronoUnit.HOURS)));
            }
        }
        // Two events at one instant: the id orders them.
        session.add(event(A, "s", day(2).plusSeconds(5)));
        session.add(event(A, "s", day(2).plusSeconds(5)));
        store(session.subList(0, 9));
        store(session.subList(9, session.size()));
        // The same session id of another client, another session of the same client, on these days and others.
        store(event(B, "s", day(1)), event(A, "other", day(3)), event(A, "other", day(9)), event(B, "s", day(12)));

        List<Event> ascending = session.stream()
                .sorted(Comparator.comparing(Event::timestamp).thenComparing(e -> e.id().toString()))
                .toList();
        assertThat(allPages(EventFilter.session(A, "s"), false, 4)).isEqualTo(ascending);
        assertThat(allPages(EventFilter.session(A, "s"), true, 4)).isEqualTo(ascending.reversed());
        // Every client's (a client reading all): both sessions of that id, the other client's last day included.
        assertThat(allPages(EventFilter.session(null, "s"), false, 5)).hasSize(session.size() + 2);
        // Half a time range of its own: the session's days give the other half.
        EventFilter from = new EventFilter(A, "s", null, null, day(3), null);
        assertThat(allPages(from, false, 2))
                .isEqualTo(ascending.stream()
                        .filter(e -> !e.timestamp().isBefore(day(3)))
                        .toList());
        assertThat(reads.session(A, "s")).hasValueSatisfying(summary -> {
            assertThat(summary.first()).isEqualTo(ascending.getFirst().timestamp());
            assertThat(summary.last()).isEqualTo(ascending.getLast().timestamp());
            assertThat(summary.events()).isEqualTo(session.size());
        });
        assertThat(reads.session(A, "none")).isEmpty();
        assertThat(page(EventFilter.session(A, "none"), null, false, 10)).isEmpty();
    }

    @Test
    void aSessionsReadsOpenOnlyItsDays() throws SQLException {
        store(event(A, "s", day(1)), event(A, "s", day(2)), event(A, "other", day(5)));
        // Another day's partition held by a DDL lock: a read that opened every partition would wait for it and fail
        // at the read's timeout.
        try (Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (Statement statement = holder.createStatement()) {
                statement.execute("lock table events_20250306 in access exclusive mode");
            }
            try {
                assertThat(page(EventFilter.session(A, "s"), null, false, 10)).hasSize(2);
                assertThat(page(EventFilter.session(A, "s"), null, true, 10)).hasSize(2);
                assertThat(reads.session(A, "s"))
                        .hasValueSatisfying(s -> assertThat(s.events()).isEqualTo(2));
                assertThat(reads.newest(EventFilter.session(A, "s"), null, 10)).hasSize(2);
                List<Event> exported = new ArrayList<>();
                reads.export(EventFilter.session(A, "s"), false, exported::add);
                assertThat(exported).hasSize(2);
            } finally {
                holder.rollback();
            }
        }
    }

    @Test
    void eventsOnEarlierAndLaterDaysWidenTheRangeAndEventsWithinItWriteNothing() {
        store(event(A, "s", day(5).plusSeconds(10)));
        assertThat(range(A, "s")).isEqualTo(List.of(day(5), day(5)));
        String version = rowVersion(A, "s");

        store(event(A, "s", day(5).plus(20, ChronoUnit.HOURS)), event(A, "other", day(5)));
        assertThat(rowVersion(A, "s")).as("neither written nor locked").isEqualTo(version);

        store(event(A, "s", day(2).plusSeconds(3)));
        assertThat(range(A, "s")).isEqualTo(List.of(day(2), day(5)));
        store(event(A, "s", day(8).plusSeconds(3)), event(A, "s", day(1)));
        assertThat(range(A, "s")).isEqualTo(List.of(day(1), day(8)));

        assertThat(page(EventFilter.session(A, "s"), null, false, 10))
                .extracting(Event::timestamp)
                .containsExactly(
                        day(1),
                        day(2).plusSeconds(3),
                        day(5).plusSeconds(10),
                        day(5).plus(20, ChronoUnit.HOURS),
                        day(8).plusSeconds(3));
        assertThat(reads.session(A, "s")).hasValueSatisfying(summary -> {
            assertThat(summary.first()).isEqualTo(day(1));
            assertThat(summary.last()).isEqualTo(day(8).plusSeconds(3));
        });
    }

    @Test
    void anEventSentAgainStoresNothingAndWidensNothing() {
        Event sent = event(A, "s", day(3));
        store(sent);
        Event again = new Event(sent.id(), A, "s", "page", "view", "{}", day(9), day(9));
        store(again);
        store(again, event(A, "s", day(3).plusSeconds(1)));

        assertThat(range(A, "s")).isEqualTo(List.of(day(3), day(3)));
        assertThat(page(EventFilter.session(A, "s"), null, false, 10))
                .extracting(Event::timestamp)
                .containsExactly(day(3), day(3).plusSeconds(1));
    }

    @Test
    void expiryTakesOutTheSessionsWhoseDaysHaveAllExpired() {
        store(event(A, "gone", day(0)), event(A, "gone", day(1).plusSeconds(5)));
        store(event(A, "kept", day(0)), event(A, "kept", day(2).plusSeconds(5)));
        store(event(B, "gone", day(0)), event(B, "kept", day(2)), event(B, "later", day(4)));
        PostgresEventExpiry expiry = new PostgresEventExpiry(
                jdbc,
                new TransactionTemplate(new JdbcTransactionManager(dataSource)),
                new Rollups(SqlDialect.POSTGRESQL),
                store.partitions());

        // Everyone keeps from day 2 on; B, by its own retention, from the middle of day 3 on.
        expiry.expire(new EventExpiry.Plan(
                Optional.of(day(2)), Map.of(B, day(3).plus(12, ChronoUnit.HOURS)), Optional.empty()));

        assertThat(sessions()).containsExactlyInAnyOrder(Map.entry(A, "kept"), Map.entry(B, "later"));
        // What is left still reads whole; the range kept from before is only wider than its events.
        assertThat(page(EventFilter.session(A, "kept"), null, false, 10))
                .extracting(Event::timestamp)
                .containsExactly(day(2).plusSeconds(5));
        assertThat(reads.session(B, "kept")).isEmpty();
    }

    @Test
    void theMigrationFillsTheRangesFromTheEvents() {
        try (HikariDataSource old = TestStores.unmigrated(
                TestDatabases.newPostgresSchemaUrl(), TestDatabases.POSTGRES_USER, TestDatabases.POSTGRES_PASSWORD)) {
            TestStores.migrate(old, "27");
            JdbcClient oldJdbc = JdbcClient.create(old);
            oldJdbc.sql("insert into clients (client_id, name, secret_key, created_at) values (?, 'a', 'x', now())")
                    .param(A)
                    .update();
            for (Instant timestamp : List.of(day(4).plusSeconds(1), day(1).plus(23, ChronoUnit.HOURS), day(2))) {
                oldJdbc.sql("select events_partition_create(cast(? as date))")
                        .param(timestamp.toString().substring(0, 10))
                        .query()
                        .singleRow();
                oldJdbc.sql("insert into events (id, client_id, session_id, category, name, data, \"timestamp\","
                                + " received_at) values (?, ?, 's', 'c', 'n', '{}', ?, ?)")
                        .params(UUID.randomUUID(), A, at(timestamp), at(timestamp))
                        .update();
            }

            TestStores.migrate(old, "latest");

            assertThat(oldJdbc.sql("select first_day, last_day from session_days where client_id = ?")
                            .param(A)
                            .query((rs, n) ->
                                    List.of(SqlDialect.POSTGRESQL.instant(rs, 1), SqlDialect.POSTGRESQL.instant(rs, 2)))
                            .list())
                    .containsExactly(List.of(day(1), day(4)));
        }
    }

    private List<Event> allPages(EventFilter filter, boolean descending, int limit) {
        List<Event> all = new ArrayList<>();
        EventKeyset after = null;
        while (true) {
            List<Event> page = page(filter, after, descending, limit);
            all.addAll(page.subList(0, Math.min(limit, page.size())));
            if (page.size() <= limit) {
                return all;
            }
            after = EventKeyset.of(page.get(limit - 1));
        }
    }

    private List<Event> page(EventFilter filter, EventKeyset after, boolean descending, int limit) {
        List<Event> page = new ArrayList<>();
        reads.page(filter, after, descending, limit, page::add);
        return page;
    }

    private List<Instant> range(UUID client, String session) {
        return jdbc.sql("select first_day, last_day from session_days where client_id = ? and session_id = ?")
                .params(client, session)
                .query((rs, n) -> List.of(SqlDialect.POSTGRESQL.instant(rs, 1), SqlDialect.POSTGRESQL.instant(rs, 2)))
                .single();
    }

    /** The row's version and lock: the one that wrote it, and any that updated or locked it since. */
    private String rowVersion(UUID client, String session) {
        return jdbc.sql("select cast(xmin as text) || '/' || cast(xmax as text) from session_days"
                        + " where client_id = ? and session_id = ?")
                .params(client, session)
                .query(String.class)
                .single();
    }

    private List<Map.Entry<UUID, String>> sessions() {
        return jdbc.sql("select client_id, session_id from session_days")
                .query((rs, n) -> Map.entry(SqlDialect.POSTGRESQL.uuid(rs, 1), rs.getString(2)))
                .list();
    }

    private void store(Event... events) {
        store(List.of(events));
    }

    private void store(List<Event> events) {
        store.store(List.of(new IngestBatch(events, List.of())));
    }

    private static Instant day(int n) {
        return DAY_1.plus(n, ChronoUnit.DAYS);
    }

    private static Event event(UUID client, String session, Instant timestamp) {
        return new Event(UUID.randomUUID(), client, session, "page", "view", "{}", timestamp, timestamp);
    }

    private static Object at(Instant instant) {
        return SqlDialect.POSTGRESQL.timestamp(instant);
    }
}
