package io.theeye.store;

import io.theeye.event.EpochMicros;
import io.theeye.event.Event;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How each database stores a group of events, skipping any whose id its client has already stored (a retried
 * request): the one write whose statement differs most between them. {@link SqlDialect#insertEvents} picks one.
 */
final class EventInserts {

    private EventInserts() {}

    /**
     * One prepared statement run for each event: in-process, a run costs no round trip. Each event carries its
     * session's number ({@link SessionKeys}).
     *
     * @return the events stored, without those skipped
     */
    static List<Event> eachInTurn(JdbcTemplate jdbc, List<Event> events) {
        Map<SessionKeys.Session, SessionKeys.Key> sessions = SessionKeys.of(jdbc, events);
        int[][] stored = jdbc.batchUpdate("""
                insert into events (id, client_id, session_id, session_key, category, name, data, "timestamp",
                    received_at, schema_version, original_timestamp)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (client_id, id) do nothing
                """, events, events.size(), (ps, event) -> {
            ps.setObject(1, SqlDialect.SQLITE.uuid(event.id()));
            ps.setObject(2, SqlDialect.SQLITE.uuid(event.clientId()));
            ps.setString(3, event.sessionId());
            ps.setLong(4, sessions.get(SessionKeys.Session.of(event)).number());
            ps.setString(5, event.category());
            ps.setString(6, event.name());
            ps.setString(7, event.data());
            ps.setLong(8, EpochMicros.of(event.timestamp()));
            ps.setLong(9, EpochMicros.of(event.receivedAt()));
            if (event.schemaVersion() == null) {
                ps.setNull(10, Types.INTEGER);
            } else {
                ps.setInt(10, event.schemaVersion());
            }
            if (event.originalTimestamp() == null) {
                ps.setNull(11, Types.BIGINT);
            } else {
                ps.setLong(11, EpochMicros.of(event.originalTimestamp()));
            }
        });
        List<Event> inserted = new ArrayList<>(events.size());
        int i = 0;
        for (int[] run : stored) {
            for (int rows : run) {
                if (rows > 0) {
                    inserted.add(events.get(i));
                }
                i++;
            }
        }
        if (inserted.size() < events.size()) {
            SessionKeys.forgetUnused(jdbc, sessions, inserted);
        }
        return inserted;
    }

    /**
     * One statement for the whole group, each column bound as an array and unnested. Measured against the
     * driver's rewritten multi-row inserts it is neither clearly faster nor slower (docs/benchmarks.md): kept
     * for being one statement whatever the group's size. Instants travel as integer microseconds, exact, and
     * the server turns them into {@code timestamptz}, exactly too ({@link #instant}).
     *
     * <p>The rows it stores (a skipped id returns none) are counted in the {@link Rollups} in the same statement:
     * each table takes one upsert per client, bucket, category and name of the group, in key order, so that two
     * writers lock shared rows in one order and never deadlock.
     */
    static void unnested(JdbcTemplate jdbc, List<Event> events) {
        int n = events.size();
        UUID[] ids = new UUID[n];
        UUID[] clients = new UUID[n];
        String[] sessions = new String[n];
        String[] categories = new String[n];
        String[] names = new String[n];
        String[] data = new String[n];
        Long[] timestamps = new Long[n];
        Long[] receivedAt = new Long[n];
        Integer[] schemaVersions = new Integer[n];
        Long[] originalTimestamps = new Long[n];
        for (int i = 0; i < n; i++) {
            Event event = events.get(i);
            ids[i] = event.id();
            clients[i] = event.clientId();
            sessions[i] = event.sessionId();
            categories[i] = event.category();
            names[i] = event.name();
            data[i] = event.data();
            timestamps[i] = EpochMicros.of(event.timestamp());
            receivedAt[i] = EpochMicros.of(event.receivedAt());
            schemaVersions[i] = event.schemaVersion();
            originalTimestamps[i] =
                    event.originalTimestamp() == null ? null : EpochMicros.of(event.originalTimestamp());
        }
        jdbc.execute(INSERT_UNNESTED, (PreparedStatement ps) -> {
            Connection connection = ps.getConnection();
            ps.setArray(1, connection.createArrayOf("uuid", ids));
            ps.setArray(2, connection.createArrayOf("uuid", clients));
            ps.setArray(3, connection.createArrayOf("text", sessions));
            ps.setArray(4, connection.createArrayOf("text", categories));
            ps.setArray(5, connection.createArrayOf("text", names));
            ps.setArray(6, connection.createArrayOf("text", data));
            ps.setArray(7, connection.createArrayOf("bigint", timestamps));
            ps.setArray(8, connection.createArrayOf("bigint", receivedAt));
            ps.setArray(9, connection.createArrayOf("integer", schemaVersions));
            ps.setArray(10, connection.createArrayOf("bigint", originalTimestamps));
            return ps.executeUpdate();
        });
    }

    /**
     * Counts the rows of {@code inserted} per minute, hour and day, in the order every writer of the {@link Rollups}
     * keeps ({@link Rollups#LOCK_ORDER}): days by name, days by category, hours likewise, minutes. PostgreSQL runs the
     * main statement first, then the data-modifying CTEs nobody reads, the last written first (checked on PostgreSQL
     * 15 with triggers): so the day upsert is the main statement, and the CTEs are written here in the reverse of
     * the lock order. Keys are upserted in key order, text by its bytes as {@link Rollups}' order has it whatever the
     * collation.
     */
    private static final String ROLLUP_UPSERTS = """
            minutes as (
                insert into event_counts_minute as c (client_id, bucket, category, name, n)
                select client_id, date_trunc('minute', "timestamp", 'UTC'), category, name, count(*)
                from inserted group by 1, 2, 3, 4 order by 1, 2, category collate "C", name collate "C"
                on conflict (client_id, bucket, category, name) do update set n = c.n + excluded.n
            ),
            hour_categories as (
                insert into event_counts_hour_category as c (client_id, bucket, category, n)
                select client_id, date_trunc('hour', "timestamp", 'UTC'), category, count(*)
                from inserted group by 1, 2, 3 order by 1, 2, category collate "C"
                on conflict (client_id, bucket, category) do update set n = c.n + excluded.n
            ),
            hours as (
                insert into event_counts_hour as c (client_id, bucket, category, name, n)
                select client_id, date_trunc('hour', "timestamp", 'UTC'), category, name, count(*)
                from inserted group by 1, 2, 3, 4 order by 1, 2, category collate "C", name collate "C"
                on conflict (client_id, bucket, category, name) do update set n = c.n + excluded.n
            ),
            day_categories as (
                insert into event_counts_day_category as c (client_id, bucket, category, n)
                select client_id, date_trunc('day', "timestamp", 'UTC'), category, count(*)
                from inserted group by 1, 2, 3 order by 1, 2, category collate "C"
                on conflict (client_id, bucket, category) do update set n = c.n + excluded.n
            )
            insert into event_counts_day as c (client_id, bucket, category, name, n)
            select client_id, date_trunc('day', "timestamp", 'UTC'), category, name, count(*)
            from inserted group by 1, 2, 3, 4 order by 1, 2, category collate "C", name collate "C"
            on conflict (client_id, bucket, category, name) do update set n = c.n + excluded.n
            """;

    /**
     * Ids go into {@code event_ids} first, the one place an id is unique per client whatever its timestamp (the
     * partitioned {@code events} cannot hold such a key); only the rows it took are inserted into {@code events}, in
     * the order sent, so that positions follow it. The same id twice in one group counts once, its first time. The
     * rows inserted into {@code events} then widen their sessions' days ({@link SessionDays#UPSERT}) and are counted
     * ({@link #ROLLUP_UPSERTS}).
     */
    private static final String INSERT_UNNESTED =
            """
            with sent as (
                select distinct on (client_id, id) id, client_id, session_id, category, name, cast(data as jsonb) as data,
                       %s as "timestamp", %s as received_at, schema_version,
                       %s as original_timestamp, n
                from unnest(cast(? as uuid[]), cast(? as uuid[]), cast(? as text[]), cast(? as text[]),
                            cast(? as text[]), cast(? as text[]), cast(? as bigint[]), cast(? as bigint[]),
                            cast(? as integer[]), cast(? as bigint[]))
                     with ordinality as e(id, client_id, session_id, category, name, data, "timestamp", received_at,
                                          schema_version, original_timestamp, n)
                order by client_id, id, n
            ),
            new_ids as (
                insert into event_ids (client_id, id, "timestamp")
                select client_id, id, "timestamp" from sent
                on conflict do nothing
                returning client_id, id
            ),
            inserted as (
                insert into events (id, client_id, session_id, category, name, data, "timestamp", received_at,
                    schema_version, original_timestamp)
                select s.id, s.client_id, s.session_id, s.category, s.name, s.data, s."timestamp", s.received_at,
                       s.schema_version, s.original_timestamp
                from sent s join new_ids using (client_id, id)
                order by s.n
                returning client_id, session_id, category, name, "timestamp"
            ),
            """.formatted(instant("\"timestamp\""), instant("received_at"), instant("original_timestamp"))
                    + SessionDays.UPSERT
                    + ROLLUP_UPSERTS;

    /**
     * Integer microseconds to a {@code timestamptz}, exactly: multiplying an interval goes through a double, which
     * holds whole seconds exactly but not microseconds far from 1970 (9999-12-31T23:59:59.999999Z came out as the
     * next day, whose partition is another). Neither part is added as days, which would follow the session's DST.
     */
    private static String instant(String micros) {
        return "timestamptz 'epoch' + (" + micros + " / 1000000) * interval '1 second' + (" + micros
                + " % 1000000) * interval '1 microsecond'";
    }
}
