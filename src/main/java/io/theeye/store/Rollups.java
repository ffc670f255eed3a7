package io.theeye.store;

import io.theeye.event.EpochMicros;
import io.theeye.event.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Counts of stored events per client, category, name and time bucket, kept exact: changed in the same transaction as
 * the rows they count. Every statement that removes events tells this class, on the connection of its own transaction.
 *
 * <p>One table per bucket size ({@link Interval}: minute, hour, day), each keyed by client, bucket start (UTC),
 * category and name; and for hours and days one keyed by category alone, which the default grouping (by category)
 * reads: a month by hour and category then reads a row per hour and category, not one per name too. A row whose count
 * reaches 0 is deleted. Inserts on PostgreSQL count themselves in the insert's own statement
 * ({@link EventInserts#unnested}); SQLite's come through {@link #add}.
 *
 * <p>Lock order: every writer (the insert's own statement, {@link #add}, {@link #subtract}, {@link #removeRange})
 * changes the tables in {@link #LOCK_ORDER}: days (by name, then by category), hours likewise, minutes last; and
 * {@link #add}, {@link #subtract} and the insert change the rows of each in key order (client, bucket, then category
 * and name by code point, as PostgreSQL's {@code collate "C"} sorts them): a writer holding rows then only waits for
 * rows later in that order, so they do not deadlock each other. The minutes go last because {@link #removeRange} computes what the coarser tables lose from the
 * minute rows, which must still be there. {@link #removeRange}'s statements change sets of rows in whatever order their
 * plan takes; expiry's drops hold the partition's writers off while they run.
 */
public final class Rollups {

    /**
     * Every client, as a condition that walks one index range per client rather than the whole table. On PostgreSQL
     * an array from a subquery: with {@code in (select ...)} the planner read the whole day table for a day.
     */
    static String everyClient(SqlDialect dialect) {
        return dialect == SqlDialect.POSTGRESQL
                ? "client_id = any(array(select client_id from clients))"
                : "client_id in (select client_id from clients)";
    }

    /**
     * A table of counts per bucket of one size: by category and name, or by category alone.
     *
     * @param byName whether the key holds the name; a table by category alone counts every name of the category
     */
    record Table(Interval size, boolean byName) {

        /** The counts by category alone, where they are kept (hours and days), else by category and name. */
        static Table of(Interval size, boolean byName) {
            return new Table(size, byName || size == Interval.MINUTE);
        }

        String name() {
            return "event_counts_" + size.text() + (byName ? "" : "_category");
        }

        /** The key's columns, in key order. */
        String key() {
            return byName ? "client_id, bucket, category, name" : "client_id, bucket, category";
        }
    }

    /** The order every writer changes the tables in: see the class's comment. */
    static final List<Table> LOCK_ORDER = List.of(
            new Table(Interval.DAY, true),
            new Table(Interval.DAY, false),
            new Table(Interval.HOUR, true),
            new Table(Interval.HOUR, false),
            new Table(Interval.MINUTE, true));

    /**
     * Key order: writers that lock rows in one order cannot deadlock each other. Clients in the order of their
     * canonical text, which is that of the 128 bits unsigned (without making the text for each comparison).
     */
    private static final Comparator<Key> ORDER = Comparator.comparing(Key::client, Rollups::byText)
            .thenComparingLong(Key::bucket)
            .thenComparing(Key::category, Rollups::byCodePoint)
            .thenComparing(Key::name, Rollups::byCodePoint);

    private final SqlDialect dialect;

    Rollups(SqlDialect dialect) {
        this.dialect = dialect;
    }

    /** Counts events just inserted in the caller's transaction: one upsert per table and key, not per event. */
    void add(JdbcTemplate transaction, List<Event> inserted) {
        if (inserted.isEmpty()) {
            return;
        }
        for (Table table : LOCK_ORDER) {
            List<Map.Entry<Key, Long>> counts = aggregate(
                    inserted, e -> Key.of(table, e.clientId(), EpochMicros.of(e.timestamp()), e.category(), e.name()));
            String values = table.byName() ? "?, ?, ?, ?, ?" : "?, ?, ?, ?";
            transaction.batchUpdate(
                    "insert into " + table.name() + " as c (" + table.key() + ", n) values (" + values + ")"
                            + " on conflict (" + table.key() + ") do update set n = c.n + excluded.n",
                    counts,
                    counts.size(),
                    (ps, count) -> {
                        Key key = count.getKey();
                        int column = 1;
                        ps.setObject(column++, dialect.uuid(key.client()));
                        ps.setObject(column++, bucket(key.bucket()));
                        ps.setString(column++, key.category());
                        if (table.byName()) {
                            ps.setString(column++, key.name());
                        }
                        ps.setLong(column, count.getValue());
                    });
        }
    }

    /** Takes events removed one by one (a deletion) out of the counts, inside the caller's transaction. */
    public void subtract(JdbcClient transaction, List<RemovedEvent> removed) {
        if (removed.isEmpty()) {
            return;
        }
        for (Table rollup : LOCK_ORDER) {
            String table = rollup.name();
            String key = " where client_id = :client and bucket = :bucket and category = :category"
                    + (rollup.byName() ? " and name = :name" : "");
            for (Map.Entry<Key, Long> count : aggregate(
                    removed,
                    e -> Key.of(rollup, e.clientId(), EpochMicros.of(e.timestamp()), e.category(), e.name()))) {
                Map<String, Object> params = Map.of(
                        "client", dialect.uuid(count.getKey().client()),
                        "bucket", bucket(count.getKey().bucket()),
                        "category", count.getKey().category(),
                        "name", count.getKey().name(),
                        "n", count.getValue());
                transaction
                        .sql("update " + table + " set n = n - :n" + key)
                        .params(params)
                        .update();
                transaction
                        .sql("delete from " + table + key + " and n <= 0")
                        .params(params)
                        .update();
            }
        }
    }

    /**
     * Takes every event with a timestamp in [from, to) out of the counts, of one client or of all ({@code clientId}
     * null), inside the caller's transaction: for expiry, which removes whole ranges. Both ends are whole minutes.
     *
     * <p>A coarser bucket only partly in the range loses what the minutes of that part count, so the coarser tables
     * go first, while the minute rows are still there.
     */
    public void removeRange(JdbcClient transaction, UUID clientId, Instant from, Instant to) {
        long start = EpochMicros.of(from);
        long end = EpochMicros.of(to);
        if (floor(start, Interval.MINUTE) != start || floor(end, Interval.MINUTE) != end) {
            throw new IllegalArgumentException("a range of rollups starts and ends on a minute: " + from + ", " + to);
        }
        if (start >= end) {
            return;
        }
        String client = clientId == null ? everyClient(dialect) : "client_id = :client";
        for (Table table : LOCK_ORDER) {
            Interval size = table.size();
            long whole = ceil(start, size);
            long wholeEnd = floor(end, size);
            if (size == Interval.MINUTE) {
                delete(transaction, table, client, clientId, start, end);
            } else if (whole < wholeEnd) {
                delete(transaction, table, client, clientId, whole, wholeEnd);
                subtractMinutes(transaction, table, client, clientId, start, whole);
                subtractMinutes(transaction, table, client, clientId, wholeEnd, end);
            } else {
                subtractMinutes(transaction, table, client, clientId, start, end);
            }
        }
    }

    private void delete(JdbcClient transaction, Table table, String client, UUID clientId, long from, long to) {
        transaction
                .sql("delete from " + table.name() + " where " + client + " and bucket >= :from and bucket < :to")
                .params(range(clientId, from, to))
                .update();
    }

    /** Takes the minutes of [from, to), all inside buckets of the table's size that stay, out of those buckets. */
    private void subtractMinutes(
            JdbcClient transaction, Table rollup, String client, UUID clientId, long from, long to) {
        if (from >= to) {
            return;
        }
        Interval size = rollup.size();
        String table = rollup.name();
        String names = rollup.byName() ? ", name" : "";
        String minutes = "select client_id, " + dialect.rollupBucket(size, "bucket") + " as b, category" + names
                + ", sum(n) as n from " + Table.of(Interval.MINUTE, true).name() + " where " + client
                + " and bucket >= :from and bucket < :to group by 1, 2, 3" + (rollup.byName() ? ", 4" : "");
        Map<String, Object> params = range(clientId, from, to);
        transaction
                .sql("update " + table + " set n = " + table + ".n - m.n from (" + minutes + ") as m"
                        + " where " + table + ".client_id = m.client_id and " + table + ".bucket = m.b and "
                        + table + ".category = m.category"
                        + (rollup.byName() ? " and " + table + ".name = m.name" : ""))
                .params(params)
                .update();
        params.put("from", bucket(floor(from, size)));
        params.put("to", bucket(ceil(to, size)));
        transaction
                .sql("delete from " + table + " where " + client + " and bucket >= :from and bucket < :to and n <= 0")
                .params(params)
                .update();
    }

    private Map<String, Object> range(UUID clientId, long from, long to) {
        Map<String, Object> params = new HashMap<>();
        if (clientId != null) {
            params.put("client", dialect.uuid(clientId));
        }
        params.put("from", bucket(from));
        params.put("to", bucket(to));
        return params;
    }

    private Object bucket(long micros) {
        return dialect.timestamp(EpochMicros.toInstant(micros));
    }

    /**
     * The events' counts per key, in key order. Counted in a hash map, then only the distinct keys sorted: a group of
     * thousands of events has a few keys per hour or day, and sorting each event into a tree compared their texts
     * thousands of times on the writer's thread.
     */
    private static <T> List<Map.Entry<Key, Long>> aggregate(List<T> events, Function<T, Key> key) {
        Map<Key, Long> counts = new HashMap<>();
        for (T event : events) {
            counts.merge(key.apply(event), 1L, Long::sum);
        }
        List<Map.Entry<Key, Long>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.comparingByKey(ORDER));
        return sorted;
    }

    /** The start of the bucket of this size that the instant (microseconds since the epoch) falls in. */
    static long floor(long micros, Interval size) {
        return Math.floorDiv(micros, size.micros()) * size.micros();
    }

    static long ceil(long micros, Interval size) {
        long floor = floor(micros, size);
        return floor == micros ? micros : floor + size.micros();
    }

    /** Ids as their canonical text sorts them: fixed-width lower-case hex, so the 128 bits as unsigned. */
    static int byText(UUID a, UUID b) {
        int high = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return high != 0 ? high : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }

    /** Text by code point: the order of its UTF-8 bytes, which {@code collate "C"} sorts by. */
    private static int byCodePoint(String a, String b) {
        if (a.equals(b)) {
            return 0;
        }
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    SqlDialect dialect() {
        return dialect;
    }

    /** A row's key in a table; the name is empty in a table by category alone. */
    private record Key(UUID client, long bucket, String category, String name) {

        static Key of(Table table, UUID client, long timestamp, String category, String name) {
            return new Key(client, floor(timestamp, table.size()), category, table.byName() ? name : "");
        }
    }
}
