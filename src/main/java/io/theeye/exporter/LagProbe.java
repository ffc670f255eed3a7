package io.theeye.exporter;

import io.theeye.event.Event;
import io.theeye.store.EventFeed;
import io.theeye.store.EventPosition;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Measures how far the export is behind the store: events waiting, and the age of the oldest. */
final class LagProbe {

    /** Counting stops there: a lag this large is an alert either way, and counting further costs a longer scan. */
    static final long MOST_COUNTED = 1_000_000;

    private final EventFeed feed;
    private final Clock clock;
    private final ExportMetrics metrics;

    LagProbe(EventFeed feed, Clock clock, ExportMetrics metrics) {
        this.feed = feed;
        this.clock = clock;
        this.metrics = metrics;
    }

    void measure(EventPosition exported) {
        List<Event> oldest = feed.after(exported, 1).events();
        if (oldest.isEmpty()) {
            metrics.lag(0, 0);
            return;
        }
        long seconds = Math.max(
                0,
                Duration.between(oldest.getFirst().receivedAt(), clock.instant())
                        .toSeconds());
        metrics.lag(feed.countAfter(exported, MOST_COUNTED), seconds);
    }
}
