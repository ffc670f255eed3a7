package io.theeye.store;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.event.Event;
import io.theeye.event.IngestBatch;
import io.theeye.store.EventExpiry.Plan;
import io.theeye.store.EventExpiry.Removed;
import io.theeye.support.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Expiry on SQLite beside ingest (bench/expiry-sqlite.sh runs it): a file with {@code rows} expired events of
 * {@code clients} clients, then a writer storing groups of {@code groupEvents} recent events every {@code everyMillis}
 * (as the group commit does under a steady load) for {@code seconds} without expiry, then while expiry removes them
 * all. Prints how long each expiry transaction held the write lock (longest, p99, p50), and the writer's commit
 * latency (p50, p99, longest) in both phases.
 *
 * <p>{@code java -cp ... io.theeye.store.SqliteExpiryBench [rows] [clients] [seconds] [groupEvents] [everyMillis]}
 */
public final class SqliteExpiryBench {

    private SqliteExpiryBench() {}

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int clients = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int groupEvents = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        int everyMillis = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        String url = TestDatabases.newSqliteUrl();
        try (HikariDataSource database = TestStores.migrated(url, "", "");
                HikariDataSource writers =
                        TestStores.writerPool(TestStores.properties(url, "", "", Duration.ofSeconds(60)))) {
            Instant now = Instant.now();
            Instant cutoff = now.minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.MINUTES);
            long began = System.nanoTime();
            fill(database, rows, clients, cutoff);
            System.out.printf("filled %d expired events of %d clients in %d s%n", rows, clients, seconds(began));

            EventStore store = TestStores.eventStore(writers);
            List<Duration> quiet =
                    ingest(store, Duration.ofSeconds(seconds), groupEvents, everyMillis, new AtomicBoolean());
            report("ingest without expiry", quiet);

            List<Duration> commits = Collections.synchronizedList(new ArrayList<>());
            ChangeTransactions changes = TestStores.changeTransactions(database);
            // Times the commit alone: from the end of the removal to the transaction's return.
            TransactionTemplate timedCommits = new TransactionTemplate() {
                @Override
                public <T> T execute(TransactionCallback<T> action) {
                    long[] removed = new long[1];
                    T result = changes.execute(status -> {
                        T value = action.doInTransaction(status);
                        removed[0] = System.nanoTime();
                        return value;
                    });
                    commits.add(Duration.ofNanos(System.nanoTime() - removed[0]));
                    return result;
                }
            };
            SqliteEventExpiry expiry = new SqliteEventExpiry(
                    JdbcClient.create(database), SqlDialect.SQLITE, new Rollups(SqlDialect.SQLITE), timedCommits);
            AtomicBoolean expiring = new AtomicBoolean(true);
            long[] took = new long[1];
            Removed[] removed = new Removed[1];
            Thread expiryThread = Thread.ofPlatform().start(() -> {
                long start = System.nanoTime();
                removed[0] = expiry.expire(new Plan(Optional.of(cutoff), Map.of(), Optional.empty()));
                took[0] = System.nanoTime() - start;
                expiring.set(false);
            });
            List<Duration> busy = ingest(store, Duration.ofHours(1), groupEvents, everyMillis, expiring);
            expiryThread.join();
            report("ingest during expiry", busy);
            List<Duration> holds = new ArrayList<>(expiry.holds());
            System.out.printf(
                    "expiry removed %d events in %.1f s, %d transactions; write lock held: longest %.1f ms, p99 %.1f ms,"
                            + " p50 %.1f ms%n",
                    removed[0].events(),
                    took[0] / 1e9,
                    holds.size(),
                    millis(Collections.max(holds)),
                    millis(percentile(holds, 0.99)),
                    millis(percentile(holds, 0.50)));
            System.out.printf(
                    "of which the commit (fsync, WAL checkpoint): longest %.1f ms, p99 %.1f ms, p50 %.1f ms%n",
                    millis(Collections.max(commits)),
                    millis(percentile(commits, 0.99)),
                    millis(percentile(commits, 0.50)));
        }
    }

    /** Expired events, spread over the 60 days before the cutoff, made by the database itself. */
    private static void fill(HikariDataSource database, int rows, int clients, Instant cutoff) {
        JdbcClient jdbc = JdbcClient.create(database);
        long end = io.theeye.event.EpochMicros.of(cutoff) - 1;
        long span = Duration.ofDays(60).toNanos() / 1000;
        // Since V30 each event carries its session's number (SessionKeys): 100,000 sessions first, each of one client.
        jdbc.sql("""
                with recursive n(i) as (select 0 union all select i + 1 from n where i < 99999)
                insert into sessions (client_id, session_id)
                select unhex(printf('%032d', i % ?)), 'session-' || i from n
                """).param(clients).update();
        for (int done = 0; done < rows; done += 100_000) {
            int chunk = Math.min(100_000, rows - done);
            jdbc.sql("""
                    with recursive n(i) as (select 1 union all select i + 1 from n where i < ?)
                    insert into events (id, client_id, session_id, session_key, category, name, data, "timestamp",
                        received_at)
                    select randomblob(16), s.client_id, s.session_id, s.k,
                           'category-' || (abs(random()) % 20),
                           'name-' || (abs(random()) % 50),
                           '{"path": "/products/42", "referrer": "https://example.com/"}',
                           ? - (abs(random()) % ?),
                           ?
                    from (select abs(random()) % 100000 + 1 as k from n) r join sessions s on s.k = r.k
                    """).params(chunk, end, span, end).update();
        }
    }

    /** Stores a group every so often until the time is up or {@code until} turns false; each store's latency. */
    private static List<Duration> ingest(
            EventStore store, Duration atMost, int groupEvents, int everyMillis, AtomicBoolean until) throws Exception {
        List<Duration> latencies = new ArrayList<>();
        UUID client = UUID.randomUUID();
        long deadline = System.nanoTime() + atMost.toNanos();
        boolean untilExpiryEnds = until.get();
        while (System.nanoTime() < deadline && (!untilExpiryEnds || until.get())) {
            List<Event> group = new ArrayList<>(groupEvents);
            Instant now = Instant.now();
            for (int i = 0; i < groupEvents; i++) {
                group.add(new Event(UUID.randomUUID(), client, "s", "page", "view", "{}", now, now));
            }
            long start = System.nanoTime();
            store.store(List.of(new IngestBatch(group, List.of())));
            latencies.add(Duration.ofNanos(System.nanoTime() - start));
            Thread.sleep(everyMillis);
        }
        return latencies;
    }

    private static void report(String phase, List<Duration> latencies) {
        System.out.printf(
                "%s: %d commits, latency p50 %.1f ms, p99 %.1f ms, longest %.1f ms%n",
                phase,
                latencies.size(),
                millis(percentile(latencies, 0.50)),
                millis(percentile(latencies, 0.99)),
                millis(Collections.max(latencies)));
    }

    private static Duration percentile(List<Duration> values, double p) {
        List<Duration> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
    }

    private static double millis(Duration duration) {
        return duration.toNanos() / 1e6;
    }

    private static long seconds(long since) {
        return (System.nanoTime() - since) / 1_000_000_000L;
    }
}
