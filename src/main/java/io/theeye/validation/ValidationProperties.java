package io.theeye.validation;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The rules every event is held to, whichever way it comes in (the API, Segment's paths, a replay), and how much of a
 * refused one is kept. Set under {@code the-eye.ingest}, beside the limits of the HTTP edge, as they always were.
 *
 * @param maxDataSize largest {@code data} object of one event, serialised
 * @param futureAllowance how far past the receipt time an event's timestamp may lie (clients' clocks run ahead)
 * @param skewThreshold how far an event's {@code sent_at} (the sender's clock when it sent) may lie from the receipt
 *     time before its timestamp is corrected by the difference; within it, network delay is not folded in
 * @param rejectedRawMaxChars how much of a refused event (or of an unreadable batch from a broker) is kept in {@code
 *     rejected_events}
 */
@Validated
@ConfigurationProperties("the-eye.ingest")
public record ValidationProperties(
        @NotNull DataSize maxDataSize,
        @NotNull Duration futureAllowance,
        @NotNull Duration skewThreshold,
        @Min(0) int rejectedRawMaxChars) {

    public ValidationProperties {
        if (skewThreshold != null && skewThreshold.isNegative()) {
            throw new IllegalArgumentException(
                    "the-eye.ingest.skew-threshold must not be negative, not " + skewThreshold);
        }
    }
}
