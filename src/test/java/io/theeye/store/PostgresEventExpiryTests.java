package io.theeye.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.event.Event;
import io.theeye.event.FieldError;
import io.theeye.event.IngestBatch;
import io.theeye.event.RejectedEvent;
import io.theeye.support.TestDatabases;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Expiry on PostgreSQL: whole days dropped with their partitions, the rest deleted in batches, counts exact. */
class PostgresEventExpiryTests {

    private static final Instant DAY_1 = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant DAY_2 = DAY_1.plus(1, ChronoUnit.DAYS);
    private static final Instant DAY_3 = DAY_1.plus(2, ChronoUnit.DAYS);
    private static final UUID A = UUID.randomUUID();
    private static final UUID B = UUID.randomUUID();
    private static final UUID C = UUID.randomUUID();

    private HikariDataSource dataSource;
    private JdbcClient jdbc;
    private EventStore store;
    private EventExpiry expiry;

    @BeforeEach
    void setUp() {
        dataSource = TestStores.migrated(
                TestDatabases.newPostgresSchemaUrl(), TestDatabases.POSTGRES_USER, TestDatabases.POSTGRES_PASSWORD);
        jdbc = JdbcClient.create(dataSource);
        store = TestStores.eventStore(dataSource);
        expiry = new PostgresEventExpiry(
                jdbc,
                new TransactionTemplate(new JdbcTransactionManager(dataSource)),
                new Rollups(SqlDialect.POSTGRESQL),
                store.partitions());
        for (UUID client : List.of(A, B, C)) {
            jdbc.sql("insert into clients (client_id, name, secret_key, created_at) values (?, ?, 'secret', now())")
                    .params(client, client.toString())
                    .update();
        }
    }

    @AfterEach
    void tearDown() {
        dataSource.close();
    }

    @Test
    void dropsTheDaysBeforeTheCutoffWholeAndDeletesTheRestOfItsDay() {
        store(event(A, DAY_1.plusSeconds(10)), event(B, DAY_1.plusSeconds(20)), event(A, DAY_1.plusSeconds(86_399)));
        store(event(A, DAY_2), event(C, DAY_2.plus(5, ChronoUnit.HOURS)));
        Event expiredOnDay3 = event(A, DAY_3.plus(10, ChronoUnit.HOURS));
        Event kept = event(B, DAY_3.plus(11, ChronoUnit.HOURS));
        store(expiredOnDay3, kept);
        assertThat(partitions()).contains("events_20250101", "events_20250102", "events_20250103");

        EventExpiry.Removed removed = expiry.expire(
                new EventExpiry.Plan(Optional.of(DAY_3.plus(11, ChronoUnit.HOURS)), Map.of(), Optional.empty()));

        assertThat(removed).isEqualTo(new EventExpiry.Removed(6, 0));
        assertThat(partitions())
                .doesNotContain("events_20250101", "events_20250102")
                .contains("events_20250103");
        assertThat(ids("events")).containsExactly(kept.id());
        assertThat(ids("event_ids")).containsExactly(kept.id());
        // An expired event's id is forgotten with it: sent again, it is stored again.
        store(expiredOnDay3);
        assertThat(ids("events")).containsExactlyInAnyOrder(kept.id(), expiredOnDay3.id());
    }

    @Test
    void deletesEachClientsEventsBeforeItsOwnCutoffWhenClientsDiffer() {
        // Every hour of three days, for each client.
        for (UUID client : List.of(A, B, C)) {
            store(IntStream.range(0, 72)
                    .mapToObj(hour -> event(client, DAY_1.plus(hour, ChronoUnit.HOURS)))
                    .toArray(Event[]::new));
        }
        // A has the global retention; B keeps less (its cutoff is later); C keeps more (its cutoff is earlier).
        EventExpiry.Plan plan = new EventExpiry.Plan(
                Optional.of(DAY_2),
                Map.of(B, DAY_3.plus(6, ChronoUnit.HOURS), C, DAY_1.plus(12, ChronoUnit.HOURS)),
                Optional.empty());

        EventExpiry.Removed removed = expiry.expire(plan);

        assertThat(removed.events()).isEqualTo(24 + 54 + 12);
        assertThat(oldest(A)).isEqualTo(DAY_2);
        assertThat(oldest(B)).isEqualTo(DAY_3.plus(6, ChronoUnit.HOURS));
        assertThat(oldest(C)).isEqualTo(DAY_1.plus(12, ChronoUnit.HOURS));
        assertThat(count("events")).isEqualTo(3 * 72 - 90);
        assertThat(count("event_ids")).isEqualTo(3 * 72 - 90);
        // C's day 1 is kept in part: no partition could go.
        assertThat(partitions()).contains("events_20250101");
    }

