package io.theeye.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.event.EpochMicros;
import io.theeye.event.Event;
import io.theeye.event.EventFilter;
import io.theeye.event.IngestBatch;
import io.theeye.support.TestDatabases;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * V29 turns every id SQLite kept as its text into a 16-byte blob: a database an older release left, with rows in
 * every table that holds ids, reads back the same after it, through the stores.
 */
class SqliteBlobIdsMigrationTests {

    private static final Instant AT = Instant.parse("2026-11-30T10:15:30.123456Z");
    private static final SqlDialect DIALECT = SqlDialect.SQLITE;

    private final HikariDataSource database = TestStores.unmigrated(TestDatabases.newSqliteUrl(), "", "");
    private final JdbcClient jdbc = JdbcClient.create(database);

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void keepsEveryRowIdsAndPositionsOfADatabaseWithTextIds() {
        TestStores.migrate(database, "27");
        UUID shop = UUID.randomUUID();
        UUID blog = UUID.randomUUID();
        client(shop, "shop");
        client(blog, "blog");
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            event(id, i % 3 == 0 ? blog : shop, i % 2 == 0 ? "page" : "order", AT.plusSeconds(i * 97L));
        }
        // The newest event is deleted: its position stays given.
        UUID deleted = UUID.randomUUID();
        event(deleted, shop, "page", AT);
        long highest = jdbc.sql("select seq from events where id = ?")
                .param(deleted.toString())
                .query(Long.class)
                .single();
        jdbc.sql("delete from events where id = ?").param(deleted.toString()).update();
        List<Long> positions = jdbc.sql("select seq from events order by seq")
                .query(Long.class)
                .list();
        countInRollups();
        jdbc.sql("insert into write_keys (key_id, key_hash, client_id, name, origins, created_at)"
                        + " values ('wk_abcdefgh', 'hash', ?, 'site', '', 0)")
                .param(shop.toString())
                .update();
        UUID rejection = UUID.randomUUID();
        jdbc.sql("insert into rejected_events (client_id, received_at, raw, errors, rejection_id)"
                        + " values (?, 0, '{}', '[]', ?), (null, 1, 'x', '[]', null)")
                .params(shop.toString(), rejection.toString())
                .update();
        jdbc.sql("insert into audit_log (at, actor, action, client_id, details)"
                        + " values (0, 'alice', 'created', ?, ''), (1, 'alice', 'schema_saved', null, '')")
                .param(blog.toString())
                .update();
        jdbc.sql("insert into suppressions (client_id, field, value, created_at, created_by)"
                        + " values (?, 'session_id', '\"s-1\"', 0, 'alice')")
                .param(shop.toString())
                .update();
        UUID token = UUID.randomUUID();
        jdbc.sql("insert into maintenance_locks (name, holder, token, taken_at, lease_until)"
                        + " values ('events', 'expiry', ?, 0, 1)")
                .param(token.toString())
                .update();
        List<String> indexes = indexes();

        TestStores.migrate(database, "latest");

        ClientStore clients = TestStores.clientStore(database, Clock.systemUTC());
        assertThat(clients.findAll()).extracting(ClientStore.Client::clientId).containsExactlyInAnyOrder(shop, blog);
        assertThat(clients.findById(shop))
                .hasValueSatisfying(c -> assertThat(c.name()).isEqualTo("shop"));
        EventFeed feed = TestStores.eventFeed(database);
        List<Event> read = feed.after(EventPosition.START, 100).events();
        assertThat(read).extracting(Event::id).containsExactlyElementsOf(ids);
        assertThat(read).extracting(Event::clientId).allMatch(c -> c.equals(shop) || c.equals(blog));
        assertThat(jdbc.sql("select seq from events order by seq")
                        .query(Long.class)
                        .list())
                .isEqualTo(positions);
        assertThat(jdbc.sql("select id from events order by id")
                        .query((rs, n) -> DIALECT.uuid(rs, 1))
                        .list())
                .as("blobs in the order of the ids' text")
                .containsExactlyElementsOf(ids.stream()
                        .sorted(Comparator.comparing(UUID::toString))
                        .toList());
        assertThat(jdbc.sql("select count(*) from events where typeof(id) <> 'blob' or typeof(client_id) <> 'blob'")
                        .query(Long.class)
                        .single())
                .isZero();

