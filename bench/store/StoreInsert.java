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
 * <p>Args: GROUPS GROUP_SIZE ROUNDS PG_URL [VERSION] [VARIANTS]. Variants: PostgreSQL with one unnest statement (the
 * service's way; through event_ids since V19, counting the rollups since V20); PostgreSQL with the group sent by COPY
 * (binary, or CSV) into a temporary staging table, then one statement moving it through event_ids into events and the
 * rollups (measured against unnest, not taken); SQLite as the service runs it, and without its three secondary
 * indexes (not an option: a measure of what they cost). With VERSION, also the unnest way on each database migrated
 * only up to that version ({@code postgres-unnest@V14}, {@code sqlite@V14}): what the migrations since cost ingest.
 * VARIANTS (space-separated names) runs only those.
 *
 * <p>Besides events/s, each PostgreSQL variant's server process CPU per event (user + system from /proc, so only with
 * the server on this machine) and this process's CPU per event (the thread that builds and sends the group).
 */
public class StoreInsert {

    private static final String DATA =
            "{\"host\": \"www.example.com\", \"path\": \"/checkout/cart\", \"referrer\": \"https://www.example.org/\", \"n\": 12345}";

    private static long clock = System.currentTimeMillis() * 1000;

    /** Clock ticks per second of /proc's CPU times (getconf CLK_TCK). */
    private static final double TICKS = 100;

    public static void main(String[] args) throws Exception {
        int groups = Integer.parseInt(args[0]);
        int size = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        String pgUrl = args[3];
        List<String> variants = new ArrayList<>(List.of(
                "postgres-unnest", "postgres-copy-binary", "postgres-copy-csv", "sqlite", "sqlite-no-secondary-index"));
        if (args.length > 4 && !args[4].isBlank()) {
            variants.add("postgres-unnest@V" + args[4]);
            variants.add("sqlite@V" + args[4]);
        }
        if (args.length > 5 && !args[5].isBlank()) {
            List<String> chosen = List.of(args[5].trim().split("\\s+"));
            variants.retainAll(chosen);
        }
        Path dir = Files.createTempDirectory("the-eye-store-bench");
        Map<String, List<Double>> results = new LinkedHashMap<>();
        Map<String, List<Double>> serverCpu = new LinkedHashMap<>();
        Map<String, List<Double>> clientCpu = new LinkedHashMap<>();
        Map<String, Long> stored = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (String variant : variants) {
                try (Connection connection = open(variant, pgUrl, dir.resolve(variant + "-" + round + ".db"))) {
                    double[] run = run(connection, variant, groups, size);
                    results.computeIfAbsent(variant, v -> new ArrayList<>()).add(run[0]);
                    serverCpu.computeIfAbsent(variant, v -> new ArrayList<>()).add(run[1]);
                    clientCpu.computeIfAbsent(variant, v -> new ArrayList<>()).add(run[2]);
                    stored.put(variant, storedBytes(connection, variant) / ((long) groups * size));
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
            Properties properties = new Properties();
            properties.setProperty("journal_mode", "WAL");
            properties.setProperty("synchronous", "FULL");
            connection = DriverManager.getConnection("jdbc:sqlite:" + file, properties);
        }
        try (Statement s = connection.createStatement();
                var migrations = Files.list(Path.of("src/main/resources/db/migration", vendor))) {
            int until = variant.contains("@V") ? Integer.parseInt(variant.substring(variant.indexOf("@V") + 2)) : Integer.MAX_VALUE;
            // On PostgreSQL each migration in a transaction of its own, as Flyway runs them (V20 locks a table).
            connection.setAutoCommit(!vendor.equals("postgresql"));
            for (Path migration : migrations.filter(m -> version(m) <= until).sorted((a, b) -> version(a) - version(b)).toList()) {
                for (String statement : statements(Files.readString(migration).replaceAll("--[^\n]*", ""))) {
                    boolean secondaryIndex = statement.contains("create index") && statement.contains(" on events ");
                    if (!statement.isBlank() && !(secondaryIndex && variant.endsWith("no-secondary-index"))) {
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

    /** Events/s, then the server process's and this thread's CPU µs per event. */
    private static double[] run(Connection connection, String variant, int groups, int size) throws Exception {
        UUID client = UUID.randomUUID();
        SplittableRandom random = new SplittableRandom();
        boolean postgres = variant.startsWith("postgres");
        long backend = postgres ? backendPid(connection) : 0;
        long serverTicks = postgres ? cpuTicks(backend) : 0;
        var threads = ManagementFactory.getThreadMXBean();
        long clientNanos = threads.getCurrentThreadCpuTime();
        // The statement of the schema's version: before V19, without event_ids; before V20, without rollups.
        String unnest = !postgres ? null
                : !hasTable(connection, "event_ids") ? UNNEST
                : hasTable(connection, "event_counts_day_category") ? UNNEST_THROUGH_IDS + ROLLUP_UPSERTS
                : hasTable(connection, "event_counts_day") ? UNNEST_THROUGH_IDS + ROLLUP_UPSERTS_V20
                : UNNEST_THROUGH_IDS + "select 1 from inserted";
        connection.commit();
        long start = System.nanoTime();
        for (int g = 0; g < groups; g++) {
            List<Object[]> events = new ArrayList<>(size);
            String session = null;
            for (int i = 0; i < size; i++) {
                clock += 10;
                // A session lasts a few events, as in bench/common.lua.
                session = i % 6 == 0 ? UUID.randomUUID().toString() : session;
                events.add(new Object[] {
                    new UUID((clock << 16) | 0x7000, random.nextLong() | Long.MIN_VALUE), client, session,
                    "category " + random.nextInt(10), "name " + random.nextInt(20), DATA, clock, clock
                });
            }
            switch (variant) {
                case "postgres-copy-binary" -> copyBinary(connection, events);
                case "postgres-copy-csv" -> copyCsv(connection, events);
                case String v when v.startsWith("postgres-unnest") -> unnest(connection, unnest, events);
                default -> batched(connection, events, false);
            }
            connection.commit();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double events = (double) groups * size;
        double server = postgres ? (cpuTicks(backend) - serverTicks) / TICKS * 1e6 / events : 0;
        double own = (threads.getCurrentThreadCpuTime() - clientNanos) / 1e3 / events;
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

    private static void batched(Connection connection, List<Object[]> events, boolean postgres) throws SQLException {
        String sql = "insert into events (id, client_id, session_id, category, name, data, \"timestamp\", received_at)"
                + (postgres ? " values (?, ?, ?, ?, ?, cast(? as jsonb), ?, ?)" : " values (?, ?, ?, ?, ?, ?, ?, ?)")
                + " on conflict (client_id, id) do nothing";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (Object[] e : events) {
                for (int i = 0; i < 8; i++) {
                    Object value = e[i];
                    if (value instanceof UUID id) {
                        ps.setObject(i + 1, postgres ? id : id.toString());
                    } else if (value instanceof Long micros) {
                        ps.setObject(i + 1, postgres ? Instant.ofEpochSecond(0, micros * 1000).atOffset(ZoneOffset.UTC) : micros);
                    } else {
                        ps.setString(i + 1, (String) value);
                    }
                }
                ps.addBatch();
            }
            ps.executeBatch();
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
