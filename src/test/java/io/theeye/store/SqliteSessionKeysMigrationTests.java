package io.theeye.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.event.EpochMicros;
import io.theeye.support.TestDatabases;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * V30 gives each session a number, in the order sessions were first seen, and keys events' session index by it: a
 * database V29 left keeps every event and its position, and each of its sessions gets one number its events carry.
 */
class SqliteSessionKeysMigrationTests {

    private static final Instant AT = Instant.parse("2026-11-30T10:15:30.123456Z");

    // The shop's id sorts after the blog's: numbers by (client_id, session_id) would not be in first-seen order.
    private static final UUID SHOP = UUID.fromString("f0000000-0000-4000-8000-000000000001");
    private static final UUID BLOG = UUID.fromString("10000000-0000-4000-8000-000000000002");
    private static final String SHARED = "00000000-shared-by-both-clients-000000";

    private final HikariDataSource database = TestStores.unmigrated(TestDatabases.newSqliteUrl(), "", "");
    private final JdbcClient jdbc = JdbcClient.create(database);

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void numbersEverySessionInFirstSeenOrderAndKeepsEveryEvent() {
        TestStores.migrate(database, "29");
        // Sessions in the order they are first seen, their ids not in that order; one id used by both clients.
        List<Session> firstSeen = List.of(
                new Session(SHOP, "zz-shop-first"),
                new Session(BLOG, SHARED),
                new Session(SHOP, SHARED),
                new Session(SHOP, "aa-shop-later"),
                new Session(BLOG, "mm-blog"));
        int[] order = {0, 1, 0, 2, 3, 1, 0, 4, 3, 2, 4, 1, 0, 3};
        for (int i = 0; i < order.length; i++) {
            Session session = firstSeen.get(order[i]);
            // Times not in the order of positions, and repeated within a session: the index orders them, then ids.
            event(session, i % 2 == 0 ? "page" : "order", AT.plusSeconds((order.length - i) % 5 * 60L));
        }
        // The newest event, in a session of its own, is deleted: its position stays given, its session gets no number.
        long highest = event(new Session(BLOG, "deleted-alone"), "page", AT);
        jdbc.sql("delete from events where seq = ?").param(highest).update();
        String rows = "select seq, hex(id), hex(client_id), session_id, category, name, data, \"timestamp\","
                + " received_at, schema_version, original_timestamp from events order by seq";
        List<List<Object>> before = jdbc.sql(rows).query((rs, n) -> row(rs, 11)).list();
        assertThat(before).hasSize(order.length);
        assertThat(sequence()).isEqualTo(highest);

        TestStores.migrate(database, "latest");

        assertThat(jdbc.sql(rows).query((rs, n) -> row(rs, 11)).list())
                .as("every event kept, with its position")
                .isEqualTo(before);
        assertThat(sequence()).as("the highest position ever given").isEqualTo(highest);

        Map<Session, Long> keys = new LinkedHashMap<>();
        jdbc.sql("select k, client_id, session_id from sessions order by k").query(rs -> {
            keys.put(new Session(Uuids.of(rs.getBytes("client_id")), rs.getString("session_id")), rs.getLong("k"));
        });
        assertThat(jdbc.sql("select count(*) from sessions").query(Long.class).single())
                .as("one row for each (client, session)")
                .isEqualTo(firstSeen.size());
        assertThat(keys.keySet()).as("numbered in first-seen order").containsExactlyElementsOf(firstSeen);
        assertThat(List.copyOf(keys.values())).doesNotHaveDuplicates().isSorted();
        assertThat(keys.get(new Session(SHOP, SHARED))).isNotEqualTo(keys.get(new Session(BLOG, SHARED)));

        List<Map.Entry<Session, Long>> carried = jdbc.sql(
                        "select client_id, session_id, session_key from events order by seq")
                .query((rs, n) -> Map.entry(new Session(Uuids.of(rs.getBytes(1)), rs.getString(2)), rs.getLong(3)))
                .list();
        assertThat(carried)
                .as("each event carries its session's number")
                .hasSize(order.length)
                .allSatisfy(e -> assertThat(e.getValue()).isEqualTo(keys.get(e.getKey())));

        assertThat(jdbc.sql("select name from sqlite_master where type = 'index' and tbl_name = 'events'")
                        .query(String.class)
                        .list())
                .containsExactlyInAnyOrder(
                        "events_client_id", "events_session_time", "events_client_category_time", "events_client_time");

        String read =
                "select seq, id, data, \"timestamp\" from events where session_key = ? order by \"timestamp\", id";
        long shopShared = keys.get(new Session(SHOP, SHARED));
        List<String> plan = jdbc.sql("explain query plan " + read)
                .param(shopShared)
                .query((rs, n) -> rs.getString("detail"))
                .list();
        assertThat(plan)
                .as("a session's events read through their index, already in order")
                .anySatisfy(step -> assertThat(step).contains("INDEX events_session_time (session_key=?)"))
                .noneSatisfy(step -> assertThat(step).contains("TEMP B-TREE"));
        List<Long> expected = jdbc.sql(
                        "select seq from events where client_id = ? and session_id = ? order by \"timestamp\", id")
                .params(Uuids.bytes(SHOP), SHARED)
                .query(Long.class)
                .list();
        assertThat(expected).hasSize(2);
        assertThat(jdbc.sql(read)
                        .param(shopShared)
                        .query((rs, n) -> rs.getLong("seq"))
                        .list())
                .isEqualTo(expected);
    }

    private record Session(UUID client, String id) {}

    /** An event as V29 stores it: ids as 16-byte blobs, times in microseconds; its position. */
    private long event(Session session, String category, Instant timestamp) {
        jdbc.sql("insert into events (id, client_id, session_id, category, name, data, \"timestamp\", received_at)"
                        + " values (?, ?, ?, ?, 'view', '{\"n\":1}', ?, ?)")
                .params(
                        Uuids.bytes(UUID.randomUUID()),
                        Uuids.bytes(session.client()),
                        session.id(),
                        category,
                        EpochMicros.of(timestamp),
                        EpochMicros.of(timestamp) + 7)
                .update();
        return jdbc.sql("select max(seq) from events").query(Long.class).single();
    }

    private long sequence() {
        return jdbc.sql("select seq from sqlite_sequence where name = 'events'")
                .query(Long.class)
                .single();
    }

    private static List<Object> row(ResultSet rs, int columns) throws SQLException {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
            row.add(rs.getObject(i));
        }
        return row;
    }
}