        EventStats stats = TestStores.eventStats(database);
        EventFilter range = new EventFilter(shop, null, null, null, AT, AT.plusSeconds(3 * 3600));
        assertThat(stats.counts(range, Interval.MINUTE, List.of("category"), 1000))
                .isNotEmpty()
                .isEqualTo(stats.rawCounts(range, Interval.MINUTE, List.of("category"), 1000));
        assertThat(stats.count(AT, AT.plusSeconds(3 * 3600))).isEqualTo(30);

        assertThat(TestStores.writeKeyStore(database, Clock.systemUTC()).findByClient(shop))
                .extracting(WriteKeyStore.WriteKey::keyId)
                .containsExactly("wk_abcdefgh");
        assertThat(jdbc.sql("select rejection_id, client_id from rejected_events order by id")
                        .query((rs, n) -> Arrays.asList(DIALECT.uuid(rs, 1), DIALECT.uuid(rs, 2)))
                        .list())
                .containsExactly(List.of(rejection, shop), Arrays.asList(null, null));
        assertThat(TestStores.auditLog(database, Clock.systemUTC()).page(null, 10))
                .extracting(AuditLog.Entry::clientId)
                .containsExactly(null, blog);
        assertThat(jdbc.sql("select client_id from suppressions")
                        .query((rs, n) -> DIALECT.uuid(rs, 1))
                        .single())
                .isEqualTo(shop);
        assertThat(jdbc.sql("select token from maintenance_locks")
                        .query((rs, n) -> DIALECT.uuid(rs, 1))
                        .single())
                .isEqualTo(token);
        // Every index keeps its name, but the session index, which V30 keys by the sessions' numbers.
        List<String> expected = new ArrayList<>(indexes);
        expected.remove("events_client_session_time");
        expected.addAll(List.of("events_session_time", "sessions_client_session"));
        expected.sort(Comparator.naturalOrder());
        assertThat(indexes()).isEqualTo(expected);

        Event later = new Event(UUID.randomUUID(), shop, "s", "page", "view", "{}", AT, AT);
        TestStores.eventStore(database).store(List.of(new IngestBatch(List.of(later), List.of())));
        assertThat(jdbc.sql("select seq from events where id = ?")
                        .param(DIALECT.uuid(later.id()))
                        .query(Long.class)
                        .single())
                .as("a position above every one given before")
                .isGreaterThan(highest);
    }

    /** As an older release stored a client: its id as text. */
    private void client(UUID id, String name) {
        jdbc.sql("insert into clients (client_id, name, secret_key, created_at) values (?, ?, 'secret', 0)")
                .params(id.toString(), name)
                .update();
    }

    private void event(UUID id, UUID client, String category, Instant timestamp) {
        jdbc.sql("insert into events (id, client_id, session_id, category, name, data, \"timestamp\", received_at)"
                        + " values (?, ?, 's', ?, 'view', ?, ?, ?)")
                .params(
                        id.toString(),
                        client.toString(),
                        category,
                        JsonMapper.shared().writeValueAsString(Map.of("n", 1)),
                        EpochMicros.of(timestamp),
                        EpochMicros.of(timestamp))
                .update();
    }

    /** The rollups as the release kept them, counted from the rows as V20 and V27 did. */
    private void countInRollups() {
        jdbc.sql("""
                insert into event_counts_minute (client_id, bucket, category, name, n)
                select client_id, "timestamp" - (("timestamp" % 60000000) + 60000000) % 60000000, category, name,
                       count(*)
                from events group by 1, 2, 3, 4
                """).update();
        for (String size : List.of("hour", "day")) {
            long micros = size.equals("hour") ? 3_600_000_000L : 86_400_000_000L;
            jdbc.sql("insert into event_counts_" + size + " (client_id, bucket, category, name, n)"
                            + " select client_id, bucket - ((bucket % " + micros + ") + " + micros + ") % " + micros
                            + ", category, name, sum(n) from event_counts_minute group by 1, 2, 3, 4")
                    .update();
            jdbc.sql("insert into event_counts_" + size + "_category (client_id, bucket, category, n)"
                            + " select client_id, bucket, category, sum(n) from event_counts_" + size
                            + " group by 1, 2, 3")
                    .update();
        }
    }

    private List<String> indexes() {
        return jdbc.sql("select name from sqlite_master where type = 'index' order by name")
                .query(String.class)
                .list();
    }
}
