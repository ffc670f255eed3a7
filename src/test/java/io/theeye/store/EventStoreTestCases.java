package io.theeye.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.event.Event;
import io.theeye.event.FieldError;
import io.theeye.event.IngestBatch;
import io.theeye.event.RejectedEvent;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/** What {@link EventStore} promises, on each database it supports; each subclass names the database. */
abstract class EventStoreTestCases {

    private static final UUID CLIENT = UUID.randomUUID();
    private static final Instant RECEIVED = Instant.parse("2026-01-02T03:04:05.123456Z");

    private HikariDataSource dataSource;
    private EventStore store;
    private JdbcClient jdbc;
    private SqlDialect dialect;

    abstract HikariDataSource newDatabase();

    @BeforeEach
    void setUp() {
        dataSource = newDatabase();
        store = TestStores.eventStore(dataSource);
        jdbc = JdbcClient.create(dataSource);
        dialect = SqlDialect.forUrl(dataSource.getJdbcUrl());
    }

    @AfterEach
    void tearDown() {
        dataSource.close();
    }

    @Test
    void storesEveryFieldToTheMicrosecond() {
        Event event = event(UUID.randomUUID(), "{\"path\": \"/caf\u00e9\", \"n\": [1, 2.5, null, true]}");

        store.store(List.of(new IngestBatch(List.of(event), List.of())));

        Event stored = jdbc.sql("select id, client_id, session_id, category, name, data, \"timestamp\", received_at"
                        + " from events where id = ?")
                .param(dialect.uuid(event.id()))
                .query((rs, n) -> new Event(
                        dialect.uuid(rs, 1),
                        dialect.uuid(rs, 2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        dialect.instant(rs, 7),
                        dialect.instant(rs, 8)))
                .single();
        assertThat(stored).usingRecursiveComparison().ignoringFields("data").isEqualTo(event);
        JsonMapper json = JsonMapper.builder().build();
        assertThat(json.readTree(stored.data())).isEqualTo(json.readTree(event.data()));
    }

    @Test
    void storesTheTimestampAsSentOfACorrectedEventToTheMicrosecondAndNullForOthers() {
        Instant sent = Instant.parse("2026-01-02T03:04:08.654321Z");
        Event corrected = new Event(UUID.randomUUID(), CLIENT, "s", "c", "n", "{}", RECEIVED, RECEIVED, null, sent);
        Event uncorrected = event(UUID.randomUUID(), "{}");

        store.store(List.of(new IngestBatch(List.of(corrected, uncorrected), List.of())));

        assertThat(originalTimestamp(corrected.id())).containsExactly(sent);
        assertThat(originalTimestamp(uncorrected.id())).containsExactly((Instant) null);
    }

    private List<Instant> originalTimestamp(UUID id) {
        return jdbc.sql("select original_timestamp from events where id = ?")
                .param(dialect.uuid(id))
                .query((rs, n) -> dialect.instant(rs, 1))
                .list();
    }

    @Test
    void stores128CharactersOutsideTheBasicMultilingualPlane() {
        String emoji = "\uD83D\uDE00".repeat(128);
        Event event = new Event(UUID.randomUUID(), CLIENT, emoji, emoji, emoji, "{}", RECEIVED, RECEIVED);

        store.store(List.of(new IngestBatch(List.of(event), List.of())));

        assertThat(jdbc.sql("select session_id from events").query(String.class).single())
                .isEqualTo(emoji);
    }

    @Test
    void storesAnEventIdOnceHoweverOftenItComes() {
        UUID id = UUID.randomUUID();
        IngestBatch batch = new IngestBatch(List.of(event(id, "{}"), event(id, "{}")), List.of());

        store.store(List.of(batch, batch));
        store.store(List.of(batch));

        assertThat(count("events")).isEqualTo(1);
    }

    @Test
    void storesTheSameIdOnceForEachClientThatSendsIt() {
        UUID id = UUID.randomUUID();
        Event mine = event(id, "{}");
        Event theirs = new Event(id, UUID.randomUUID(), "other", "c", "n", "{}", RECEIVED, RECEIVED);

        store.store(List.of(new IngestBatch(List.of(mine, theirs), List.of())));

        assertThat(count("events")).isEqualTo(2);
    }

    @Test
    void storesRejectedEventsWithTheirErrors() {
        RejectedEvent rejected = new RejectedEvent(
                CLIENT, RECEIVED, "{\"name\": 5}", List.of(new FieldError("name", "must be a string")));

        store.store(List.of(new IngestBatch(List.of(), List.of(rejected))));

        String errors = jdbc.sql("select errors from rejected_events where client_id = ?")
                .param(dialect.uuid(CLIENT))
                .query(String.class)
                .single();
        assertThat(JsonMapper.builder()
                        .build()
                        .readTree(errors)
                        .get(0)
                        .get("message")
                        .stringValue())
                .isEqualTo("must be a string");
    }

    @Test
    void keepsAllOfAGroupOrNoneOfIt() {
        Event good = event(UUID.randomUUID(), "{}");
        Event tooLong = new Event(UUID.randomUUID(), CLIENT, "s".repeat(300), "c", "n", "{}", RECEIVED, RECEIVED);

        assertThatThrownBy(() -> store.store(List.of(
                        new IngestBatch(List.of(good), List.of()), new IngestBatch(List.of(tooLong), List.of()))))
                .isInstanceOf(DataAccessException.class);

        assertThat(count("events")).isZero();
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    private static Event event(UUID id, String data) {
        return new Event(
                id,
                CLIENT,
                "session",
                "category",
                "name",
                data,
                Instant.parse("2021-01-01T09:15:27.243860Z"),
                RECEIVED);
    }
}