    @Test
    void deletesInBatchesEvenAMinuteHoldingMoreThanABatch() {
        Instant minute = DAY_1.plus(3, ChronoUnit.HOURS);
        List<Event> crowded = new ArrayList<>();
        for (int i = 0; i < PostgresEventExpiry.BATCH + 500; i++) {
            crowded.add(event(A, minute.plusMillis(i)));
        }
        store(crowded.toArray(Event[]::new));
        store(IntStream.range(0, 30)
                .mapToObj(i -> event(A, minute.plus(i + 1, ChronoUnit.MINUTES)))
                .toArray(Event[]::new));
        store(event(A, minute.plus(40, ChronoUnit.MINUTES)));

        // Only this client's retention: everyone else keeps everything, so nothing can be dropped whole.
        EventExpiry.Removed removed = expiry.expire(new EventExpiry.Plan(
                Optional.empty(), Map.of(A, minute.plus(31, ChronoUnit.MINUTES)), Optional.empty()));

        assertThat(removed.events()).isEqualTo(PostgresEventExpiry.BATCH + 500 + 30);
        assertThat(count("events")).isEqualTo(1);
        assertThat(count("event_ids")).isEqualTo(1);
    }

    @Test
    void takesACutoffDownToItsMinute() {
        Instant cutoff = DAY_1.plus(90, ChronoUnit.SECONDS);
        store(event(A, DAY_1.plusSeconds(59)), event(A, DAY_1.plusSeconds(61)), event(A, cutoff));

        EventExpiry.Removed removed =
                expiry.expire(new EventExpiry.Plan(Optional.empty(), Map.of(A, cutoff), Optional.empty()));

        assertThat(removed.events()).isEqualTo(1);
        assertThat(count("events")).isEqualTo(2);
    }

    @Test
    void removesRefusedEventsReceivedBeforeTheirCutoff() {
        Instant cutoff = Instant.parse("2026-01-01T00:00:00Z");
        List<RejectedEvent> rejected = new ArrayList<>();
        for (int i = 0; i < PostgresEventExpiry.BATCH + 10; i++) {
            rejected.add(rejected(cutoff.minusSeconds(i + 1)));
        }
        rejected.add(rejected(cutoff));
        rejected.add(rejected(cutoff.plusSeconds(1)));
        store.store(List.of(new IngestBatch(List.of(), rejected)));

        EventExpiry.Removed removed =
                expiry.expire(new EventExpiry.Plan(Optional.empty(), Map.of(), Optional.of(cutoff)));

        assertThat(removed).isEqualTo(new EventExpiry.Removed(0, PostgresEventExpiry.BATCH + 10));
        assertThat(count("rejected_events")).isEqualTo(2);
    }

    @Test
    void everyEventStoredWhileItsDayIsDroppedIsStoredOrCountedAsRemoved() {
        // Late events for a day that expiry drops again and again: each store must succeed (a writer remakes the day
        // when its partition went), and each event is either still there or counted once as removed.
        int stores = 40;
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < stores; i++) {
                store(event(A, DAY_1.plusSeconds(i)));
            }
        });
        long removed = 0;
        EventExpiry.Plan dropDay1 = new EventExpiry.Plan(Optional.of(DAY_2), Map.of(), Optional.empty());
        while (!writing.isDone()) {
            removed += expiry.expire(dropDay1).events();
        }
        writing.join();

        assertThat(count("events") + removed).isEqualTo(stores);
        assertThat(count("event_ids")).isEqualTo(count("events"));
    }

    @Test
    void keepsEverythingWhenThePlanSaysSo() {
        store(event(A, DAY_1), event(B, DAY_2));

        EventExpiry.Removed removed = expiry.expire(new EventExpiry.Plan(Optional.empty(), Map.of(), Optional.empty()));

        assertThat(removed).isEqualTo(new EventExpiry.Removed(0, 0));
        assertThat(count("events")).isEqualTo(2);
        assertThat(partitions()).contains("events_20250101", "events_20250102");
    }

    private void store(Event... events) {
        store.store(List.of(new IngestBatch(List.of(events), List.of())));
    }

    private static Event event(UUID client, Instant timestamp) {
        return new Event(UUID.randomUUID(), client, "s", "page", "view", "{}", timestamp, timestamp);
    }

    private static RejectedEvent rejected(Instant receivedAt) {
        return new RejectedEvent(UUID.randomUUID(), A, receivedAt, "{}", List.of(new FieldError("name", "missing")));
    }

    private List<String> partitions() {
        return jdbc.sql("select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid"
                        + " where i.inhparent = cast('events' as regclass) order by 1")
                .query(String.class)
                .list();
    }

    private List<UUID> ids(String table) {
        return jdbc.sql("select id from " + table).query(UUID.class).list();
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    private Instant oldest(UUID client) {
        return jdbc.sql("select min(\"timestamp\") from events where client_id = ?")
                .param(client)
                .query((rs, n) -> SqlDialect.POSTGRESQL.instant(rs, 1))
                .single();
    }
}
