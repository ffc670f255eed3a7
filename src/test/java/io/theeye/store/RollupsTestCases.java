package io.theeye.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.event.Event;
import io.theeye.event.EventFilter;
import io.theeye.event.IngestBatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The rollups count what raw rows count: after random ingest (duplicates resent), after deletions one by one
 * ({@link Rollups#subtract}) and after ranges removed ({@link Rollups#removeRange}), for every interval and grouping
 * the stats support, on each database; each subclass names the database.
 */
abstract class RollupsTestCases {

    /** A Sunday before midnight: the data crosses minutes, hours, days and a month. */
    private static final Instant BASE = Instant.parse("2025-12-31T21:17:00Z");

    private static final List<List<String>> GROUPINGS =
            List.of(List.of(), List.of("category"), List.of("name"), List.of("category", "name"));

    private final long seed = System.nanoTime();
    private final Random random = new Random(seed);

    private HikariDataSource dataSource;
    private EventStore store;
    private EventStats stats;
    private Rollups rollups;
    private JdbcClient jdbc;
    private TransactionTemplate transaction;
    private SqlDialect dialect;
    private List<UUID> clients;

    abstract HikariDataSource newDatabase();

    @BeforeEach
    void setUp() {
        dataSource = newDatabase();
        dialect = SqlDialect.forUrl(dataSource.getJdbcUrl());
        store = TestStores.eventStore(dataSource);
        stats = TestStores.eventStats(dataSource);
        rollups = new Rollups(dialect);
        jdbc = JdbcClient.create(dataSource);
        transaction = new TransactionTemplate(new JdbcTransactionManager(dataSource));
        ClientStore clientStore = TestStores.clientStore(dataSource, Clock.systemUTC());
        clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clients.add(clientStore.create("rollups-" + i).clientId());
        }
    }

    @AfterEach
    void tearDown() {
        dataSource.close();
    }

    @Test
    void countAsRawRowsAfterIngestDeletionAndExpiry() {
        List<Event> sent = ingest(1_500);
        assertSameAnswers("after ingest");

        List<Event> deleted = new ArrayList<>();
        for (Event event : sent) {
            if (random.nextInt(5) == 0) {
                deleted.add(event);
            }
        }
        deleteOneByOne(deleted);
        assertSameAnswers("after deleting " + deleted.size() + " events one by one");

        for (int i = 0; i < 6; i++) {
            UUID client = random.nextInt(3) == 0 ? null : clients.get(random.nextInt(clients.size()));
            Instant from = BASE.plus(Duration.ofMinutes(random.nextInt(6 * 60) - 60));
            Instant to = from.plus(Duration.ofMinutes(1 + random.nextInt(i % 2 == 0 ? 90 : 2 * 24 * 60)));
            removeRange(client, from, to);
            assertSameAnswers("after removing " + client + " from " + from + " to " + to);
            ingest(100);
            assertSameAnswers("after ingest following the removal of " + from + " to " + to);
        }
    }

    @Test
    void writersStoringAtOnceKeepTheCountsExact() throws Exception {
        // Every group touches the same few rows of each table, in opposite orders: writers must neither deadlock nor
        // lose an update.
        List<List<Event>> groups = new ArrayList<>();
        for (int g = 0; g < 24; g++) {
            List<Event> group = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                Event event = event(UUID.randomUUID());
                group.add(new Event(
                        event.id(),
                        event.clientId(),
                        event.sessionId(),
                        event.category(),
                        event.name(),
                        "{}",
                        BASE.plusSeconds(random.nextInt(180)),
                        BASE,
                        null,
                        null));
            }
            groups.add(g % 2 == 0 ? group : group.reversed());
        }
        ExecutorService executor = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> stored = new ArrayList<>();
            for (List<Event> group : groups) {
                stored.add(executor.submit(() -> store.store(List.of(new IngestBatch(group, List.of())))));
            }
            for (Future<?> future : stored) {
                future.get();
            }
        } finally {
            executor.shutdown();
        }

        assertSameAnswers("after concurrent writers");
        assertThat(stats.count(BASE, BASE.plus(Duration.ofHours(1)))).isEqualTo(24 * 200);
    }

    @Test
    void cutsARangeIntoWholeBucketsOfEachTableAndRawEdges() {
        Instant from = Instant.parse("2026-01-01T22:58:30Z");
        Instant to = Instant.parse("2026-01-03T01:02:00.5Z");

        assertThat(RollupQuery.parts(from, to, Interval.DAY))
                .containsExactly(
                        new RollupQuery.Part(null, from, Instant.parse("2026-01-01T22:59:00Z")),
                        new RollupQuery.Part(
                                Interval.MINUTE,
                                Instant.parse("2026-01-01T22:59:00Z"),
                                Instant.parse("2026-01-01T23:00:00Z")),
                        new RollupQuery.Part(
                                Interval.HOUR,
                                Instant.parse("2026-01-01T23:00:00Z"),
                                Instant.parse("2026-01-02T00:00:00Z")),
                        new RollupQuery.Part(
                                Interval.DAY,
                                Instant.parse("2026-01-02T00:00:00Z"),
                                Instant.parse("2026-01-03T00:00:00Z")),
                        new RollupQuery.Part(
                                Interval.HOUR,
                                Instant.parse("2026-01-03T00:00:00Z"),
                                Instant.parse("2026-01-03T01:00:00Z")),
                        new RollupQuery.Part(
                                Interval.MINUTE,
                                Instant.parse("2026-01-03T01:00:00Z"),
                                Instant.parse("2026-01-03T01:02:00Z")),
                        new RollupQuery.Part(null, Instant.parse("2026-01-03T01:02:00Z"), to));
        assertThat(RollupQuery.parts(from, to, Interval.MINUTE)).hasSize(3);
    }

    /** Random events, in random groups, about a fifth of them sent again (some changed): never counted twice. */
    private List<Event> ingest(int count) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(event(UUID.randomUUID()));
        }
        List<Event> sending = new ArrayList<>(events);
        for (Event event : events) {
            if (random.nextInt(5) == 0) {
                // Sent again, maybe with another timestamp or type: the id is stored already, so nothing changes.
                sending.add(
                        random.nextBoolean()
                                ? event
                                : new Event(
                                        event.id(),
                                        event.clientId(),
                                        event.sessionId(),
                                        "resent",
                                        event.name(),
                                        event.data(),
                                        event.timestamp().plusSeconds(3600),
                                        event.receivedAt(),
                                        null,
                                        null));
            }
        }
        int i = 0;
        while (i < sending.size()) {
            int size = 1 + random.nextInt(300);
            List<Event> group = sending.subList(i, Math.min(sending.size(), i + size));
            store.store(List.of(new IngestBatch(group, List.of())));
            i += size;
        }
        return events;
    }

    private Event event(UUID id) {
        UUID client = clients.get(random.nextInt(clients.size()));
        // Mostly near each other, so that buckets hold several; some to the microsecond anywhere in three days.
        long micros = random.nextInt(4) == 0
                ? random.nextLong(3L * 24 * 3600 * 1_000_000) - 24L * 3600 * 1_000_000
                : random.nextLong(4 * 3600 * 1_000_000L);
        Instant timestamp = BASE.plusNanos(micros * 1000);
        return new Event(
                id,
                client,
                "s" + random.nextInt(20),
                "c" + random.nextInt(3),
                "n" + random.nextInt(3),
                "{}",
                timestamp,
                timestamp,
                null,
                null);
    }

    private void deleteOneByOne(List<Event> events) {
        transaction.executeWithoutResult(status -> {
            for (Event event : events) {
                jdbc.sql("delete from events where client_id = ? and id = ?")
                        .params(dialect.uuid(event.clientId()), dialect.uuid(event.id()))
                        .update();
            }
            rollups.subtract(
                    jdbc,
                    events.stream()
                            .map(e -> new RemovedEvent(e.clientId(), e.category(), e.name(), e.timestamp()))
                            .toList());
        });
    }

    private void removeRange(UUID client, Instant from, Instant to) {
        transaction.executeWithoutResult(status -> {
            Map<String, Object> params = new HashMap<>();
            params.put("from", dialect.timestamp(from));
            params.put("to", dialect.timestamp(to));
            if (client != null) {
                params.put("client", dialect.uuid(client));
            }
            jdbc.sql("delete from events where \"timestamp\" >= :from and \"timestamp\" < :to"
                            + (client == null ? "" : " and client_id = :client"))
                    .params(params)
                    .update();
            rollups.removeRange(jdbc, client, from, to);
        });
    }

    private void assertSameAnswers(String when) {
        assertSameAnswers(stats, clients, random, BASE, when + " (seed " + seed + ")");
    }

    /**
     * Asserts that the rollups answer as raw rows do, for random filters near {@code base} (the data lies within a
     * day or two of it) and each client's whole range, by every interval and grouping, and for perMinute and count.
     */
    static void assertSameAnswers(EventStats stats, List<UUID> clients, Random random, Instant base, String context) {
        List<EventFilter> filters = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            UUID client = i == 0 ? null : clients.get(random.nextInt(clients.size()));
            String category = random.nextInt(3) == 0 ? "c" + random.nextInt(3) : null;
            String name = random.nextInt(3) == 0 ? "n" + random.nextInt(3) : null;
            Instant from = instantNear(random, base, i % 2 == 0);
            Instant to = from.plus(Duration.ofSeconds(1 + random.nextInt(3 * 24 * 3600)));
            if (i % 4 == 1) {
                to = from.plus(Duration.ofMinutes(1 + random.nextInt(600)));
            }
            filters.add(new EventFilter(client, null, category, name, from, to));
        }
        for (UUID client : clients) {
            filters.add(new EventFilter(
                    client, null, null, null, base.minus(Duration.ofDays(2)), base.plus(Duration.ofDays(4))));
        }
        filters.add(new EventFilter(
                null, null, "c1", null, base.minus(Duration.ofHours(1)), base.plus(Duration.ofHours(30))));
        long counted = 0;
        for (EventFilter filter : filters) {
            for (Interval interval : Interval.values()) {
                for (List<String> groupBy : GROUPINGS) {
                    List<EventStats.BucketCount> raw = stats.rawCounts(filter, interval, groupBy, 1_000_000);
                    assertThat(stats.counts(filter, interval, groupBy, 1_000_000))
                            .as("%s by %s and %s, %s", filter, interval, groupBy, context)
                            .isEqualTo(raw);
                    counted += raw.size();
                }
            }
            assertThat(stats.counts(filter, Interval.HOUR, List.of("category"), 3))
                    .as("a limited answer, %s", context)
                    .isEqualTo(stats.rawCounts(filter, Interval.HOUR, List.of("category"), 3));
        }
        assertThat(counted).as("buckets with events, %s", context).isPositive();
        Comparator<EventStats.MinuteCount> order =
                Comparator.comparing(EventStats.MinuteCount::minute).thenComparing(EventStats.MinuteCount::category);
        for (int i = 0; i < 4; i++) {
            Instant from = instantNear(random, base, true);
            Instant to = from.plus(Duration.ofMinutes(1 + random.nextInt(i == 0 ? 3 * 24 * 60 : 120)));
            assertThat(stats.perMinute(from, to).stream().sorted(order).toList())
                    .as("minutes from %s to %s, %s", from, to, context)
                    .isEqualTo(
                            stats.rawPerMinute(from, to).stream().sorted(order).toList());
            Instant end = from.plus(Duration.ofSeconds(1 + random.nextInt(3 * 24 * 3600)));
            assertThat(stats.count(from, end))
                    .as("count from %s to %s, %s", from, end, context)
                    .isEqualTo(stats.rawCount(from, end));
        }
    }

    /** Near the data: on a whole minute, or anywhere to the microsecond. */
    private static Instant instantNear(Random random, Instant base, boolean wholeMinute) {
        Instant instant = base.minus(Duration.ofHours(4)).plusNanos(random.nextLong(2L * 24 * 3600 * 1_000_000) * 1000);
        return wholeMinute ? Instant.ofEpochSecond(instant.getEpochSecond() / 60 * 60) : instant;
    }
}
