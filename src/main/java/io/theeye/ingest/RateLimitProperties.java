package io.theeye.ingest;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How many events each client may send: a token bucket per client, counted in events, not requests.
 *
 * @param eventsPerSecond the rate a client's bucket refills at; 0 turns rate limiting off
 * @param burst the most events the bucket holds, so the most a client may send at once after a quiet spell; 0 means
 *     one second's worth ({@code eventsPerSecond})
 */
@Validated
@ConfigurationProperties("the-eye.rate-limit")
public record RateLimitProperties(
        @DefaultValue("0") @Min(0) int eventsPerSecond,
        @DefaultValue("0") @Min(0) int burst) {

    boolean enabled() {
        return eventsPerSecond > 0;
    }

    /** The bucket's size. */
    int bucket() {
        return burst > 0 ? burst : eventsPerSecond;
    }
}
