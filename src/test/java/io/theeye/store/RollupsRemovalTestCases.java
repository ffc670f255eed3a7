package io.theeye.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.event.Event;
import io.theeye.event.IngestBatch;
import io.theeye.store.EventExpiry.Plan;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rollups count what raw rows count after the service's own removals, not simulated ones: a deletion on request
 * ({@link EventDeletions}) by each kind of filter and an expiry ({@link EventExpiry}) with a default cutoff and
 * clients' own shorter and longer ones, with random ingest (resends among it) before, between and after. Each subclass
 * names the database and its expiry.
 */
abstract class RollupsRemovalTestCases {

    /** The first of five days the events spread over. */
    static final Instant DAY_0 = Instant.parse("2025-12-28T00:00:00Z");

    private static final Duration DAY = Duration.ofDays(1);

    private final long seed = System.nanoTime();
    private final Random random = new Random(seed);

    private HikariDataSource database;
    private EventStore store;
    private EventStats stats;
    private EventDeletions deletions;
    private EventExpiry expiry;
    private List<UUID> clients;

    abstract HikariDataSource newDatabase();

    abstract EventExpiry expiry(HikariDataSource database);

    /** Checks what the expiry of {@link #expiresThroughEveryPath} did beyond the counts; nothing by default. */
    void afterExpiry(HikariDataSource database) {}

    @BeforeEach
    void setUp() {
        database = newDatabase();
        store = TestStores.eventStore(database);
        stats = TestStores.eventStats(database);
        expiry = expiry(database);
        Clock clock = Clock.systemUTC();
        deletions = new EventDeletions(
                JdbcClient.create(database),
                TestStores.changeTransactions(database),
                SqlDialect.forUrl(database.getJdbcUrl()),
                new Rollups(SqlDialect.forUrl(database.getJdbcUrl())),
                TestStores.maintenanceLock(database, clock),
                TestStores.auditLog(database, clock),
                JsonMapper.builder().build());
        ClientStore clientStore = TestStores.clientStore(database, clock);
        clients = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clients.add(clientStore.create("removals-" + i).clientId());
        }
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void countAsRawRowsAfterRealDeletionsAndExpiry() {
        ingest(2_000);
        assertSameAnswers("after ingest");

        UUID a = clients.get(0);
        UUID b = clients.get(1);
        UUID c = clients.get(2);
        List<DeletionFilter> filters = List.of(
                new DeletionFilter(a, List.of("s1", "s4", "s7"), null, null, null, null, null),
                new DeletionFilter(
                        b,
                        null,
                        DAY_0.plus(Duration.ofHours(13)).plusNanos(123_456_000),
                        DAY_0.plus(Duration.ofHours(50)).plusNanos(7_000),
                        null,
                        null,
                        null),
                new DeletionFilter(c, null, null, null, "c1", "n2", null),
                new DeletionFilter(
                        a, null, null, null, null, null, DataCondition.of("plan", "\"pro\"", "data_path", "equals")),
                new DeletionFilter(b, List.of("s2", "s3"), DAY_0.plus(Duration.ofHours(70)), null, "c0", null, null));
        for (DeletionFilter filter : filters) {
            long matching = deletions.count(filter).events();
            assertThat(deletions.delete("test", filter).orElseThrow().events())
                    .as("deleted by %s", filter.describe())
                    .isEqualTo(matching)
                    .isPositive();
            assertSameAnswers("after deleting by " + filter.describe());
            ingest(200);
            assertSameAnswers("after ingest following the deletion by " + filter.describe());
        }

        // The default keeps from day 2; one client keeps less, another more, so that only day 0 has expired for all.
        Instant cutoff = DAY_0.plus(2 * 24 * 60 + 7 * 60 + 13, ChronoUnit.MINUTES);
        Plan plan = new Plan(
                Optional.of(cutoff),
                Map.of(
                        c,
                        DAY_0.plus(Duration.ofDays(3)).plus(Duration.ofMinutes(5 * 60 + 41)),
                        clients.get(3),
                        DAY_0.plus(DAY).plus(Duration.ofMinutes(9 * 60 + 30))),
                Optional.empty());
        assertThat(expiry.expire(plan).events()).isPositive();
        afterExpiry(database);
        assertSameAnswers("after expiry");

        // Late events for the expired days too: a dropped day's partition is made again.
        ingest(500);
        assertSameAnswers("after ingest following the expiry");
        assertThat(expiry.expire(plan).events()).isPositive();
        assertSameAnswers("after a second expiry");
    }

