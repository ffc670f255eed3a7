package io.theeye.schema;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How events are held to payload schemas.
 *
 * @param required whether an event whose type has no schema is refused; by default it is accepted unchecked
 * @param refreshInterval how often each API process looks for schemas changed by another process (the command line,
 *     another API process); a change made through this process's API or admin UI applies at once; at least 1 ms
 */
@Validated
@ConfigurationProperties("the-eye.schemas")
public record SchemaProperties(
        boolean required,

        @NotNull @DurationMin(millis = 1, message = "must be at least 1ms (0s would look without pause)")
        Duration refreshInterval) {}
