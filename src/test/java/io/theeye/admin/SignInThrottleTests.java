package io.theeye.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SignInThrottleTests {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final SettableClock clock = new SettableClock();
    private final SignInThrottle throttle = new SignInThrottle(clock);

    @Test
    void aFewFailuresCostNothing() {
        fail("alice", "10.0.0.1", SignInThrottle.FREE_FAILURES_PER_USER - 1);

        assertThat(throttle.wait("alice", "10.0.0.1")).isEmpty();
    }

    @Test
    void eachFailureBeyondTheFreeOnesDoublesTheWaitForThatUser() {
        fail("alice", "10.0.0.1", SignInThrottle.FREE_FAILURES_PER_USER);
        assertThat(throttle.wait("alice", "10.0.0.2")).contains(Duration.ofSeconds(1));

        fail("alice", "10.0.0.1", 3);

        assertThat(throttle.wait("Alice ", "10.0.0.3")).contains(Duration.ofSeconds(8));
        assertThat(throttle.wait("bob", "10.0.0.3")).isEmpty();
        clock.now = NOW.plusSeconds(8);
        assertThat(throttle.wait("alice", "10.0.0.3")).isEmpty();
    }

    @Test
    void theWaitStopsGrowingAtFifteenMinutes() {
        fail("alice", "10.0.0.1", 40);

        assertThat(throttle.wait("alice", "10.0.0.9")).contains(Duration.ofMinutes(15));
    }

    @Test
    void manyFailuresFromOneAddressMakeEveryUserThereWait() {
        for (int i = 0; i < SignInThrottle.FREE_FAILURES_PER_ADDRESS; i++) {
            throttle.failed("user" + i, "10.0.0.1");
        }

        assertThat(throttle.wait("somebody", "10.0.0.1")).contains(Duration.ofSeconds(1));
        assertThat(throttle.wait("somebody", "10.0.0.2")).isEmpty();
    }

    @Test
    void aSuccessClearsTheCounts() {
        fail("alice", "10.0.0.1", SignInThrottle.FREE_FAILURES_PER_USER + 2);

        throttle.succeeded("alice", "10.0.0.1");

        assertThat(throttle.wait("alice", "10.0.0.1")).isEmpty();
    }

    private void fail(String user, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(user, address);
        }
    }

    private static final class SettableClock extends Clock {

        volatile Instant now = NOW;

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
