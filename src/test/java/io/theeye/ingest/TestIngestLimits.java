package io.theeye.ingest;

import java.time.Duration;
import org.springframework.util.unit.DataSize;

/** The ingest limits as the defaults set them, for tests that build parsers and exchanges by hand. */
final class TestIngestLimits {

    private TestIngestLimits() {}

    static IngestProperties defaults() {
        return with(DataSize.ofKilobytes(64), Duration.ZERO);
    }

    /** The defaults with another limit on an event's data and another allowance for timestamps in the future. */
    static IngestProperties with(DataSize maxDataSize, Duration futureAllowance) {
        return new IngestProperties(
                DataSize.ofMegabytes(1),
                1000,
                maxDataSize,
                futureAllowance,
                8192,
                Duration.ofSeconds(30),
                256,
                64,
                Duration.ofSeconds(10),
                Duration.ofSeconds(1));
    }
}
