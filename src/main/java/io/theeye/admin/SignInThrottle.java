package io.theeye.admin;

import io.theeye.store.SignInAttempts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Slows down guessing passwords by the {@link SignInRules}, with counts every API process on the database shares.
 * A try is counted as a failure before its password is checked, in one step with the decision to let it go, so that
 * tries made at once each count, and a try refused costs no password check.
 */
final class SignInThrottle {

    /** How often a process deletes counts past remembering, so that the table holds about an hour's failures. */
    private static final Duration FORGET_EVERY = Duration.ofMinutes(10);

    private final SignInAttempts attempts;
    private final Clock clock;
    private final AtomicReference<Instant> forgotten = new AtomicReference<>(Instant.MIN);

    SignInThrottle(SignInAttempts attempts, Clock clock) {
        this.attempts = attempts;
        this.clock = clock;
    }

    /**
     * Counts a try of this user from this address as failed, if it may go now; call {@link #succeeded} when its
     * password turns out right.
     *
     * @return empty when the try may go; else how long it must still wait, and it was not counted
     */
    Optional<Duration> reserve(String username, String address) {
        SignInRules rules = SignInRules.of(username, address);
        Instant now = clock.instant();
        // A look without locking first: a flood of tries already refused then writes nothing (nor holds SQLite's one
        // write lock, which the event writers need). A look that is out of date only lets a try on to the locked
        // decision below, or refuses it as it would have been refused a moment earlier.
        Instant allowed = rules.allowedAt(attempts.read(rules.keys()), now);
        if (allowed.isAfter(now)) {
            return Optional.of(Duration.between(now, allowed));
        }
        AtomicReference<Instant> refusedUntil = new AtomicReference<>();
        boolean counted = attempts.change(rules.keys(), now, counters -> {
            Instant at = rules.allowedAt(counters, now);
            if (at.isAfter(now)) {
                refusedUntil.set(at);
                return Optional.empty();
            }
            return Optional.of(rules.withFailure(counters, now));
        });
        if (!counted) {
            return Optional.of(Duration.between(now, refusedUntil.get()));
        }
        forgetOldCounts(now);
        return Optional.empty();
    }

    /** A try counted by {@link #reserve} had the right password: clears its pair's count, and takes it back. */
    void succeeded(String username, String address) {
        SignInRules rules = SignInRules.of(username, address);
        attempts.clear(rules.pairKey());
        attempts.takeBack(rules.sharedKeys());
    }

    private void forgetOldCounts(Instant now) {
        Instant last = forgotten.get();
        if (last.plus(FORGET_EVERY).isAfter(now) || !forgotten.compareAndSet(last, now)) {
            return;
        }
        attempts.forget(now.minus(SignInRules.FORGOTTEN_AFTER));
    }
}
