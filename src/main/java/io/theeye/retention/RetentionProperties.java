package io.theeye.retention;

import io.theeye.store.ClientRules;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How long events are kept (defaults in application.properties).
 *
 * @param events how long an event is kept, counted from its {@code timestamp}, unless its client has a retention of
 *     its own; null: for ever
 * @param rejected how long a refused event is kept, counted from its receipt; null: for ever
 * @param interval how often a process that runs expiry in the background ({@code serve}) looks for expired events
 */
@Validated
@ConfigurationProperties("the-eye.retention")
public record RetentionProperties(
        Duration events, Duration rejected, @NotNull Duration interval) {

    /** A cutoff is a whole minute: a retention shorter than one would mean nothing more. */
    static final Duration SHORTEST = Duration.ofMinutes(1);

    /** As long as a client's own may be. */
    static final Duration LONGEST = Duration.ofDays(ClientRules.LONGEST_RETENTION_DAYS);

    public RetentionProperties {
        check(events, "the-eye.retention.events (THE_EYE_RETENTION)");
        check(rejected, "the-eye.retention.rejected (THE_EYE_REJECTED_RETENTION)");
        if (interval != null && (interval.isNegative() || interval.toMillis() < 1)) {
            throw new IllegalArgumentException(
                    "the-eye.retention.interval (THE_EYE_RETENTION_INTERVAL) must be at least 1ms, not " + interval);
        }
    }

    private static void check(Duration retention, String property) {
        if (retention != null && (retention.compareTo(SHORTEST) < 0 || retention.compareTo(LONGEST) > 0)) {
            throw new IllegalArgumentException(property + " must be empty (keep everything) or from 1m to "
                    + ClientRules.LONGEST_RETENTION_DAYS + "d, such as 90d; not " + retention);
        }
    }
}
