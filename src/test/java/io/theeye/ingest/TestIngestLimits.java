package io.theeye.ingest;

import java.time.Duration;
import org.springframework.util.unit.DataSize;

/** The ingest limits as the defaults set them, for tests that build exchanges by hand. */
final class TestIngestLimits {

    private TestIngestLimits() {}

    static IngestProperties defaults() {
        return new IngestProperties(
                DataSize.ofMegabytes(1), 1000, Duration.ofSeconds(30), 256, 64, Duration.ofSeconds(10));
    }
}
