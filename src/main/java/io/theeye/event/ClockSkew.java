package io.theeye.event;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Corrects an event's timestamp for its sender's clock: with the sender's clock when it sent ({@code sent_at},
 * Segment's {@code sentAt}) and the receipt time, a timestamp taken on a clock that runs fast or slow becomes {@code
 * timestamp + (received - sent_at)}. Only a skew larger than the threshold is corrected, so that network delay, which
 * also separates the two, is not folded into timestamps.
 */
public final class ClockSkew {

    private final Duration threshold;

    /** @param threshold the largest difference between {@code sent_at} and the receipt time left uncorrected */
    public ClockSkew(Duration threshold) {
        this.threshold = Objects.requireNonNull(threshold, "threshold");
    }

    /** How far the receipt time lies after the sender's clock: negative for a clock that runs fast. */
    public static Duration skew(Instant sentAt, Instant receivedAt) {
        return Duration.between(sentAt, receivedAt);
    }

    /**
     * The timestamp to store: corrected by the skew when it is larger than the threshold (either way), else as sent.
     * The result may fall outside the years an event can have; the caller checks it as any timestamp.
     */
    public Instant corrected(Instant timestamp, Instant sentAt, Instant receivedAt) {
        Duration skew = skew(sentAt, receivedAt);
        return skew.abs().compareTo(threshold) > 0 ? timestamp.plus(skew) : timestamp;
    }
}
