import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * The group commit alone, without HTTP: events/s for ways of inserting a group of events, on the project's own schemas
 * (its migrations), one connection, one transaction per group. Variants run interleaved, ROUNDS times each; medians
 * printed as markdown. Run by bench/store.sh, which puts the drivers on the class path.
 *
 * <p>Args: GROUPS GROUP_SIZE ROUNDS PG_URL [VERSION]. Variants: PostgreSQL with one unnest statement (the service's
 * way; since V19 through event_ids first, on partitions); SQLite as the service runs it, and without
 * its three secondary indexes (not an option: a measure of what they cost). With VERSION, also the current way on each
 * database migrated only up to that version ({@code postgres-unnest@V14}, {@code sqlite@V14}): what the migrations since
 * cost ingest.
 */
/**
 * The group commit alone, without HTTP: events/s for ways of inserting a group of events, on the project's own schemas
 * (its migrations), one connection, one transaction per group. Variants run interleaved, ROUNDS times each; medians
 * printed as markdown. Run by bench/store.sh, which puts the drivers on the class path.
 *
 * <p>Args: GROUPS GROUP_SIZE ROUNDS PG_URL [VERSION [VARIANTS]]. A variant is a base, then options after {@code +}:
 * {@code postgres-unnest} (the service's one statement; since V19 through event_ids first, on partitions),
 * {@code sqlite} (WAL, synchronous=FULL, one statement run per event, the rollups' upserts, SQLite's default cache and
 * checkpoints: the service's writers add {@code +cache=65536+ckpt=10000}),
 * {@code sqlite-no-secondary-index} (without the three secondary indexes on events: not an option, a measure of what
 * they cost). SQLite options: {@code page=BYTES}, {@code cache=KIB} (cache_size), {@code mmap=MIB},
 * {@code ckpt=PAGES} (wal_autocheckpoint), {@code bgckpt=MS} (the writer's automatic checkpoints off, a passive checkpoint
 * every MS milliseconds on another connection and thread), {@code sync=normal} (not durable: a measure of the fsync's cost),
 * {@code narrow} (the secondary indexes without their last column, the id), {@code multirow} (multi-row inserts of {@link #ROWS_PER_STATEMENT} with {@code returning id}), {@code norollups},
 * {@code smallkeys} (a prototype schema: client, category and name as integers of dictionary tables, ids as 16-byte
 * blobs). With VERSION, also the service's way on each database migrated only up to that version
 * ({@code postgres-unnest@V14}, {@code sqlite@V14}): what the migrations since cost ingest.
 *
 * <p>Events are made as bench/common.lua makes them (the HTTP benchmark's): sessions of 3 to 12 events starting at
 * random times over a day, two categories and three names, ids that grow with the time received. With
 * {@code STORE_TIMESTAMPS=ordered} timestamps grow with the time received instead, as live traffic's do.
 */
public class StoreInsert {

    private static final String DATA =
            "{\"host\": \"www.example.com\", \"path\": \"/checkout/cart\", \"referrer\": \"https://www.example.org/\", \"n\": 12345}";

    private static final String[][] TYPES = {
        {"page interaction", "pageview"}, {"page interaction", "pageview"}, {"page interaction", "cta click"},
        {"form interaction", "submit"}
    };

    private static final int ROWS_PER_STATEMENT = 100;

    private static final boolean ORDERED = "ordered".equals(System.getenv("STORE_TIMESTAMPS"));

    private static long clock = System.currentTimeMillis() * 1000;

