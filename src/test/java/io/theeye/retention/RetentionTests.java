package io.theeye.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.store.ClientStore;
import io.theeye.store.EventExpiry;
import io.theeye.store.EventExpiry.Plan;
import io.theeye.store.EventExpiry.Removed;
import io.theeye.store.TestStores;
import io.theeye.support.SettableClock;
import io.theeye.support.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What has expired at a moment: whole minutes, rounded down, from the settings and clients' own retention; and the
 * settings a start refuses, naming the variable.
 */
class RetentionTests {

    private final HikariDataSource database = TestStores.migrated(TestDatabases.newSqliteUrl(), "", "");
    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-07T10:17:42.500Z"));
    private final ClientStore clients = TestStores.clientStore(database, clock);
    private final List<Plan> plans = new ArrayList<>();
    private final EventExpiry expiry = plan -> {
        plans.add(plan);
        return new Removed(0, 0);
    };

    @AfterEach
    void close() {
        database.close();
    }

    private Retention retention(Duration events, Duration rejected) {
        return new Retention(
                new RetentionProperties(events, rejected, Duration.ofMinutes(10)),
                clients,
                expiry,
                TestStores.maintenanceLock(database, clock),
                clock);
    }

    @Test
    void cutsWholeMinutesRoundedDownForTheDefaultClientsOwnAndRefusedEvents() {
        UUID week = clients.create("a week").clientId();
        UUID century = clients.create("a century").clientId();
        clients.create("the default");
        clients.setRetentionDays(week, 7);
        clients.setRetentionDays(century, 36_500);

        Optional<Removed> removed =
                retention(Duration.ofDays(90), Duration.ofHours(36)).expire("test");

        assertThat(removed).hasValue(new Removed(0, 0));
        assertThat(plans)
                .containsExactly(new Plan(
                        Optional.of(Instant.parse("2026-09-08T10:17:00Z")),
                        Map.of(
                                week, Instant.parse("2026-11-30T10:17:00Z"),
                                century, Instant.parse("1927-01-01T10:17:00Z")),
                        Optional.of(Instant.parse("2026-12-05T22:17:00Z"))));
    }

    @Test
    void withoutSettingsOnlyClientsOwnRetentionHasACutoff() {
        UUID own = clients.create("own").clientId();
        clients.setRetentionDays(own, 1);

        retention(null, null).expire("test");

        assertThat(plans)
                .containsExactly(new Plan(
                        Optional.empty(), Map.of(own, Instant.parse("2026-12-06T10:17:00Z")), Optional.empty()));
    }

    @Test
    void withNoRetentionAnywhereNeitherExpiresNorTakesTheLock() {
        clients.create("the default");

        Optional<Removed> removed = retention(null, null).expire("test");

        assertThat(removed).hasValue(new Removed(0, 0));
        assertThat(plans).isEmpty();
        assertThat(TestStores.maintenanceLock(database, clock).holder()).isEmpty();
        assertThat(JdbcClient.create(database)
                        .sql("select count(*) from maintenance_locks")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void refusesARetentionOutOfRangeNamingTheVariable() {
        Duration interval = Duration.ofMinutes(10);
        assertThatThrownBy(() -> new RetentionProperties(Duration.ofSeconds(59), null, interval))
                .hasMessageContaining("THE_EYE_RETENTION")
                .hasMessageContaining("from 1m to 36500d");
        assertThatThrownBy(() -> new RetentionProperties(null, Duration.ofDays(36_501), interval))
                .hasMessageContaining("THE_EYE_REJECTED_RETENTION");
        assertThatThrownBy(() -> new RetentionProperties(null, null, Duration.ZERO))
                .hasMessageContaining("THE_EYE_RETENTION_INTERVAL");
        assertThat(new RetentionProperties(Duration.ofMinutes(1), Duration.ofDays(36_500), interval).events())
                .isEqualTo(Duration.ofMinutes(1));
    }
}
