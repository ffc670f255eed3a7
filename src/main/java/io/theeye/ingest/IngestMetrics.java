package io.theeye.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * What {@code POST /events} counts, in place of Spring's full request observation (which this path bypasses): events
 * accepted and rejected, and every answer by outcome with its latency. Every meter is registered once, so a request
 * costs a few atomic additions.
 */
final class IngestMetrics {

    private final Counter acceptedEvents;
    private final Counter rejectedEvents;
    private final Counter rateLimited;
    private final Timer accepted;
    private final Timer rejected;
    private final Timer refused;
    private final Timer unavailable;
    private final Timer failed;

    IngestMetrics(MeterRegistry meters) {
        this.acceptedEvents = meters.counter("theeye.events.accepted");
        this.rejectedEvents = meters.counter("theeye.events.rejected");
        this.rateLimited = meters.counter("theeye.requests.rate.limited");
        this.accepted = timer(meters, "accepted", "202: events accepted and stored");
        this.rejected = timer(meters, "rejected", "400: no event valid, or the body not JSON");
        this.refused = timer(meters, "refused", "401, 413, 415, 429: the request was refused before its events");
        this.unavailable = timer(meters, "unavailable", "503: the events could not be stored now");
        this.failed = timer(meters, "error", "500: the server failed");
    }

    private static Timer timer(MeterRegistry meters, String outcome, String description) {
        return Timer.builder("theeye.ingest.requests")
                .description("POST /events answers by outcome (" + description + "), from the request's start")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(meters);
    }

    void stored(int acceptedCount, int rejectedCount) {
        if (acceptedCount > 0) {
            acceptedEvents.increment(acceptedCount);
        }
        if (rejectedCount > 0) {
            rejectedEvents.increment(rejectedCount);
        }
    }

    void answered(int status, long nanos) {
        Timer timer = switch (status) {
            case 200, 202 -> accepted;
            case 400 -> rejected;
            case 503 -> unavailable;
            case 500 -> failed;
            default -> refused;
        };
        timer.record(nanos, TimeUnit.NANOSECONDS);
        if (status == 429) {
            rateLimited.increment();
        }
    }
}
