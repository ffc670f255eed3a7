package io.theeye.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.event.Event;
import io.theeye.event.FieldError;
import io.theeye.event.IngestBatch;
import io.theeye.event.RejectedEvent;
import io.theeye.store.EventExpiry.Plan;
import io.theeye.store.EventExpiry.Removed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What every {@link EventExpiry} does, whatever its database: it removes exactly the events before their client's
 * cutoff (its own, or the default) and the refused events received before theirs, says exactly how many, and removes
 * nothing more when run again. Each database's tests extend it.
 */
public abstract class EventExpiryContract {

    /** A whole minute, as every plan's cutoffs are. */
    static final Instant CUTOFF = Instant.parse("2026-06-01T12:00:00Z");

    private static final Instant RECEIVED = Instant.parse("2026-12-07T08:00:00Z");

    private HikariDataSource database;
    private EventStore store;
    private EventExpiry expiry;

    /** A new, migrated database. */
    protected abstract HikariDataSource newDatabase();

    /** The expiry under test, on that database. */
    protected abstract EventExpiry expiry(HikariDataSource database);

    @BeforeEach
    void open() {
        database = newDatabase();
        store = TestStores.eventStore(database);
        expiry = expiry(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void removesEveryEventBeforeTheDefaultCutoffAndKeepsTheRest() {
        UUID shop = newClient();
        UUID blog = newClient();
        List<UUID> expired = new ArrayList<>();
        expired.add(store(shop, CUTOFF.minus(Duration.ofDays(400))));
        expired.add(store(shop, CUTOFF.minus(Duration.ofHours(3))));
        expired.add(store(shop, CUTOFF.minusNanos(1000)));
        expired.add(store(blog, CUTOFF.minus(Duration.ofDays(1))));
        UUID atTheCutoff = store(shop, CUTOFF);
        UUID after = store(blog, CUTOFF.plus(Duration.ofDays(2)));

        Removed removed = expiry.expire(new Plan(Optional.of(CUTOFF), Map.of(), Optional.empty()));

        assertThat(removed).isEqualTo(new Removed(expired.size(), 0));
        assertThat(storedIds()).containsExactlyInAnyOrder(atTheCutoff, after);
    }

    @Test
    void aClientsOwnCutoffReplacesTheDefaultWhetherShorterOrLonger() {
        UUID byDefault = newClient();
        UUID shorter = newClient();
        UUID longer = newClient();
        Instant shorterCutoff = CUTOFF.plus(Duration.ofDays(10));
        Instant longerCutoff = CUTOFF.minus(Duration.ofDays(10));
        Instant between = CUTOFF.minus(Duration.ofDays(5));
        Instant afterDefault = CUTOFF.plus(Duration.ofDays(5));
        store(byDefault, between);
        UUID keptByDefault = store(byDefault, afterDefault);
        store(shorter, between);
        store(shorter, afterDefault);
        UUID keptByShorter = store(shorter, shorterCutoff);
        UUID keptByLonger = store(longer, between);
        UUID keptByLongerToo = store(longer, afterDefault);
        store(longer, longerCutoff.minus(Duration.ofMinutes(1)));

        Removed removed = expiry.expire(
                new Plan(Optional.of(CUTOFF), Map.of(shorter, shorterCutoff, longer, longerCutoff), Optional.empty()));

        assertThat(removed.events()).isEqualTo(4);
        assertThat(storedIds()).containsExactlyInAnyOrder(keptByDefault, keptByShorter, keptByLonger, keptByLongerToo);
    }

    @Test
    void withoutADefaultOnlyClientsWithTheirOwnCutoffLoseEvents() {
        UUID kept = newClient();
        UUID limited = newClient();
        UUID old = store(kept, CUTOFF.minus(Duration.ofDays(1000)));
        store(limited, CUTOFF.minus(Duration.ofDays(1)));
        UUID recent = store(limited, CUTOFF.plus(Duration.ofMinutes(1)));

        Removed removed = expiry.expire(new Plan(Optional.empty(), Map.of(limited, CUTOFF), Optional.empty()));

        assertThat(removed).isEqualTo(new Removed(1, 0));
        assertThat(storedIds()).containsExactlyInAnyOrder(old, recent);
    }

    @Test
    void removesRefusedEventsReceivedBeforeTheirCutoffAndNoEvents() {
        UUID shop = newClient();
        UUID event = store(shop, CUTOFF.minus(Duration.ofDays(100)));
        refuse(shop, CUTOFF.minus(Duration.ofDays(3)));
        refuse(null, CUTOFF.minus(Duration.ofMinutes(1)));
        refuse(shop, CUTOFF.minusNanos(1000));
        UUID atTheCutoff = refuse(shop, CUTOFF);
        UUID later = refuse(null, CUTOFF.plus(Duration.ofHours(1)));

        Removed removed = expiry.expire(new Plan(Optional.empty(), Map.of(), Optional.of(CUTOFF)));

        assertThat(removed).isEqualTo(new Removed(0, 3));
        assertThat(storedIds()).containsExactly(event);
        assertThat(refusalIds()).containsExactlyInAnyOrder(atTheCutoff, later);
    }

    @Test
    void countsExactlyWhenThousandsExpireSomeInOneMinute() {
        UUID busy = newClient();
        UUID quiet = newClient();
        Instant minute = CUTOFF.minus(Duration.ofDays(2));
        List<Event> events = new ArrayList<>();
        // More in one minute than a first batch holds, then one every few seconds over hours.
        for (int i = 0; i < 3000; i++) {
            events.add(event(busy, minute.plusMillis(i * 10L)));
        }
        for (int i = 0; i < 4000; i++) {
            events.add(event(
                    i % 2 == 0 ? busy : quiet, minute.plus(Duration.ofHours(1)).plusSeconds(i * 7L)));
        }
        UUID kept = store(quiet, CUTOFF);
        store.store(List.of(new IngestBatch(events, List.of())));
        List<RejectedEvent> refused = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            refused.add(refusal(i % 3 == 0 ? null : busy, minute.plusSeconds(i)));
        }
        store.store(List.of(new IngestBatch(List.of(), refused)));

        Removed removed = expiry.expire(new Plan(Optional.of(CUTOFF), Map.of(), Optional.of(CUTOFF)));

        assertThat(removed).isEqualTo(new Removed(7000, 2500));
        assertThat(storedIds()).containsExactly(kept);
        assertThat(refusalIds()).isEmpty();
    }

    @Test
    void aSecondRunRemovesNothingMore() {
        UUID shop = newClient();
        UUID own = newClient();
        store(shop, CUTOFF.minus(Duration.ofDays(1)));
        store(own, CUTOFF.minus(Duration.ofDays(1)));
        UUID kept = store(shop, CUTOFF.plus(Duration.ofDays(1)));
        refuse(shop, CUTOFF.minus(Duration.ofDays(1)));
        Plan plan = new Plan(Optional.of(CUTOFF), Map.of(own, CUTOFF), Optional.of(CUTOFF));

        assertThat(expiry.expire(plan)).isEqualTo(new Removed(2, 1));
        assertThat(expiry.expire(plan)).isEqualTo(new Removed(0, 0));
        assertThat(storedIds()).containsExactly(kept);
    }

    @Test
    void aPlanWithoutCutoffsRemovesNothing() {
        UUID event = store(newClient(), CUTOFF.minus(Duration.ofDays(10_000)));
        UUID refusal = refuse(null, CUTOFF.minus(Duration.ofDays(10_000)));

        assertThat(expiry.expire(new Plan(Optional.empty(), Map.of(), Optional.empty())))
                .isEqualTo(new Removed(0, 0));
        assertThat(storedIds()).containsExactly(event);
        assertThat(refusalIds()).containsExactly(refusal);
    }

    /** Stores an event of the client with that timestamp; returns its id. */
    protected UUID store(UUID client, Instant timestamp) {
        Event event = event(client, timestamp);
        store.store(List.of(new IngestBatch(List.of(event), List.of())));
        return event.id();
    }

    /** A client as the service knows it: every event belongs to one, and expiry goes client by client. */
    protected UUID newClient() {
        return TestStores.clientStore(database, Clock.systemUTC())
                .create("expiry")
                .clientId();
    }

    /** Stores a refusal received then; returns its id. */
    protected UUID refuse(UUID client, Instant receivedAt) {
        RejectedEvent refusal = refusal(client, receivedAt);
        store.store(List.of(new IngestBatch(List.of(), List.of(refusal))));
        return refusal.id();
    }

    protected List<UUID> storedIds() {
        return ids("select id from events");
    }

    protected List<UUID> refusalIds() {
        return ids("select rejection_id from rejected_events");
    }

    private List<UUID> ids(String query) {
        Map<UUID, UUID> ids = new HashMap<>();
        SqlDialect dialect = SqlDialect.forUrl(database.getJdbcUrl());
        JdbcClient.create(database)
                .sql(query)
                .query((rs, row) -> {
                    UUID id = dialect.uuid(rs, 1);
                    return ids.put(id, id);
                })
                .list();
        return List.copyOf(ids.values());
    }

    private static Event event(UUID client, Instant timestamp) {
        return new Event(UUID.randomUUID(), client, "s", "page", "view", "{}", timestamp, RECEIVED);
    }

    private static RejectedEvent refusal(UUID client, Instant receivedAt) {
        return new RejectedEvent(client, receivedAt, "{}", List.of(new FieldError("name", "required")));
    }
}
