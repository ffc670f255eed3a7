package io.theeye.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.support.SettableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The maintenance lock lets one holder at a time work, whichever process (here: whichever instance, each with its own
 * connections) asks; a holder that died leaves a lease that another takes over once it has expired; a live holder
 * renews its own. Each subclass names the database.
 */
abstract class MaintenanceLockTestCases {

    private static final Duration LEASE = Duration.ofSeconds(30);

    private final SettableClock clock = new SettableClock(Instant.parse("2026-12-07T07:00:00Z"));
    private HikariDataSource database;

    abstract HikariDataSource newDatabase();

    @BeforeEach
    void open() {
        database = newDatabase();
    }

    @AfterEach
    void close() {
        database.close();
    }

    private MaintenanceLock lock(Clock clock, Duration lease) {
        return new MaintenanceLock(JdbcClient.create(database), SqlDialect.forUrl(database.getJdbcUrl()), clock, lease);
    }

    @Test
    void aSecondHolderIsTurnedAwayWhileTheFirstWorksAndGetsTheLockAfter() {
        MaintenanceLock first = lock(clock, LEASE);
        MaintenanceLock second = lock(clock, LEASE);

        Optional<String> outcome = first.whileHolding("expiry in serve 1@a", () -> {
            assertThat(second.whileHolding("retention run 2@b", () -> "ran")).isEmpty();
            assertThat(second.holder()).hasValueSatisfying(holder -> {
                assertThat(holder.holder()).isEqualTo("expiry in serve 1@a");
                assertThat(holder.since()).isEqualTo(clock.instant());
                assertThat(holder.leaseUntil()).isEqualTo(clock.instant().plus(LEASE));
            });
            return "done";
        });

        assertThat(outcome).hasValue("done");
        assertThat(second.holder()).isEmpty();
        assertThat(second.whileHolding("retention run 2@b", () -> "ran")).hasValue("ran");
    }

    @Test
    void workThatFailsReleasesTheLock() {
        MaintenanceLock first = lock(clock, LEASE);

        assertThatThrownBy(() -> first.whileHolding("failing", () -> {
                    throw new IllegalStateException("broken");
                }))
                .hasMessage("broken");

        assertThat(lock(clock, LEASE).whileHolding("next", () -> "ran")).hasValue("ran");
    }

    @Test
    void aDeadHoldersLockIsTakenOverOnceItsLeaseHasExpired() {
        // Taken, never renewed nor released: as a process killed while it held the lock leaves it.
        assertThat(lock(clock, LEASE).take("killed 9@a", UUID.randomUUID())).isTrue();
        MaintenanceLock survivor = lock(clock, LEASE);

        clock.advance(LEASE);
        assertThat(survivor.whileHolding("expiry in serve 2@b", () -> "ran")).isEmpty();

        clock.advance(Duration.ofMillis(1));
        assertThat(survivor.whileHolding("expiry in serve 2@b", () -> {
                    assertThat(survivor.holder().orElseThrow().holder()).isEqualTo("expiry in serve 2@b");
                    return "ran";
                }))
                .hasValue("ran");
    }

    @Test
    void aLiveHolderRenewsItsLeaseSoThatNobodyTakesItOver() {
        Duration shortLease = Duration.ofMillis(600);
        MaintenanceLock holder = lock(Clock.systemUTC(), shortLease);
        MaintenanceLock other = lock(Clock.systemUTC(), shortLease);

        holder.whileHolding("long work", () -> {
            Instant firstLease = holder.holder().orElseThrow().leaseUntil();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> Instant.now().isAfter(firstLease.plus(shortLease))
                            && holder.holder().orElseThrow().leaseUntil().isAfter(Instant.now()));
            assertThat(other.whileHolding("other", () -> "ran")).isEmpty();
            return null;
        });

        assertThat(other.whileHolding("other", () -> "ran")).hasValue("ran");
    }
}
