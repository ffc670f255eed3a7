package io.theeye.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.theeye.store.TestStores;
import io.theeye.support.SettableClock;
import io.theeye.support.TestDatabases;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sign-in rules, through the throttle and its counts in a real (SQLite) database. */
class SignInThrottleTests {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final SettableClock clock = new SettableClock(NOW);
    private HikariDataSource dataSource;
    private SignInThrottle throttle;

    @BeforeEach
    void setUp() {
        dataSource = TestStores.migrated(TestDatabases.newSqliteUrl(), "", "");
        throttle = new SignInThrottle(TestStores.signInAttempts(dataSource), clock);
    }

    @AfterEach
    void tearDown() {
        dataSource.close();
    }

    @Test
    void aFewFailuresCostNothing() {
        fail("alice", "203.0.113.1", SignInRules.FREE_FAILURES_PER_USER_AND_ADDRESS - 1);

        assertThat(throttle.reserve("alice", "203.0.113.1")).isEmpty();
    }

    @Test
    void eachTryIsCountedBeforeItsPasswordIsChecked() {
        for (int i = 0; i < SignInRules.FREE_FAILURES_PER_USER_AND_ADDRESS; i++) {
            assertThat(throttle.reserve("alice", "203.0.113.1")).isEmpty();
        }

        assertThat(throttle.reserve("alice", "203.0.113.1")).contains(Duration.ofSeconds(1));
    }

    @Test
    void eachFailureBeyondTheFreeOnesDoublesTheWaitOfThatUserFromThatAddress() {
        fail("alice", "203.0.113.1", SignInRules.FREE_FAILURES_PER_USER_AND_ADDRESS);
        assertThat(throttle.reserve("alice", "203.0.113.1")).contains(Duration.ofSeconds(1));

        for (int wait : new int[] {1, 2, 4}) {
            clock.advance(Duration.ofSeconds(wait));
            assertThat(throttle.reserve("alice", "203.0.113.1")).isEmpty();
        }

        assertThat(throttle.reserve("Alice ", "203.0.113.1")).contains(Duration.ofSeconds(8));
        assertThat(throttle.reserve("bob", "203.0.113.1")).isEmpty();
        clock.advance(Duration.ofSeconds(8));
        assertThat(throttle.reserve("alice", "203.0.113.1")).isEmpty();
    }

    @Test
    void theWaitStopsGrowingAtFifteenMinutes() {
        for (int i = 0; i < 40; i++) {
            throttle.reserve("alice", "203.0.113.1");
            clock.advance(Duration.ofMinutes(15));
        }
        clock.advance(Duration.ofMinutes(-15));

        assertThat(throttle.reserve("alice", "203.0.113.1")).contains(Duration.ofMinutes(15));
    }

    @Test
    void oneAddressFailingCannotLockTheUserOutElsewhere() {
        fail("alice", "203.0.113.1", SignInRules.FREE_FAILURES_PER_USER_AND_ADDRESS);

        assertThat(throttle.reserve("alice", "203.0.113.1")).isPresent();
        assertThat(throttle.reserve("alice", "198.51.100.1")).isEmpty();
    }

    @Test
    void failuresOfOneUserFromManyAddressesMakeEveryAddressWait() {
        for (int i = 0; i < SignInRules.FREE_FAILURES_PER_USER; i++) {
            assertThat(throttle.reserve("alice", "203.0.113." + i)).isEmpty();
        }

        assertThat(throttle.reserve("alice", "198.51.100.1")).contains(Duration.ofSeconds(1));
        assertThat(throttle.reserve("bob", "198.51.100.1")).isEmpty();
    }

    @Test
    void manyFailuresFromOneAddressMakeEveryUserThereWait() {
        for (int i = 0; i < SignInRules.FREE_FAILURES_PER_ADDRESS; i++) {
            assertThat(throttle.reserve("user" + i, "203.0.113.1")).isEmpty();
        }

        assertThat(throttle.reserve("somebody", "203.0.113.1")).contains(Duration.ofSeconds(1));
        assertThat(throttle.reserve("somebody", "203.0.113.2")).isEmpty();
    }

    @Test
    void anIpv6AddressCountsAsItsNetwork() {
        for (int i = 0; i < SignInRules.FREE_FAILURES_PER_USER_AND_ADDRESS; i++) {
            assertThat(throttle.reserve("alice", "2001:db8:1:2::" + Integer.toHexString(i + 1)))
                    .isEmpty();
        }

        assertThat(throttle.reserve("alice", "2001:db8:1:2:ffff:ffff:ffff:ffff"))
                .isPresent();
        assertThat(throttle.reserve("alice", "2001:db8:1:3::1")).isEmpty();
    }

    @Test
    void aSuccessClearsItsUserAndAddressButNotTheOtherCounts() {
        fail("alice", "203.0.113.1", SignInRules.FREE_FAILURES_PER_USER_AND_ADDRESS - 1);
        assertThat(throttle.reserve("alice", "203.0.113.1")).isEmpty();

        throttle.succeeded("alice", "203.0.113.1");

        fail("alice", "203.0.113.1", SignInRules.FREE_FAILURES_PER_USER_AND_ADDRESS - 1);
        assertThat(throttle.reserve("alice", "203.0.113.1")).isEmpty();
        assertThat(throttle.reserve("alice", "203.0.113.1")).isPresent();
    }

    @Test
    void successesDoNotCountAgainstTheUserOrTheAddress() {
        for (int i = 0; i < SignInRules.FREE_FAILURES_PER_USER + 1; i++) {
            assertThat(throttle.reserve("alice", "203.0.113.1")).isEmpty();
            throttle.succeeded("alice", "203.0.113.1");
        }
    }

    @Test
    void failuresAreForgottenAfterAnHour() {
        fail("alice", "203.0.113.1", SignInRules.FREE_FAILURES_PER_USER_AND_ADDRESS);

        clock.advance(Duration.ofHours(1));

        fail("alice", "203.0.113.1", SignInRules.FREE_FAILURES_PER_USER_AND_ADDRESS - 1);
        assertThat(throttle.reserve("alice", "203.0.113.1")).isEmpty();
    }

    /** Tries that go, and fail. */
    private void fail(String user, String address, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(throttle.reserve(user, address)).isEmpty();
        }
    }
}
