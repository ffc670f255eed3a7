package io.theeye.admin;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Slows down guessing passwords: after a few failed sign-ins for a user name, or from an address, each further try
 * must wait, twice as long after each failure (1 s, 2 s, 4 s ... up to 15 minutes). A success clears the count.
 * Counts are kept in memory, for an hour after the last failure, and for a bounded number of names and addresses.
 */
final class SignInThrottle {

    /** Failures for one user name before tries must wait. */
    static final int FREE_FAILURES_PER_USER = 5;
    /** Failures from one address (which may be a whole office) before tries must wait. */
    static final int FREE_FAILURES_PER_ADDRESS = 20;

    private static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    private static final Duration LONGEST_WAIT = Duration.ofMinutes(15);

    private final Clock clock;
    private final Cache<String, Failures> byUser = failures();
    private final Cache<String, Failures> byAddress = failures();

    SignInThrottle(Clock clock) {
        this.clock = clock;
    }

    private static Cache<String, Failures> failures() {
        return Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterWrite(Duration.ofHours(1))
                .build();
    }

    /** How long a try for this user from this address must still wait, if it must. */
    Optional<Duration> wait(String username, String address) {
        Instant now = clock.instant();
        Instant allowed = later(
                allowedAt(byUser.getIfPresent(key(username)), FREE_FAILURES_PER_USER),
                allowedAt(byAddress.getIfPresent(address), FREE_FAILURES_PER_ADDRESS));
        return allowed.isAfter(now) ? Optional.of(Duration.between(now, allowed)) : Optional.empty();
    }

    void failed(String username, String address) {
        Instant now = clock.instant();
        byUser.asMap().merge(key(username), new Failures(1, now), (old, one) -> new Failures(old.count() + 1, now));
        byAddress.asMap().merge(address, new Failures(1, now), (old, one) -> new Failures(old.count() + 1, now));
    }

    void succeeded(String username, String address) {
        byUser.invalidate(key(username));
        byAddress.invalidate(address);
    }

    private static Instant allowedAt(Failures failures, int free) {
        if (failures == null || failures.count() < free) {
            return Instant.MIN;
        }
        int doublings = Math.min(failures.count() - free, 20);
        Duration wait = FIRST_WAIT.multipliedBy(1L << doublings);
        return failures.last().plus(wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static String key(String username) {
        return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    }

    private record Failures(int count, Instant last) {}
}
