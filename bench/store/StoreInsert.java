import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The group commit alone, without HTTP: events/s for ways of inserting a group of events, on the project's own schemas
 * (its migrations), one connection, one transaction per group. Variants run interleaved, ROUNDS times each; medians
 * printed as markdown. Run by bench/store.sh, which puts the drivers on the class path.
 *
 * <p>Args: GROUPS GROUP_SIZE ROUNDS PG_URL [VERSION [VARIANTS]]. A variant is a base, then options after {@code +}:
 * {@code postgres-unnest} (the service's one statement; since V19 through event_ids first, on partitions, counting the
 * rollups since V20), {@code postgres-copy-binary} and {@code postgres-copy-csv} (the group sent by COPY into a temporary
 * staging table, then one statement moving it through event_ids into events and the rollups: measured against unnest,
 * not taken), {@code sqlite} (WAL, synchronous=FULL, one statement run per event, the rollups' upserts, SQLite's
 * default cache and checkpoints: the service's writers add {@code +cache=65536+ckpt=10000}),
 * {@code sqlite-no-secondary-index} (without the three secondary indexes on events: not an option, a measure of what
 * they cost). SQLite options: {@code page=BYTES}, {@code cache=KIB} (cache_size), {@code mmap=MIB},
 * {@code ckpt=PAGES} (wal_autocheckpoint), {@code bgckpt=MS} (the writer's automatic checkpoints off, a passive checkpoint
 * every MS milliseconds on another connection and thread), {@code sync=normal} (not durable: a measure of the fsync's cost),
 * {@code narrow} (the secondary indexes without their last column, the id), {@code drop=INDEX} (without that one
 * index, dropped after the migrations, on either database, e.g. {@code drop=events_client_time}: what it alone costs), {@code multirow} (multi-row inserts of {@link #ROWS_PER_STATEMENT} with {@code returning id}), {@code norollups},
 * {@code plan=custom} or {@code plan=generic} (PostgreSQL: {@code plan_cache_mode = force_custom_plan}, as the service's
 * connections have, or {@code force_generic_plan}; without it PostgreSQL's default, {@code auto}),
 * {@code smallkeys} (a prototype schema: client, category and name as integers of dictionary tables, ids as 16-byte
 * blobs), {@code blobs} (the service's schema before V29 with the event and client ids as 16-byte blobs, nothing else changed;
 * since V29 the service's own schema, so the same as without it: {@code sqlite@V27} is the schema with text ids). With VERSION, also the service's way on each database migrated only up to that version
 * ({@code postgres-unnest@V14}, {@code sqlite@V14}): what the migrations since cost ingest. VARIANTS (space-separated),
 * when given, is the list run, VERSION's variants included only if named.
 *
 * <p>Besides events/s, each run's CPU per event: the PostgreSQL server process's (user + system from /proc, so only with
 * the server on this machine) and this process's (the thread that builds and sends the group, which for SQLite does
 * the database's work too, plus the checkpoint thread's with {@code bgckpt}).
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

    /** Clock ticks per second of /proc's CPU times (getconf CLK_TCK). */
    private static final double TICKS = 100;

    public static void main(String[] args) throws Exception {
        int groups = Integer.parseInt(args[0]);
        int size = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        String pgUrl = args[3];
        // STORE_VARIANTS, when set, is the list run (STORE_COMPARE_WITH's variants named in it, e.g. postgres-unnest@V18).
        List<String> variants = new ArrayList<>(List.of(
                "postgres-unnest", "postgres-copy-binary", "postgres-copy-csv", "sqlite", "sqlite-no-secondary-index"));
        if (args.length > 4 && !args[4].isBlank()) {
            variants.add("postgres-unnest@V" + args[4]);
            variants.add("sqlite@V" + args[4]);
        }
        if (args.length > 5 && !args[5].isBlank()) {
            variants = List.of(args[5].trim().split("\\s+"));
        }
        Path dir = Files.createTempDirectory("the-eye-store-bench");
        Map<String, List<Double>> results = new LinkedHashMap<>();
        Map<String, List<Double>> serverCpu = new LinkedHashMap<>();
        Map<String, List<Double>> clientCpu = new LinkedHashMap<>();
        Map<String, Long> stored = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (String variant : variants) {
                Path file = dir.resolve(variant.replaceAll("[^A-Za-z0-9@=.-]", "_") + "-" + round + ".db");
                try (Connection connection = open(variant, pgUrl, file)) {
                    double[] run = run(connection, variant, groups, size);
                    results.computeIfAbsent(variant, v -> new ArrayList<>()).add(run[0]);
                    serverCpu.computeIfAbsent(variant, v -> new ArrayList<>()).add(run[1]);
                    clientCpu.computeIfAbsent(variant, v -> new ArrayList<>()).add(run[2]);
                    stored.put(variant, storedBytes(connection, variant) / ((long) groups * size));
                    System.err.printf("round %d %s: %.0f events/s, client CPU %.1f µs/event%n", round + 1, variant, run[0], run[2]);
                }
                for (String suffix : new String[] {"", "-wal", "-shm"}) {
                    Files.deleteIfExists(Path.of(file + suffix));
                }
            }
        }
        System.out.printf("| variant | events/s (median of %d) | runs | PostgreSQL CPU µs/event | client CPU µs/event | table and indexes, bytes/event |%n|---|---:|---|---:|---:|---:|%n", rounds);
        results.forEach((variant, runs) -> System.out.printf("| %s | %.0f | %s | %s | %.1f | %d |%n", variant,
                median(runs), runs.stream().map(r -> String.format("%.0f", r)).toList(),
                variant.startsWith("postgres") ? String.format("%.1f", median(serverCpu.get(variant))) : "n/a",
                median(clientCpu.get(variant)), stored.get(variant)));
        if (variants.stream().anyMatch(v -> v.startsWith("postgres"))) {
            try (Connection connection = DriverManager.getConnection(pgUrl); Statement s = connection.createStatement()) {
                s.execute("drop schema if exists store_bench cascade");
            }
        }
    }

    private static double median(List<Double> runs) {
        List<Double> sorted = new ArrayList<>(runs);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
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
                if (option(variant, "plan") != null) {
                    s.execute("set plan_cache_mode = force_" + option(variant, "plan") + "_plan");
                }
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
            // On PostgreSQL each migration in a transaction of its own, as Flyway runs them (V20 locks a table).
            connection.setAutoCommit(!vendor.equals("postgresql"));
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
            // Dropped once every migration ran: a later migration may rebuild or name it (on PostgreSQL, dropping a
            // partitioned table's index drops each partition's).
            if (option(variant, "drop") != null) {
                s.execute("drop index " + option(variant, "drop"));
            }
            if (vendor.equals("postgresql")) {
                // Since V19 events go to day partitions, which the migration makes from yesterday on and the service
                // (store.EventPartitions) as events need them: the bench's timestamps reach two days back.
                try (var rs = s.executeQuery("select to_regproc('events_partition_create') is not null")) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        s.execute("select events_partition_create(cast(day as date)) from generate_series("
                                + "cast(now() at time zone 'UTC' as date) - 3, cast(now() at time zone 'UTC' as date),"
                                + " interval '1 day') as day");
                    }
                }
                connection.commit();
            }
            // Since V29 the service's SQLite schema keeps ids as blobs: the blobs variant is then that schema as it is.
            boolean blobSchema = vendor.equals("sqlite") && idsAreBlobs(connection);
            blobs = option(variant, "blobs") != null || blobSchema;
            sessionKeys = blobSchema && sessionsNumbered(connection);
            if (option(variant, "smallkeys") != null || (blobs && !blobSchema)) {
                for (String statement : statements(blobs ? BLOB_KEYS : SMALL_KEYS)) {
                    if (option(variant, "narrow") != null && statement.contains("create index")) {
                        statement = statement.replace(", id)", ")");
                    }
                    if (!statement.isBlank()) {
                        s.execute(statement);
                    }
                }
                if (!connection.getAutoCommit()) {
                    connection.commit();
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
    /** {@code blobs}: the service's schema with the ids (event and client) as 16-byte blobs, all else as it is. */
    private static final String BLOB_KEYS = """
            drop table events;
            drop table event_counts_minute;
            drop table event_counts_hour;
            drop table event_counts_day;
            create table events (
                seq                integer primary key autoincrement,
                id                 blob    not null,
                client_id          blob    not null,
                session_id         text    not null check (length(session_id) <= 128),
                category           text    not null check (length(category) <= 128),
                name               text    not null check (length(name) <= 128),
                data               text    not null,
                "timestamp"        integer not null,
                received_at        integer not null,
                schema_version     integer,
                original_timestamp integer
            ) strict;
            create unique index events_client_id on events (client_id, id);
            create index events_client_session_time on events (client_id, session_id, "timestamp", id);
            create index events_client_category_time on events (client_id, category, "timestamp", id);
            create index events_client_time on events (client_id, "timestamp", id);
            create table event_counts_minute (client_id blob not null, bucket integer not null, category text not null,
                name text not null, n integer not null, primary key (client_id, bucket, category, name)) strict, without rowid;
            create table event_counts_hour (client_id blob not null, bucket integer not null, category text not null,
                name text not null, n integer not null, primary key (client_id, bucket, category, name)) strict, without rowid;
            create table event_counts_day (client_id blob not null, bucket integer not null, category text not null,
                name text not null, n integer not null, primary key (client_id, bucket, category, name)) strict, without rowid;
            """;

    /** Whether the migrated schema numbers sessions (SQLite since V30). */
    private static boolean sessionsNumbered(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
                var rs = s.executeQuery("select 1 from pragma_table_info('events') where name = 'session_key'")) {
            return rs.next();
        }
    }

    /** Whether the migrated schema keeps events' ids as blobs (SQLite since V29). */
    private static boolean idsAreBlobs(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement();
                var rs = s.executeQuery("select type from pragma_table_info('events') where name = 'id'")) {
            return rs.next() && rs.getString(1).equalsIgnoreCase("blob");
        }
    }

    /** Whether the variant running binds ids as 16-byte blobs ({@code blobs}, or the schema since V29). */
    private static boolean blobs;

    /** Whether the variant's schema numbers sessions (SQLite since V30), events carrying their session's number. */
    private static boolean sessionKeys;

    /** Each session's number, as store.SessionKeys gives it: added, or looked up when it was there. */
    private static Map<String, Long> sessionKeys(Connection connection, List<Object[]> events) throws SQLException {
        Map<String, Long> keys = new java.util.LinkedHashMap<>();
        try (PreparedStatement add = connection.prepareStatement("insert into sessions (client_id, session_id)"
                        + " values (?, ?) on conflict (client_id, session_id) do nothing returning k");
                PreparedStatement find = connection.prepareStatement(
                        "select k from sessions where client_id = ? and session_id = ?")) {
            for (Object[] e : events) {
                String session = e[1] + "\0" + e[2];
                if (keys.containsKey(session)) {
                    continue;
                }
                Long key = null;
                for (PreparedStatement ps : List.of(add, find)) {
                    ps.setBytes(1, bytes((UUID) e[1]));
                    ps.setString(2, (String) e[2]);
                    try (var rs = ps.executeQuery()) {
                        if (rs.next()) {
                            key = rs.getLong(1);
                            break;
                        }
                    }
                }
                keys.put(session, key);
            }
        }
        return keys;
    }

    /** The statements of a migration: split at semicolons, but those of a $$-quoted body or of a SQLite trigger's. */
    private static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        boolean quoted = false;
        boolean trigger = false;
        int start = 0;
        for (int i = 0; i < script.length(); i++) {
            if (script.startsWith("$$", i)) {
                quoted = !quoted;
                i++;
            } else if (script.startsWith("create trigger", i)) {
                trigger = true;
            } else if (trigger && script.startsWith("end;", i)) {
                trigger = false;
                statements.add(script.substring(start, i + 3));
                start = i + 4;
                i += 3;
            } else if (script.charAt(i) == ';' && !quoted && !trigger) {
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

    /** Events/s, then the server process's and this thread's CPU µs per event. */
    private static double[] run(Connection connection, String variant, int groups, int size) throws Exception {
        UUID client = UUID.randomUUID();
        SplittableRandom random = new SplittableRandom();
        boolean postgres = variant.startsWith("postgres");
        long backend = postgres ? backendPid(connection) : 0;
        // The statement of the schema's version: before V19, without event_ids; before V20, without rollups.
        String unnest = !postgres ? null
                : !hasTable(connection, "event_ids") ? UNNEST
                : hasTable(connection, "event_counts_day_category") ? UNNEST_THROUGH_IDS + ROLLUP_UPSERTS
                : hasTable(connection, "event_counts_day") ? UNNEST_THROUGH_IDS + ROLLUP_UPSERTS_V20
                : UNNEST_THROUGH_IDS + "select 1 from inserted";
        connection.commit();
        Dictionary keys = option(variant, "smallkeys") == null ? null : new Dictionary(connection);
        // Before V20 (sqlite@V18) there are no rollups to count.
        boolean rollups = variant.startsWith("sqlite") && option(variant, "norollups") == null
                && sqliteHasTable(connection, "event_counts_day");
        Checkpoints checkpoints = option(variant, "bgckpt") == null ? null
                : new Checkpoints(connection, Long.parseLong(option(variant, "bgckpt")));
        long serverTicks = postgres ? cpuTicks(backend) : 0;
        var threads = ManagementFactory.getThreadMXBean();
        long clientNanos = threads.getCurrentThreadCpuTime();
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
            List<Object[]> inserted = events;
            switch (variant.split("[+@]")[0]) {
                case "postgres-copy-binary" -> copyBinary(connection, events);
                case "postgres-copy-csv" -> copyCsv(connection, events);
                case "postgres-unnest" -> unnest(connection, unnest, events);
                default -> inserted = option(variant, "multirow") != null
                        ? multiRow(connection, events, keys) : batched(connection, events, keys);
            }
            if (rollups) {
                rollups(connection, inserted, keys);
            }
            connection.commit();
        }
        long checkpointNanos = checkpoints == null ? 0 : checkpoints.stop();
        if (variant.startsWith("sqlite")) {
            // What is left in the WAL is copied into the database in the time measured: a variant that checkpoints
            // less often during the run does not leave its work out.
            connection.setAutoCommit(true);
            try (Statement s = connection.createStatement()) {
                s.execute("pragma wal_checkpoint(TRUNCATE)");
            }
            connection.setAutoCommit(false);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double events = (double) groups * size;
        double server = postgres ? (cpuTicks(backend) - serverTicks) / TICKS * 1e6 / events : 0;
        // SQLite runs in this process: its work is in this thread's CPU (and the checkpoint thread's, if any).
        double own = (threads.getCurrentThreadCpuTime() - clientNanos + checkpointNanos) / 1e3 / events;
        return new double[] {events / seconds, server, own};
    }

    private static long backendPid(Connection connection) throws SQLException {
        try (Statement s = connection.createStatement(); var rs = s.executeQuery("select pg_backend_pid()")) {
            rs.next();
            long pid = rs.getLong(1);
            connection.commit();
            return pid;
        }
    }

    /** User + system CPU of a process of this machine, in clock ticks (fields 14 and 15 of /proc/PID/stat). */
    private static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Checkpoints off the writer's thread: another connection runs a passive checkpoint every {@code millis}, and the
     * writer's own (automatic, in its commits) are off.
     */
    private static final class Checkpoints {
        private final Thread thread;
        private volatile boolean stopped;
        private volatile long cpuNanos;

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
                    cpuNanos = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        /** Stops the thread; returns the CPU nanoseconds it used, to count with the writer's. */
        long stop() {
            stopped = true;
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return cpuNanos;
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
        if (keys == null && blobs) {
            ps.setBytes(first, bytes((UUID) e[0]));
            ps.setBytes(first + 1, bytes((UUID) e[1]));
            ps.setString(first + 3, (String) e[3]);
            ps.setString(first + 4, (String) e[4]);
        } else if (keys == null) {
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

    /**
     * The service's way (store.EventInserts.eachInTurn): one statement run per event, in one JDBC batch; on a schema
     * with sessions' numbers (SQLite since V30), each session's number added or looked up first, once per session of
     * the group (store.SessionKeys).
     */
    private static List<Object[]> batched(Connection connection, List<Object[]> events, Dictionary keys) throws SQLException {
        Map<String, Long> sessions = keys == null && sessionKeys ? sessionKeys(connection, events) : null;
        String sql = sessions == null
                ? insert(keys) + "(?, ?, ?, ?, ?, ?, ?, ?)" + conflict(keys)
                : "insert into events (id, client_id, session_id, category, name, data, \"timestamp\", received_at,"
                        + " session_key) values (?, ?, ?, ?, ?, ?, ?, ?, ?)" + conflict(keys);
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (Object[] e : events) {
                bind(ps, 1, e, keys);
                if (sessions != null) {
                    ps.setLong(9, sessions.get(e[1] + "\0" + e[2]));
                }
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
                        if (blobs) {
                            ps.setBytes(1, bytes((UUID) count[0]));
                        } else {
                            ps.setString(1, count[0].toString());
                        }
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

    /** Arrays typed as the service binds them: the element type decides whether the driver sends an array binary. */
    private static void unnest(Connection connection, String sql, List<Object[]> events) throws SQLException {
        int n = events.size();
        UUID[] ids = new UUID[n];
        UUID[] clients = new UUID[n];
        String[][] texts = new String[4][n];
        Long[][] instants = new Long[2][n];
        for (int i = 0; i < n; i++) {
            Object[] e = events.get(i);
            ids[i] = (UUID) e[0];
            clients[i] = (UUID) e[1];
            for (int t = 0; t < 4; t++) {
                texts[t][i] = (String) e[2 + t];
            }
            instants[0][i] = (Long) e[6];
            instants[1][i] = (Long) e[7];
        }
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setArray(1, connection.createArrayOf("uuid", ids));
            ps.setArray(2, connection.createArrayOf("uuid", clients));
            for (int t = 0; t < 4; t++) {
                ps.setArray(3 + t, connection.createArrayOf("text", texts[t]));
            }
            ps.setArray(7, connection.createArrayOf("bigint", instants[0]));
            ps.setArray(8, connection.createArrayOf("bigint", instants[1]));
            ps.execute();
        }
    }

    /**
     * The staging table, made in each group's transaction if the session has none yet (a pooler may have reset it),
     * emptied at commit (a truncation: nothing for vacuum, which never visits temporary tables).
     */
    private static final String STAGING = """
            create temporary table if not exists event_staging (
                n integer, id uuid, client_id uuid, session_id text, category text, name text, data text,
                "timestamp" timestamptz, received_at timestamptz, schema_version integer, original_timestamp timestamptz
            ) on commit delete rows
            """;

    /** 2000-01-01T00:00:00Z, PostgreSQL's epoch, in microseconds since 1970's. */
    private static final long POSTGRES_EPOCH = 946_684_800_000_000L;

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};

    /** PGCOPY binary: a header, then per row its field count and each field's length and bytes, then -1. */
    private static void copyBinary(Connection connection, List<Object[]> events) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(events.size() * 256);
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(SIGNATURE);
        out.writeInt(0);
        out.writeInt(0);
        for (int i = 0; i < events.size(); i++) {
            Object[] e = events.get(i);
            out.writeShort(11);
            out.writeInt(4);
            out.writeInt(i);
            for (int f = 0; f < 2; f++) {
                UUID id = (UUID) e[f];
                out.writeInt(16);
                out.writeLong(id.getMostSignificantBits());
                out.writeLong(id.getLeastSignificantBits());
            }
            for (int f = 2; f < 6; f++) {
                byte[] text = ((String) e[f]).getBytes(StandardCharsets.UTF_8);
                out.writeInt(text.length);
                out.write(text);
            }
            for (int f = 6; f < 8; f++) {
                out.writeInt(8);
                out.writeLong((Long) e[f] - POSTGRES_EPOCH);
            }
            out.writeInt(-1);
            out.writeInt(-1);
        }
        out.writeShort(-1);
        copy(connection, "copy pg_temp.event_staging from stdin (format binary)", bytes);
    }

    private static final DateTimeFormatter CSV_INSTANT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

    /** CSV: every field quoted, quotes doubled; instants as ISO text; empty unquoted fields are nulls. */
    private static void copyCsv(Connection connection, List<Object[]> events) throws Exception {
        StringBuilder csv = new StringBuilder(events.size() * 300);
        for (int i = 0; i < events.size(); i++) {
            Object[] e = events.get(i);
            csv.append(i).append(',').append(e[0]).append(',').append(e[1]);
            for (int f = 2; f < 6; f++) {
                csv.append(",\"").append(((String) e[f]).replace("\"", "\"\"")).append('"');
            }
            for (int f = 6; f < 8; f++) {
                long micros = (Long) e[f];
                csv.append(',').append(CSV_INSTANT.format(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                        Math.floorMod(micros, 1_000_000L) * 1000)));
            }
            csv.append(",,\n");
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(csv.length() + 16);
        bytes.write(csv.toString().getBytes(StandardCharsets.UTF_8));
        copy(connection, "copy pg_temp.event_staging from stdin (format csv)", bytes);
    }

    private static void copy(Connection connection, String copy, ByteArrayOutputStream bytes) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(STAGING);
        }
        CopyIn in = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copy);
        try {
            byte[] buffer = bytes.toByteArray();
            in.writeToCopy(buffer, 0, buffer.length);
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
        try (Statement s = connection.createStatement()) {
            s.execute(FROM_STAGING + ROLLUP_UPSERTS);
        }
    }

    private static boolean sqliteHasTable(Connection connection, String table) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("select count(*) from sqlite_master where name = ?")) {
            ps.setString(1, table);
            try (var rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }

    private static boolean hasTable(Connection connection, String table) throws SQLException {
        try (Statement s = connection.createStatement();
                var rs = s.executeQuery("select to_regclass('" + table + "') is not null")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** The group, through event_ids: the service's statement (store.EventInserts) from "new_ids" on. */
    private static final String THROUGH_IDS = """
            new_ids as (
                insert into event_ids (client_id, id, "timestamp")
                select client_id, id, "timestamp" from sent
                on conflict do nothing
                returning client_id, id
            ),
            inserted as (
                insert into events (id, client_id, session_id, category, name, data, "timestamp", received_at)
                select s.id, s.client_id, s.session_id, s.category, s.name, s.data, s."timestamp", s.received_at
                from sent s join new_ids using (client_id, id)
                order by s.n
                returning client_id, category, name, "timestamp"
            )
            """;

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
            """ + THROUGH_IDS;

    /** The group from the staging table COPY filled. */
    private static final String FROM_STAGING = """
            with sent as (
                select distinct on (client_id, id) id, client_id, session_id, category, name,
                       cast(data as jsonb) as data, "timestamp", received_at, n
                from pg_temp.event_staging
                order by client_id, id, n
            ),
            """ + THROUGH_IDS;

    /** The service's rollup upserts (store.EventInserts) from V20 to V26. */
    private static final String ROLLUP_UPSERTS_V20 = """
            , minutes as (
                insert into event_counts_minute as c (client_id, bucket, category, name, n)
                select client_id, date_trunc('minute', "timestamp", 'UTC'), category, name, count(*)
                from inserted group by 1, 2, 3, 4 order by 1, 2, category collate "C", name collate "C"
                on conflict (client_id, bucket, category, name) do update set n = c.n + excluded.n
            ),
            hours as (
                insert into event_counts_hour as c (client_id, bucket, category, name, n)
                select client_id, date_trunc('hour', "timestamp", 'UTC'), category, name, count(*)
                from inserted group by 1, 2, 3, 4 order by 1, 2, category collate "C", name collate "C"
                on conflict (client_id, bucket, category, name) do update set n = c.n + excluded.n
            )
            insert into event_counts_day as c (client_id, bucket, category, name, n)
            select client_id, date_trunc('day', "timestamp", 'UTC'), category, name, count(*)
            from inserted group by 1, 2, 3, 4 order by 1, 2, category collate "C", name collate "C"
            on conflict (client_id, bucket, category, name) do update set n = c.n + excluded.n
            """;

    /** The service's rollup upserts (store.EventInserts) since V27, with the counts by category alone. */
    private static final String ROLLUP_UPSERTS = """
            , minutes as (
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
