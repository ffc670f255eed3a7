package io.theeye.auth;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How client tokens are checked.
 *
 * @param clockSkew leeway allowed on {@code exp}, {@code iat} and {@code nbf} for clocks that disagree
 * @param clientRefreshInterval how often the cache of clients is reloaded; a revoked client is refused within this
 *     interval (keep it under 5 s), and an id found to name no active client may be looked up again after it; at
 *     least 1 ms
 * @param unknownClientLookupInterval least time between two database look-ups of clients missing from the cache, so
 *     that tokens naming random clients cannot flood the database; a token refused for want of a look-up gets the
 *     answer an unknown client gets
 * @param verifiedTokensCached how many verified tokens are remembered, so that a token sent again is not parsed and
 *     checked again (its expiry and its client's revocation still are)
 * @param maxTokenLifetime the longest a token may be valid, from its {@code iat} to its {@code exp}: a leaked token is
 *     of use for at most this long, whatever its issuer chose
 * @param lastUsedWriteInterval how often the time each client was last used is written to the database (it is kept
 *     in memory in between, so that no request writes); at least 1 ms
 */
@Validated
@ConfigurationProperties("the-eye.auth")
public record AuthProperties(
        @NotNull Duration clockSkew,

        @NotNull @DurationMin(millis = 1, message = ONE_MILLISECOND)
        Duration clientRefreshInterval,

        @NotNull Duration unknownClientLookupInterval,
        @Min(0) int verifiedTokensCached,
        @NotNull Duration maxTokenLifetime,

        @NotNull @DurationMin(millis = 1, message = ONE_MILLISECOND)
        Duration lastUsedWriteInterval) {

    /** Said of an interval between runs of a task on a fixed delay, which cannot be 0. */
    private static final String ONE_MILLISECOND = "must be at least 1ms (0s would run it without pause)";
}
