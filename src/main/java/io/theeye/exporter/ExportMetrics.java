package io.theeye.exporter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;

/** What the exporter did and how far behind the store it is. */
final class ExportMetrics {

    private final AtomicLong lagEvents = new AtomicLong();
    private final AtomicLong lagSeconds = new AtomicLong();
    private final Counter events;
    private final Counter files;
    private final Counter bytes;
    private final Counter failures;

    ExportMetrics(MeterRegistry meters) {
        Gauge.builder("theeye.export.lag.events", lagEvents, AtomicLong::get)
                .description("Stored events not exported yet (counted up to " + ExportLags.MOST_COUNTED + ")")
                .register(meters);
        Gauge.builder("theeye.export.lag.seconds", lagSeconds, AtomicLong::get)
                .description("How long ago the oldest event not exported yet was received; 0 when none waits")
                .register(meters);
        events = Counter.builder("theeye.export.events")
                .description("Events written to exported files (an event of a batch written again counts again)")
                .register(meters);
        files = Counter.builder("theeye.export.files")
                .description("Parquet files published to the destination")
                .register(meters);
        bytes = Counter.builder("theeye.export.bytes")
                .description("Bytes of the Parquet files published")
                .register(meters);
        failures = Counter.builder("theeye.export.failures")
                .description("Batches whose export failed, to be tried again")
                .register(meters);
    }

    void lag(long eventsWaiting, long secondsWaiting) {
        lagEvents.set(eventsWaiting);
        lagSeconds.set(secondsWaiting);
    }

    void published(int eventsInFile, long fileBytes) {
        events.increment(eventsInFile);
        files.increment();
        bytes.increment(fileBytes);
    }

    void failed() {
        failures.increment();
    }
}
