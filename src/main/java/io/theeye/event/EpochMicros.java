package io.theeye.event;

import java.time.Instant;

/**
 * Instants as whole microseconds since the epoch, the precision events are kept to: how the queue, the cursors and
 * the embedded database write them. Exact both ways for every instant of microsecond precision.
 */
public final class EpochMicros {

    private static final long PER_SECOND = 1_000_000L;

    private EpochMicros() {}

    /** @throws ArithmeticException for an instant too far from the epoch to count in a long */
    public static long of(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), PER_SECOND), instant.getNano() / 1000L);
    }

    /** Floors, so that instants before 1970 (negative counts) read back as they were written. */
    public static Instant toInstant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, PER_SECOND), Math.floorMod(micros, PER_SECOND) * 1000L);
    }
}
