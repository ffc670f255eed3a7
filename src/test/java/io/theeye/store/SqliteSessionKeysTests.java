package io.theeye.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.event.Event;
import io.theeye.event.EventFilter;
import io.theeye.event.IngestBatch;
import io.theeye.support.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * SQLite numbers sessions (V30, {@link SessionKeys}): the group commit gives each event its session's number, reads of
 * a session go through it and its index, and a session's row goes with its last event.
 */
class SqliteSessionKeysTests {

    private static final Instant AT = Instant.parse("2026-12-01T10:00:00Z");
    private static final UUID SHOP = UUID.randomUUID();
    private static final UUID BLOG = UUID.randomUUID();

    private final HikariDataSource database = TestStores.migrated(TestDatabases.newSqliteUrl(), "", "");
    private final JdbcClient jdbc = JdbcClient.create(database);
    private final EventStore store = TestStores.eventStore(database);

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void numbersEachSessionOfEachClientOnceAndReadsASessionThroughItsNumber() {
        store(event(SHOP, "s-1", 0), event(SHOP, "s-2", 1), event(BLOG, "s-1", 2));
        store(event(SHOP, "s-1", 3), event(BLOG, "s-3", 4));

        assertThat(jdbc.sql("select client_id, session_id, k from sessions order by k")
                        .query((rs, n) -> SqlDialect.SQLITE.uuid(rs, 1) + "/" + rs.getString(2) + "/" + rs.getLong(3))
                        .list())
                .as("numbered as first seen, one number per client and session")
                .containsExactly(SHOP + "/s-1/1", SHOP + "/s-2/2", BLOG + "/s-1/3", BLOG + "/s-3/4");
        assertThat(jdbc.sql("select count(*) from events e join sessions s on s.k = e.session_key"
                                + " where s.client_id = e.client_id and s.session_id = e.session_id")
                        .query(Integer.class)
                        .single())
                .isEqualTo(5);

        assertThat(read(EventFilter.session(SHOP, "s-1")))
                .extracting(Event::timestamp)
                .containsExactly(AT, AT.plusSeconds(3));
        assertThat(read(EventFilter.session(BLOG, "s-1")))
                .extracting(Event::timestamp)
                .containsExactly(AT.plusSeconds(2));
        assertThat(read(EventFilter.session(BLOG, "s-2"))).isEmpty();
        assertThat(read(new EventFilter(null, "s-1", null, null, null, null)))
                .as("a session id across clients, for a reader of every client")
                .hasSize(3);
        assertThat(reads().session(SHOP, "s-1"))
                .hasValueSatisfying(summary -> assertThat(summary.events()).isEqualTo(2));
    }

    @Test
    void aSessionsEventsAreReadThroughItsIndexWhateverElseTheFilterNames() {
        store(event(SHOP, "s-1", 0));
        for (EventFilter filter : List.of(
                EventFilter.session(SHOP, "s-1"),
                new EventFilter(SHOP, "s-1", "page", null, null, null),
                new EventFilter(SHOP, "s-1", null, null, AT, AT.plusSeconds(60)))) {
            Map<String, Object> params = new LinkedHashMap<>();
            String sql = "explain query plan select seq from events where "
                    + Conditions.events(filter, params, SqlDialect.SQLITE) + " order by \"timestamp\", id";
            List<String> plan = new ArrayList<>();
            jdbc.sql(sql).params(params).query(rs -> {
                plan.add(rs.getString("detail"));
            });
            assertThat(plan)
                    .as("%s: %s", filter, plan)
                    .anySatisfy(step -> assertThat(step).contains("INDEX events_session_time (session_key=?"))
                    .noneSatisfy(step -> assertThat(step).contains("TEMP B-TREE"));
        }
    }

    @Test
    void aSessionsRowGoesWithItsLastEventAndComesBackWithANewOne() {
        store(event(SHOP, "s-1", 0), event(SHOP, "s-1", 1), event(SHOP, "s-2", 2));

        jdbc.sql("delete from events where session_id = 's-1' and \"timestamp\" = ?")
                .param(SqlDialect.SQLITE.timestamp(AT))
                .update();
        assertThat(sessions()).as("one event of s-1 left").containsExactly("s-1", "s-2");

        jdbc.sql("delete from events where session_id = 's-1'").update();
        assertThat(sessions()).containsExactly("s-2");

        store(event(SHOP, "s-1", 5));
        assertThat(sessions()).containsExactly("s-2", "s-1");
        assertThat(read(EventFilter.session(SHOP, "s-1")))
                .extracting(Event::timestamp)
                .containsExactly(AT.plusSeconds(5));
    }

    @Test
    void aResentEventIsStoredOnceAndItsSessionKeepsItsNumber() {
        Event first = event(SHOP, "s-1", 0);
        store(first);
        store(first, event(SHOP, "s-1", 1));

        assertThat(sessions()).containsExactly("s-1");
        assertThat(read(EventFilter.session(SHOP, "s-1"))).hasSize(2);
    }

    @Test
    void aResentEventUnderASessionIdNotSeenBeforeLeavesNoSessionBehind() {
        Event first = event(SHOP, "s-1", 0);
        store(first);

        store(underSession(first, "s-2"), event(SHOP, "s-3", 1));
        assertThat(sessions()).as("s-2's only event was a resend").containsExactly("s-1", "s-3");

        store(underSession(first, "s-4"), event(SHOP, "s-4", 2));
        assertThat(sessions()).as("s-4 has an event of its own").containsExactly("s-1", "s-3", "s-4");
        assertThat(read(EventFilter.session(SHOP, "s-1"))).extracting(Event::id).containsExactly(first.id());
        assertThat(read(EventFilter.session(SHOP, "s-4")))
                .extracting(Event::timestamp)
                .containsExactly(AT.plusSeconds(2));
    }

    private static Event underSession(Event event, String session) {
        return new Event(
                event.id(),
                event.clientId(),
                session,
                event.category(),
                event.name(),
                event.data(),
                event.timestamp(),
                event.receivedAt());
    }

    private List<String> sessions() {
        return jdbc.sql("select session_id from sessions order by k")
                .query(String.class)
                .list();
    }

    private void store(Event... events) {
        store.store(List.of(new IngestBatch(List.of(events), List.of())));
    }

    private static Event event(UUID client, String session, int second) {
        Instant at = AT.plusSeconds(second);
        return new Event(UUID.randomUUID(), client, session, "page", "view", "{}", at, at);
    }

    private List<Event> read(EventFilter filter) {
        List<Event> events = new ArrayList<>();
        reads().page(filter, null, false, 100, events::add);
        return events;
    }

    private EventReads reads() {
        return TestStores.eventReads(database, Duration.ofSeconds(10));
    }
}