    @Test
    void writersStoringWhileEventsAreRemovedDoNotDeadlock() throws Exception {
        // Writers, deletions and expiry all change the same rows of the day and hour tables, and writers and deletions
        // the same minutes: a lock order that one of them breaks deadlocks, and the database fails a transaction.
        // Expiry stays before the writers' minutes: an event stored into a range while it expires is another matter.
        UUID a = clients.get(0);
        Instant busy = DAY_0.plus(Duration.ofHours(10));
        Instant written = busy.plus(Duration.ofMinutes(90));
        List<Event> old = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            old.add(event(a, "s" + random.nextInt(5), busy.plusMillis(random.nextInt(90 * 60_000)), random));
        }
        store.store(List.of(new IngestBatch(old, List.of())));
        ExecutorService writers = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> stored = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                Random own = new Random(random.nextLong());
                stored.add(writers.submit(() -> {
                    for (int g = 0; g < 60; g++) {
                        List<Event> group = new ArrayList<>();
                        for (int i = 0; i < 50; i++) {
                            group.add(
                                    event(a, "s" + own.nextInt(5), written.plusMillis(own.nextInt(90 * 60_000)), own));
                        }
                        store.store(List.of(new IngestBatch(g % 2 == 0 ? group : group.reversed(), List.of())));
                    }
                }));
            }
            for (int round = 0; stored.stream().anyMatch(f -> !f.isDone()); round++) {
                deletions.delete(
                        "test",
                        new DeletionFilter(
                                a,
                                List.of("s" + round % 3),
                                busy,
                                written.plus(Duration.ofHours(2)),
                                null,
                                null,
                                null));
                expiry.expire(new Plan(
                        Optional.empty(), Map.of(a, busy.plus(Duration.ofMinutes(round % 90))), Optional.empty()));
            }
            for (Future<?> future : stored) {
                future.get();
            }
        } finally {
            writers.shutdown();
        }
        RollupsTestCases.assertSameAnswers(
                stats, clients, random, written, "after writers and removals at once (seed " + seed + ")");
    }

    private static Event event(UUID client, String session, Instant timestamp, Random random) {
        return new Event(
                UUID.randomUUID(),
                client,
                session,
                "c" + random.nextInt(2),
                "n" + random.nextInt(2),
                "{}",
                timestamp,
                timestamp);
    }

    private void assertSameAnswers(String when) {
        String context = when + " (seed " + seed + ")";
        // The helper looks within about two days of its base: one base per part of the five days.
        for (int day = 1; day <= 4; day += 2) {
            RollupsTestCases.assertSameAnswers(stats, clients, random, DAY_0.plus(DAY.multipliedBy(day)), context);
        }
    }

    /** Random events over five days, in random groups, about a fifth of them sent again (some changed). */
    private void ingest(int count) {
        List<Event> sending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Event event = event();
            sending.add(event);
            if (random.nextInt(5) == 0) {
                // Sent again, maybe changed: the id is stored already, so nothing changes.
                sending.add(
                        random.nextBoolean()
                                ? event
                                : new Event(
                                        event.id(),
                                        event.clientId(),
                                        event.sessionId(),
                                        "c2",
                                        event.name(),
                                        event.data(),
                                        event.timestamp().plus(Duration.ofHours(30)),
                                        event.receivedAt()));
            }
        }
        int i = 0;
        while (i < sending.size()) {
            int size = 1 + random.nextInt(300);
            store.store(List.of(new IngestBatch(sending.subList(i, Math.min(sending.size(), i + size)), List.of())));
            i += size;
        }
    }

    private Event event() {
        // Mostly in a few busy hours of each day, so that minutes hold several; the rest anywhere in the five days.
        long micros = random.nextInt(3) == 0
                ? random.nextLong(5 * DAY.toSeconds() * 1_000_000)
                : random.nextInt(5) * DAY.toSeconds() * 1_000_000
                        + 10 * 3600 * 1_000_000L
                        + random.nextLong(3 * 3600 * 1_000_000L);
        Instant timestamp = DAY_0.plusNanos(micros * 1000);
        return new Event(
                UUID.randomUUID(),
                clients.get(random.nextInt(clients.size())),
                "s" + random.nextInt(10),
                "c" + random.nextInt(3),
                "n" + random.nextInt(3),
                "{\"plan\":\"" + (random.nextInt(3) == 0 ? "pro" : "free") + "\"}",
                timestamp,
                timestamp);
    }
}
