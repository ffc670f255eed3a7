package io.theeye.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.event.Event;
import io.theeye.event.IngestBatch;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@link EventFeed} and {@link EventPosition} promise, on each database: every event after a position, in the
 * order of positions, each once, page after page, whatever concurrent writers do. Each subclass names the database
 * and shows its own way of keeping concurrent writers from being passed over.
 */
abstract class EventFeedTestCases {

    static final UUID CLIENT = UUID.randomUUID();
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);

    HikariDataSource dataSource;
    EventStore store;
    EventFeed feed;
    SqlDialect dialect;
    JdbcClient jdbc;

    /** A new, empty database's URL, not migrated. */
    abstract String newDatabaseUrl();

    abstract String user();

    abstract String password();

    @BeforeEach
    void setUp() {
        dataSource = TestStores.unmigrated(newDatabaseUrl(), user(), password());
        dialect = SqlDialect.forUrl(dataSource.getJdbcUrl());
        store = TestStores.eventStore(dataSource);
        feed = TestStores.eventFeed(dataSource);
        jdbc = JdbcClient.create(dataSource);
    }

    @AfterEach
    void tearDown() {
        dataSource.close();
    }

    @Test
    void readsEveryEventAfterAPositionOnceInTheOrderTheyWereCommittedPageByPage() {
        TestStores.migrate(dataSource, "latest");
        List<String> stored = new ArrayList<>();
        for (int transaction = 0; transaction < 4; transaction++) {
            List<Event> events = IntStream.range(0, 3)
                    .mapToObj(i -> event("e" + stored.size() + i))
                    .toList();
            store.store(List.of(new IngestBatch(events, List.of())));
            events.forEach(e -> stored.add(e.name()));
        }

        List<EventFeed.Page> pages = new ArrayList<>();
        EventPosition position = EventPosition.START;
        do {
            pages.add(feed.after(position, 5));
            assertThat(pages.getLast().last()).isGreaterThanOrEqualTo(position);
            position = pages.getLast().last();
        } while (!pages.getLast().events().isEmpty());

        assertThat(pages.stream().map(page -> page.events().size())).containsExactly(5, 5, 2, 0);
        assertThat(names(pages)).containsExactlyElementsOf(stored);
        assertThat(feed.after(position, 5).events()).isEmpty();
        assertThat(feed.after(position, 5).last()).isEqualTo(position);
    }

    @Test
    void readsARangeAgainExactlyPageByPageAndCountsWhatWaitsAfterAPosition() {
        TestStores.migrate(dataSource, "latest");
        for (int transaction = 0; transaction < 3; transaction++) {
            List<Event> events =
                    IntStream.range(0, 4).mapToObj(i -> event("r" + i)).toList();
            store.store(List.of(new IngestBatch(events, List.of())));
        }
        EventFeed.Page first = feed.after(EventPosition.START, 6);
        EventPosition end = first.last();

        List<Event> again = new ArrayList<>();
        EventPosition position = EventPosition.START;
        while (position.compareTo(end) < 0) {
            EventFeed.Page page = feed.between(position, end, 4);
            assertThat(page.events()).hasSizeLessThanOrEqualTo(4);
            again.addAll(page.events());
            position = page.last();
        }

        assertThat(again)
                .extracting(Event::id)
                .containsExactlyElementsOf(
                        first.events().stream().map(Event::id).toList());
        assertThat(position).isEqualTo(end);
        assertThat(feed.between(end, end, 4).events()).isEmpty();
        assertThat(feed.countAfter(EventPosition.START, 100)).isEqualTo(12);
        assertThat(feed.countAfter(end, 100)).isEqualTo(6);
        assertThat(feed.countAfter(EventPosition.START, 5))
                .as("counted no further than asked")
                .isEqualTo(5);
    }

    @Test
    void readsBackEveryFieldOfAnEvent() {
        TestStores.migrate(dataSource, "latest");
        Instant sent = NOW.minusSeconds(3600);
        Event full = new Event(
                UUID.randomUUID(),
                CLIENT,
                "s-1",
                "c",
                "n",
                "{\"path\": \"/caf\u00e9\", \"n\": [1, 2.5]}",
                NOW,
                NOW,
                7,
                sent);
        Event bare = event("bare");

        store.store(List.of(new IngestBatch(List.of(full, bare), List.of())));

        List<Event> read = feed.after(EventPosition.START, 10).events();
        assertThat(read).hasSize(2);
        assertThat(read.get(0))
                .usingRecursiveComparison()
                .ignoringFields("data")
                .isEqualTo(full);
        JsonMapper json = JsonMapper.builder().build();
        assertThat(json.readTree(read.get(0).data())).isEqualTo(json.readTree(full.data()));
        assertThat(read.get(1))
                .usingRecursiveComparison()
                .ignoringFields("data")
                .isEqualTo(bare);
    }

    @Test
    void theEndIsAfterEverythingStoredAndBeforeWhatIsStoredNext() {
        TestStores.migrate(dataSource, "latest");
        assertThat(feed.after(feed.end(), 10).events()).isEmpty();
        store(event("before"));

        EventPosition end = feed.end();
        store(event("after"));

        assertThat(names(List.of(feed.after(end, 10)))).containsExactly("after");
    }

    @Test
    void eventsStoredBeforePositionsExistedComeFirstInTheOrderTheyWereStored() {
        TestStores.migrate(dataSource, "14");
        storeAsAnOldRelease(event("old 1"));
        storeAsAnOldRelease(event("old 2"), event("old 3"));

        TestStores.migrate(dataSource, "latest");
        store(event("new 1"));

        assertThat(names(List.of(feed.after(EventPosition.START, 10))))
                .containsExactly("old 1", "old 2", "old 3", "new 1");
        assertThat(count()).isEqualTo(4);
        // The event id is still unique within its client: a retry stores nothing.
        Event retried = event("retried");
        store(retried);
        store(retried);
        assertThat(count()).isEqualTo(5);
    }

    @Test
    void aRolledBackTransactionShowsNothingAndHoldsNoReaderBack() throws SQLException {
        TestStores.migrate(dataSource, "latest");
        try (Connection rolledBack = transaction()) {
            insert(rolledBack, event("rolled back"));
            rolledBack.rollback();
        }
        store(event("kept"));

        assertThat(names(List.of(feed.after(EventPosition.START, 10)))).containsExactly("kept");
    }

    /** Reads every page after the position: what a follower reading now would take. */
    EventFeed.Page readAll(EventPosition from) {
        List<Event> events = new ArrayList<>();
        EventPosition position = from;
        EventFeed.Page page;
        do {
            page = feed.after(position, 2);
            events.addAll(page.events());
            position = page.last();
        } while (!page.events().isEmpty());
        return new EventFeed.Page(events, position);
    }

    /** A connection of the pool in a transaction of its own, as a writer's. */
    Connection transaction() throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        return connection;
    }

    /** Inserts as the service's writers do, inside the connection's transaction. */
    void insert(Connection connection, Event... events) {
        dialect.insertEvents(new JdbcTemplate(new SingleConnectionDataSource(connection, true)), List.of(events));
    }

    /** Inserts with a statement that a schema of before positions and partitions takes. */
    void storeAsAnOldRelease(Event... events) {
        for (Event event : events) {
            jdbc.sql("insert into events (id, client_id, session_id, category, name, data, \"timestamp\", received_at)"
                            + " values (?, ?, ?, ?, ?, " + dialect.jsonParameter() + ", ?, ?)")
                    .params(
                            oldId(event.id()),
                            oldId(event.clientId()),
                            event.sessionId(),
                            event.category(),
                            event.name(),
                            event.data(),
                            dialect.timestamp(event.timestamp()),
                            dialect.timestamp(event.receivedAt()))
                    .update();
        }
    }

    /** An id as releases before V29 bound it: on SQLite, its text. */
    private Object oldId(UUID id) {
        return dialect == SqlDialect.SQLITE ? id.toString() : dialect.uuid(id);
    }

    long sequenceOf(Event event) {
        return jdbc.sql("select seq from events where id = ?")
                .param(dialect.uuid(event.id()))
                .query(Long.class)
                .single();
    }

    void store(Event... events) {
        store.store(List.of(new IngestBatch(List.of(events), List.of())));
    }

    long count() {
        return jdbc.sql("select count(*) from events").query(Long.class).single();
    }

    static List<String> names(List<EventFeed.Page> pages) {
        return pages.stream()
                .flatMap(page -> page.events().stream())
                .map(Event::name)
                .toList();
    }

    static Event event(String name) {
        return event("c", name);
    }

    /**
     * Writers whose transactions are open at once need events of categories and sessions of their own: the second
     * would wait for the first at their category's counts ({@link Rollups}), or at a new session's days on PostgreSQL
     * ({@link SessionDays}), until it commits. The session is named after the category.
     */
    static Event event(String category, String name) {
        return new Event(UUID.randomUUID(), CLIENT, "s-" + category, category, name, "{}", NOW, NOW);
    }
}