    public static void main(String[] args) throws Exception {
        int groups = Integer.parseInt(args[0]);
        int size = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        String pgUrl = args[3];
        List<String> variants = new ArrayList<>(
                List.of("postgres-unnest", "sqlite", "sqlite-no-secondary-index"));
        if (args.length > 5 && !args[5].isBlank()) {
            variants = new ArrayList<>(List.of(args[5].trim().split("\\s+")));
        }
        if (args.length > 4 && !args[4].isBlank()) {
            variants.add("postgres-unnest@V" + args[4]);
            variants.add("sqlite@V" + args[4]);
        }
        Path dir = Files.createTempDirectory("the-eye-store-bench");
        Map<String, List<Double>> results = new LinkedHashMap<>();
        Map<String, Long> stored = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (String variant : variants) {
                Path file = dir.resolve(variant.replaceAll("[^A-Za-z0-9@=.-]", "_") + "-" + round + ".db");
                try (Connection connection = open(variant, pgUrl, file)) {
                    double rate = run(connection, variant, groups, size);
                    results.computeIfAbsent(variant, v -> new ArrayList<>()).add(rate);
                    stored.put(variant, storedBytes(connection, variant) / ((long) groups * size));
                    System.err.printf("round %d %s: %.0f events/s%n", round + 1, variant, rate);
                }
                for (String suffix : new String[] {"", "-wal", "-shm"}) {
                    Files.deleteIfExists(Path.of(file + suffix));
                }
            }
        }
        System.out.printf("| variant | events/s (median of %d) | runs | table and indexes, bytes/event |%n|---|---:|---|---:|%n", rounds);
        results.forEach((variant, runs) -> {
            List<Double> sorted = new ArrayList<>(runs);
            Collections.sort(sorted);
            System.out.printf("| %s | %.0f | %s | %d |%n", variant, sorted.get(sorted.size() / 2), runs.stream().map(r -> String.format("%.0f", r)).toList(), stored.get(variant));
        });
    }

    /** The value of option {@code name} ({@code +name=value}), {@code ""} for a bare {@code +name}, or null. */
    private static String option(String variant, String name) {
        for (String part : variant.split("\\+")) {
            if (part.equals(name)) {
                return "";
            }
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        return null;
    }

    private static Connection open(String variant, String pgUrl, Path file) throws Exception {
        Connection connection;
        String vendor = variant.startsWith("postgres") ? "postgresql" : "sqlite";
        if (vendor.equals("postgresql")) {
            Properties properties = new Properties();
            properties.setProperty("reWriteBatchedInserts", "true");
            connection = DriverManager.getConnection(pgUrl, properties);
            try (Statement s = connection.createStatement()) {
                s.execute("drop schema if exists store_bench cascade");
                s.execute("create schema store_bench");
                s.execute("set search_path = store_bench");
            }
        } else {
            connection = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = connection.createStatement()) {
                // The page size first: it holds only for a database not yet written, and WAL writes it.
                if (option(variant, "page") != null) {
                    s.execute("pragma page_size = " + Integer.parseInt(option(variant, "page")));
                }
                s.execute("pragma journal_mode = WAL");
                s.execute("pragma synchronous = " + ("normal".equals(option(variant, "sync")) ? "NORMAL" : "FULL"));
                if (option(variant, "cache") != null) {
                    s.execute("pragma cache_size = -" + Integer.parseInt(option(variant, "cache")));
                }
                if (option(variant, "mmap") != null) {
                    s.execute("pragma mmap_size = " + Long.parseLong(option(variant, "mmap")) * 1024 * 1024);
                }
                if (option(variant, "ckpt") != null) {
                    s.execute("pragma wal_autocheckpoint = " + Integer.parseInt(option(variant, "ckpt")));
                }
            }
        }
        try (Statement s = connection.createStatement();
                var migrations = Files.list(Path.of("src/main/resources/db/migration", vendor))) {
            int until = variant.contains("@V") ? Integer.parseInt(variant.substring(variant.indexOf("@V") + 2)) : Integer.MAX_VALUE;
            for (Path migration : migrations.filter(m -> version(m) <= until).sorted((a, b) -> version(a) - version(b)).toList()) {
                for (String statement : statements(Files.readString(migration).replaceAll("--[^\n]*", ""))) {
                    boolean secondaryIndex = statement.contains("create index") && statement.contains(" on events ");
                    if (secondaryIndex && option(variant, "narrow") != null) {
                        statement = statement.replace(", id)", ")");
                    }
                    if (!statement.isBlank() && !(secondaryIndex && variant.startsWith("sqlite-no-secondary-index"))) {
                        s.execute(statement);
                    }
                }
            }
            if (option(variant, "smallkeys") != null) {
                for (String statement : statements(SMALL_KEYS)) {
                    if (option(variant, "narrow") != null && statement.contains("create index")) {
                        statement = statement.replace(", id)", ")");
                    }
                    if (!statement.isBlank()) {
                        s.execute(statement);
                    }
                }
            }
        }
        connection.setAutoCommit(false);
        return connection;
    }

    /**
     * The prototype of smaller keys, made over the migrated schema: events and the rollups again with the client,
     * category and name as integers of dictionary tables and the id as 16 bytes (big-endian, so that blobs sort as the
     * canonical text does); the same indexes, over these columns.
     */
    private static final String SMALL_KEYS = """
            drop table events;
            drop table event_counts_minute;
            drop table event_counts_hour;
            drop table event_counts_day;
            create table client_keys (k integer primary key, client_id text not null unique) strict;
            create table categories (k integer primary key, category text not null unique) strict;
            create table names (k integer primary key, name text not null unique) strict;
            create table events (
                seq                integer primary key autoincrement,
                id                 blob    not null,
                client             integer not null,
                session_id         text    not null check (length(session_id) <= 128),
                category           integer not null,
                name               integer not null,
                data               text    not null,
                "timestamp"        integer not null,
                received_at        integer not null,
                schema_version     integer,
                original_timestamp integer
            ) strict;
            create unique index events_client_id on events (client, id);
            create index events_client_session_time on events (client, session_id, "timestamp", id);
            create index events_client_category_time on events (client, category, "timestamp", id);
            create index events_client_time on events (client, "timestamp", id);
            create table event_counts_minute (client integer not null, bucket integer not null, category integer not null,
                name integer not null, n integer not null, primary key (client, bucket, category, name)) strict, without rowid;
            create table event_counts_hour (client integer not null, bucket integer not null, category integer not null,
                name integer not null, n integer not null, primary key (client, bucket, category, name)) strict, without rowid;
            create table event_counts_day (client integer not null, bucket integer not null, category integer not null,
                name integer not null, n integer not null, primary key (client, bucket, category, name)) strict, without rowid;
            """;
    /** The statements of a migration: split at semicolons, but those of a $$-quoted body. */
    private static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < script.length(); i++) {
            if (script.startsWith("$$", i)) {
                quoted = !quoted;
                i++;
            } else if (script.charAt(i) == ';' && !quoted) {
                statements.add(script.substring(start, i));
                start = i + 1;
            }
        }
        statements.add(script.substring(start));
        return statements;
    }

    /** What the events table and its indexes take: a measure of the work each insert does that no other load changes. */
    private static long storedBytes(Connection connection, String variant) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement s = connection.createStatement()) {
            if (variant.startsWith("postgres")) {
                // Every partition (none: the table itself), and the ids table when there is one.
                var rs = s.executeQuery("select coalesce((select sum(pg_total_relation_size(relid))"
                        + " from pg_partition_tree('events')), pg_total_relation_size('events'))"
                        + " + coalesce(pg_total_relation_size(to_regclass('event_ids')), 0)");
                rs.next();
                return rs.getLong(1);
            }
            s.execute("pragma wal_checkpoint(truncate)");
            // The whole file: the other tables are all but empty here.
            var rs = s.executeQuery("select page_count * page_size from pragma_page_count(), pragma_page_size()");
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int version(Path migration) {
        String name = migration.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }

    private static double run(Connection connection, String variant, int groups, int size) throws SQLException {
        UUID client = UUID.randomUUID();
        SplittableRandom random = new SplittableRandom();
        Dictionary keys = option(variant, "smallkeys") == null ? null : new Dictionary(connection);
        boolean rollups = variant.startsWith("sqlite") && option(variant, "norollups") == null;
        Checkpoints checkpoints = option(variant, "bgckpt") == null ? null
                : new Checkpoints(connection, Long.parseLong(option(variant, "bgckpt")));
        long start = System.nanoTime();
        String session = null;
        int left = 0;
        long timestamp = 0;
        long day = 86_400_000_000L;
        for (int g = 0; g < groups; g++) {
            List<Object[]> events = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                clock += 10;
                if (left == 0) {
                    session = UUID.randomUUID().toString();
                    left = 3 + random.nextInt(10);
                    timestamp = ORDERED ? clock : clock - 2 * day + random.nextLong(day);
                }
                left--;
                timestamp = ORDERED ? clock : timestamp + random.nextLong(20_000_000);
                String[] type = TYPES[random.nextInt(TYPES.length)];
                events.add(new Object[] {
                    new UUID((clock << 16) | 0x7000, random.nextLong() | Long.MIN_VALUE), client, session,
                    type[0], type[1], DATA, timestamp, clock
                });
            }
            List<Object[]> inserted = switch (variant) {
                case "postgres-unnest" -> unnest(connection, events);
                case String v when v.startsWith("postgres-unnest@") -> unnest(connection, events);
                case String v when option(v, "multirow") != null -> multiRow(connection, events, keys);
                default -> batched(connection, events, keys);
            };
            if (rollups) {
                rollups(connection, inserted, keys);
            }
            connection.commit();
        }
        if (checkpoints != null) {
            checkpoints.stop();
        }
        if (variant.startsWith("sqlite")) {
            // What is left in the WAL is copied into the database in the time measured: a variant that checkpoints
            // less often during the run does not leave its work out.
            connection.setAutoCommit(true);
            try (Statement s = connection.createStatement()) {
                s.execute("pragma wal_checkpoint(TRUNCATE)");
            }
            connection.setAutoCommit(false);
        }
        return (double) groups * size / ((System.nanoTime() - start) / 1e9);
    }

    /**
     * Checkpoints off the writer's thread: another connection runs a passive checkpoint every {@code millis}, and the
     * writer's own (automatic, in its commits) are off.
     */
    private static final class Checkpoints {
        private final Thread thread;
        private volatile boolean stopped;

        Checkpoints(Connection writer, long millis) throws SQLException {
            String url = writer.getMetaData().getURL();
            try (Statement s = writer.createStatement()) {
                s.execute("pragma wal_autocheckpoint = 0");
            }
            thread = Thread.ofPlatform().daemon().start(() -> {
                try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
                    s.execute("pragma synchronous = FULL");
                    while (!stopped) {
                        s.execute("pragma wal_checkpoint(PASSIVE)");
                        Thread.sleep(millis);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        void stop() throws SQLException {
            stopped = true;
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Client, category and name to their integers, as a service would keep them in memory once read or made. */
    private static final class Dictionary {
        private final Connection connection;
        private final Map<String, Long> keys = new java.util.HashMap<>();

        Dictionary(Connection connection) {
            this.connection = connection;
        }

        long key(String table, String column, String value) throws SQLException {
            Long known = keys.get(table + "\0" + value);
            if (known != null) {
                return known;
            }
            try (PreparedStatement ps = connection.prepareStatement("insert into " + table + " (" + column
                    + ") values (?) on conflict do update set " + column + " = excluded." + column + " returning k")) {
                ps.setString(1, value);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    keys.put(table + "\0" + value, rs.getLong(1));
                    return rs.getLong(1);
                }
            }
        }
    }

    private static byte[] bytes(UUID id) {
        return java.nio.ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }

    /** Binds the columns of one event from {@code first} on; with {@code keys}, as the prototype's small keys. */
    private static void bind(PreparedStatement ps, int first, Object[] e, Dictionary keys) throws SQLException {
        if (keys == null) {
            ps.setString(first, e[0].toString());
            ps.setString(first + 1, e[1].toString());
            ps.setString(first + 3, (String) e[3]);
            ps.setString(first + 4, (String) e[4]);
        } else {
            ps.setBytes(first, bytes((UUID) e[0]));
            ps.setLong(first + 1, keys.key("client_keys", "client_id", e[1].toString()));
            ps.setLong(first + 3, keys.key("categories", "category", (String) e[3]));
            ps.setLong(first + 4, keys.key("names", "name", (String) e[4]));
        }
        ps.setString(first + 2, (String) e[2]);
        ps.setString(first + 5, (String) e[5]);
        ps.setLong(first + 6, (Long) e[6]);
        ps.setLong(first + 7, (Long) e[7]);
    }

    private static String insert(Dictionary keys) {
        return "insert into events (id, " + (keys == null ? "client_id" : "client")
                + ", session_id, category, name, data, \"timestamp\", received_at) values ";
    }

    private static String conflict(Dictionary keys) {
        return " on conflict (" + (keys == null ? "client_id" : "client") + ", id) do nothing";
    }

    /** The service's way (store.EventInserts.eachInTurn): one statement run per event, in one JDBC batch. */
    private static List<Object[]> batched(Connection connection, List<Object[]> events, Dictionary keys) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(insert(keys) + "(?, ?, ?, ?, ?, ?, ?, ?)" + conflict(keys))) {
            for (Object[] e : events) {
                bind(ps, 1, e, keys);
                ps.addBatch();
            }
            int[] counts = ps.executeBatch();
            List<Object[]> inserted = new ArrayList<>(events.size());
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0) {
                    inserted.add(events.get(i));
                }
            }
            return inserted;
        }
    }

    /** Multi-row statements, each returning the ids it stored (those skipped return none). */
    private static List<Object[]> multiRow(Connection connection, List<Object[]> events, Dictionary keys) throws SQLException {
        java.util.Set<UUID> stored = new java.util.HashSet<>();
        PreparedStatement full = null;
        try {
            for (int from = 0; from < events.size(); from += ROWS_PER_STATEMENT) {
                List<Object[]> chunk = events.subList(from, Math.min(events.size(), from + ROWS_PER_STATEMENT));
                boolean whole = chunk.size() == ROWS_PER_STATEMENT;
                if (whole && full == null) {
                    full = connection.prepareStatement(multiRowSql(ROWS_PER_STATEMENT, keys));
                }
                PreparedStatement ps = whole ? full : connection.prepareStatement(multiRowSql(chunk.size(), keys));
                for (int i = 0; i < chunk.size(); i++) {
                    bind(ps, i * 8 + 1, chunk.get(i), keys);
                }
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        stored.add(keys == null ? UUID.fromString(rs.getString(1)) : uuid(rs.getBytes(1)));
                    }
                }
                if (!whole) {
                    ps.close();
                }
            }
        } finally {
            if (full != null) {
                full.close();
            }
        }
        List<Object[]> inserted = new ArrayList<>(stored.size());
        for (Object[] e : events) {
            if (stored.remove((UUID) e[0])) {
                inserted.add(e);
            }
        }
        return inserted;
    }

    private static UUID uuid(byte[] b) {
        var buffer = java.nio.ByteBuffer.wrap(b);
        return new UUID(buffer.getLong(), buffer.getLong());
    }

    private static String multiRowSql(int rows, Dictionary keys) {
        return insert(keys) + String.join(", ", Collections.nCopies(rows, "(?, ?, ?, ?, ?, ?, ?, ?)")) + conflict(keys) + " returning id";
    }

    /** As store.Rollups.add on SQLite: per table (day, hour, minute), one upsert per key, in key order. */
    private static void rollups(Connection connection, List<Object[]> inserted, Dictionary keys) throws SQLException {
        long[] sizes = {86_400_000_000L, 3_600_000_000L, 60_000_000L};
        String[] tables = {"event_counts_day", "event_counts_hour", "event_counts_minute"};
        String client = keys == null ? "client_id" : "client";
        for (int t = 0; t < 3; t++) {
            java.util.TreeMap<String, Object[]> counts = new java.util.TreeMap<>();
            for (Object[] e : inserted) {
                long bucket = Math.floorDiv((Long) e[6], sizes[t]) * sizes[t];
                String key = e[1] + "\0" + String.format("%020d", bucket) + "\0" + e[3] + "\0" + e[4];
                Object[] count = counts.computeIfAbsent(key, k -> new Object[] {e[1], bucket, e[3], e[4], 0L});
                count[4] = (Long) count[4] + 1;
            }
            try (PreparedStatement ps = connection.prepareStatement("insert into " + tables[t] + " as c (" + client
                    + ", bucket, category, name, n) values (?, ?, ?, ?, ?) on conflict (" + client
                    + ", bucket, category, name) do update set n = c.n + excluded.n")) {
                for (Object[] count : counts.values()) {
                    if (keys == null) {
                        ps.setString(1, count[0].toString());
                        ps.setString(3, (String) count[2]);
                        ps.setString(4, (String) count[3]);
                    } else {
                        ps.setLong(1, keys.key("client_keys", "client_id", count[0].toString()));
                        ps.setLong(3, keys.key("categories", "category", (String) count[2]));
                        ps.setLong(4, keys.key("names", "name", (String) count[3]));
                    }
                    ps.setLong(2, (Long) count[1]);
                    ps.setLong(5, (Long) count[4]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    private static List<Object[]> unnest(Connection connection, List<Object[]> events) throws SQLException {
        String sql = hasIdsTable(connection) ? UNNEST_THROUGH_IDS : UNNEST;
        String[] types = {"uuid", "uuid", "text", "text", "text", "text", "bigint", "bigint"};
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int column = 0; column < 8; column++) {
                Object[] values = new Object[events.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = events.get(i)[column];
                }
                ps.setArray(column + 1, connection.createArrayOf(types[column], values));
            }
            ps.executeUpdate();
        }
        return events;
    }

    private static boolean hasIdsTable(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
                var rs = s.executeQuery("select to_regclass('event_ids') is not null")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** The service's statement since V19 (store.EventInserts), on the bench's eight columns. */
    private static final String UNNEST_THROUGH_IDS = """
            with sent as (
                select distinct on (client_id, id) id, client_id, session_id, category, name, cast(data as jsonb) as data,
                       timestamptz 'epoch' + ("timestamp" / 1000000) * interval '1 second'
                           + ("timestamp" % 1000000) * interval '1 microsecond' as "timestamp",
                       timestamptz 'epoch' + (received_at / 1000000) * interval '1 second'
                           + (received_at % 1000000) * interval '1 microsecond' as received_at,
                       n
                from unnest(cast(? as uuid[]), cast(? as uuid[]), cast(? as text[]), cast(? as text[]),
                            cast(? as text[]), cast(? as text[]), cast(? as bigint[]), cast(? as bigint[]))
                     with ordinality as e(id, client_id, session_id, category, name, data, "timestamp", received_at, n)
                order by client_id, id, n
            ),
            new_ids as (
                insert into event_ids (client_id, id, "timestamp")
                select client_id, id, "timestamp" from sent
                on conflict do nothing
                returning client_id, id
            )
            insert into events (id, client_id, session_id, category, name, data, "timestamp", received_at)
            select s.id, s.client_id, s.session_id, s.category, s.name, s.data, s."timestamp", s.received_at
            from sent s join new_ids using (client_id, id)
            order by s.n
            """;

    /** The service's statement before V19. */
    private static final String UNNEST = """
                insert into events (id, client_id, session_id, category, name, data, "timestamp", received_at)
                select id, client_id, session_id, category, name, cast(data as jsonb),
                       timestamptz 'epoch' + "timestamp" * interval '1 microsecond',
                       timestamptz 'epoch' + received_at * interval '1 microsecond'
                from unnest(cast(? as uuid[]), cast(? as uuid[]), cast(? as text[]), cast(? as text[]),
                            cast(? as text[]), cast(? as text[]), cast(? as bigint[]), cast(? as bigint[]))
                     as e(id, client_id, session_id, category, name, data, "timestamp", received_at)
                on conflict (client_id, id) do nothing
                """;
}
