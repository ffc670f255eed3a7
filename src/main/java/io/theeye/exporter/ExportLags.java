package io.theeye.exporter;

import io.theeye.event.Event;
import io.theeye.store.EventFeed;
import io.theeye.store.EventPosition;
import io.theeye.store.ExportProgressStore;
import io.theeye.store.ExportProgressStore.Progress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How far each continuous export is behind the store, read from the database alone: the exporter's own gauges, and
 * the dashboard of any API process (the exporter is another process), measure it the same way. Loads nothing of the
 * export itself.
 */
public final class ExportLags {

    /** Counting stops there: a lag this large is an alert either way, and counting further costs a longer scan. */
    public static final long MOST_COUNTED = 1_000_000;

    private final EventFeed feed;
    private final ExportProgressStore progress;
    private final Clock clock;

    public ExportLags(EventFeed feed, ExportProgressStore progress, Clock clock) {
        this.feed = feed;
        this.progress = progress;
        this.clock = clock;
    }

    /**
     * One destination's lag.
     *
     * @param destination its URL, as {@code export_progress} keys it
     * @param events stored events not exported yet, counted up to {@link #MOST_COUNTED}
     * @param seconds how long ago the oldest event not exported yet was received; 0 when none waits
     * @param holder the exporter holding the destination's lease now; null when none does (none runs, or the last
     *     one was killed and its lease has not expired... or has)
     */
    public record Lag(String destination, long events, long seconds, String holder) {

        /** Whether {@code events} is the whole count rather than where counting stopped. */
        public boolean counted() {
            return events < MOST_COUNTED;
        }
    }

    /** Every destination an exporter has written to, by URL; empty when no export was ever run. */
    public List<Lag> all() {
        Instant now = clock.instant();
        List<Lag> lags = new ArrayList<>();
        for (Map.Entry<String, Progress> destination : progress.findAll().entrySet()) {
            Progress p = destination.getValue();
            boolean held = p.holder() != null
                    && p.leaseUntil() != null
                    && !p.leaseUntil().isBefore(now);
            lags.add(behind(destination.getKey(), p.position(), held ? p.holder() : null, now));
        }
        return lags;
    }

    /** How far the events after {@code exported} are behind. */
    Lag behind(String destination, EventPosition exported, String holder) {
        return behind(destination, exported, holder, clock.instant());
    }

    private Lag behind(String destination, EventPosition exported, String holder, Instant now) {
        List<Event> oldest = feed.after(exported, 1).events();
        if (oldest.isEmpty()) {
            return new Lag(destination, 0, 0, holder);
        }
        long seconds = Math.max(
                0, Duration.between(oldest.getFirst().receivedAt(), now).toSeconds());
        return new Lag(destination, feed.countAfter(exported, MOST_COUNTED), seconds, holder);
    }
}
