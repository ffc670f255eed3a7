import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
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
public class StoreInsert {

    private static final String DATA =
            "{\"host\": \"www.example.com\", \"path\": \"/checkout/cart\", \"referrer\": \"https://www.example.org/\", \"n\": 12345}";

    private static long clock = System.currentTimeMillis() * 1000;

    public static void main(String[] args) throws Exception {
        int groups = Integer.parseInt(args[0]);
        int size = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        String pgUrl = args[3];
        List<String> variants = new ArrayList<>(
                List.of("postgres-unnest", "sqlite", "sqlite-no-secondary-index"));
        if (args.length > 4 && !args[4].isBlank()) {
            variants.add("postgres-unnest@V" + args[4]);
            variants.add("sqlite@V" + args[4]);
        }
        Path dir = Files.createTempDirectory("the-eye-store-bench");
        Map<String, List<Double>> results = new LinkedHashMap<>();
        Map<String, Long> stored = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (String variant : variants) {
                try (Connection connection = open(variant, pgUrl, dir.resolve(variant + "-" + round + ".db"))) {
                    results.computeIfAbsent(variant, v -> new ArrayList<>()).add(run(connection, variant, groups, size));
                    stored.put(variant, storedBytes(connection, variant) / ((long) groups * size));
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
            for (Path migration : migrations.filter(m -> version(m) <= until).sorted((a, b) -> version(a) - version(b)).toList()) {
                for (String statement : statements(Files.readString(migration).replaceAll("--[^\n]*", ""))) {
                    boolean secondaryIndex = statement.contains("create index") && statement.contains(" on events ");
                    if (!statement.isBlank() && !(secondaryIndex && variant.endsWith("no-secondary-index"))) {
                        s.execute(statement);
                    }
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

    private static double run(Connection connection, String variant, int groups, int size) throws SQLException {
        UUID client = UUID.randomUUID();
        SplittableRandom random = new SplittableRandom();
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
                case "postgres-unnest" -> unnest(connection, events);
                case String v when v.startsWith("postgres-unnest@") -> unnest(connection, events);
                default -> batched(connection, events, false);
            }
            connection.commit();
        }
        return (double) groups * size / ((System.nanoTime() - start) / 1e9);
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

    private static void unnest(Connection connection, List<Object[]> events) throws SQLException {
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
