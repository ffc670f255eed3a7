package io.theeye.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClockSkewTests {

    private static final Instant RECEIVED = Instant.parse("2025-06-01T12:00:00Z");
    private static final Instant TIMESTAMP = Instant.parse("2025-06-01T11:59:00Z");
    private final ClockSkew skew = new ClockSkew(Duration.ofSeconds(1));

    @Test
    void movesTheTimestampOfAClockRunningFastBackByItsLead() {
        assertThat(skew.corrected(TIMESTAMP.plusSeconds(3), RECEIVED.plusSeconds(3), RECEIVED))
                .isEqualTo(TIMESTAMP);
    }

    @Test
    void movesTheTimestampOfAClockRunningSlowForwardByItsLag() {
        assertThat(skew.corrected(TIMESTAMP.minusSeconds(3600), RECEIVED.minusSeconds(3600), RECEIVED))
                .isEqualTo(TIMESTAMP);
    }

    @Test
    void leavesTheTimestampAloneWithinTheThresholdEitherWay() {
        assertThat(skew.corrected(TIMESTAMP, RECEIVED.minusMillis(1000), RECEIVED))
                .isEqualTo(TIMESTAMP);
        assertThat(skew.corrected(TIMESTAMP, RECEIVED.plusMillis(1000), RECEIVED))
                .isEqualTo(TIMESTAMP);
        assertThat(skew.corrected(TIMESTAMP, RECEIVED.minusMillis(999), RECEIVED))
                .isEqualTo(TIMESTAMP);
    }

    @Test
    void correctsJustBeyondTheThresholdToTheMicrosecond() {
        Instant sentAt = RECEIVED.minus(Duration.ofSeconds(1).plusNanos(1000));

        assertThat(skew.corrected(TIMESTAMP, sentAt, RECEIVED))
                .isEqualTo(TIMESTAMP.plus(Duration.ofNanos(1_000_001_000)));
    }

    @Test
    void correctsEverySkewWithAThresholdOfZero() {
        ClockSkew exact = new ClockSkew(Duration.ZERO);

        assertThat(exact.corrected(TIMESTAMP, RECEIVED.minusNanos(1000), RECEIVED))
                .isEqualTo(TIMESTAMP.plusNanos(1000));
        assertThat(exact.corrected(TIMESTAMP, RECEIVED, RECEIVED)).isEqualTo(TIMESTAMP);
    }

    @Test
    void measuresTheSkewAsReceiptLessSentAt() {
        assertThat(ClockSkew.skew(RECEIVED.plusSeconds(3), RECEIVED)).isEqualTo(Duration.ofSeconds(-3));
    }
}
