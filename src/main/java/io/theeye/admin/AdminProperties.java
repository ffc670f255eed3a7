package io.theeye.admin;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The admin UI's settings.
 *
 * @param rotationGrace how long a client's previous secret keeps working after a rotation, when the rotation does
 *     not say (the UI's form and {@code clients rotate} start from it)
 * @param tailBuffer most events waiting to be sent to one live-tail viewer; a viewer that falls further behind misses
 *     events and is told how many
 * @param tailMaxViewers most live-tail viewers at once; one more is refused with 503
 * @param tailPollInterval while anyone watches the live tail, how often each API process reads the events stored
 *     since (by any process); nothing is read while nobody watches
 */
@Validated
@ConfigurationProperties("the-eye.admin")
public record AdminProperties(
        @NotNull Duration rotationGrace,
        @Min(1) @Max(100_000) int tailBuffer,
        @Min(1) @Max(1000) int tailMaxViewers,
        @NotNull Duration tailPollInterval) {}
