package io.theeye.deletion;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How API processes keep their copy of the suppressions.
 *
 * @param refreshInterval how often each API process reads the suppressions again, for changes made by another process
 *     (the command line, another API process), and adds up the events it kept out; a change made through this
 *     process's admin UI applies at once; at least 1 ms
 */
@Validated
@ConfigurationProperties("the-eye.suppressions")
public record SuppressionProperties(
        @NotNull @DurationMin(millis = 1, message = "must be at least 1ms (0s would look without pause)")
        Duration refreshInterval) {}
