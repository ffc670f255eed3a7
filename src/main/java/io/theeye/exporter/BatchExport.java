package io.theeye.exporter;

import io.theeye.event.Event;
import io.theeye.export.ContinuousExportMarker;
import io.theeye.export.Destination;
import io.theeye.export.ExportPartition;
import io.theeye.export.ExportedEvent;
import io.theeye.export.ParquetEventWriter;
import io.theeye.store.EventFeed;
import io.theeye.store.EventPosition;
import io.theeye.store.ExportProgressStore;
import io.theeye.store.ExportProgressStore.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exports one batch, exactly once: (1) the next range of events after the recorded position, recorded pending before
 * any file is written; (2) one file per partition, named after the batch's number; (3) the position moved to the
 * range's end. A batch found pending (the last run stopped within it) is read again over exactly its range and its
 * files that are not visible yet are written, the same events under the same names. docs/export.md, "Exactly once".
 */
final class BatchExport {

    private static final Logger log = LoggerFactory.getLogger(BatchExport.class);

    /** What a call did. */
    enum Outcome {
        /** Nothing was waiting: the export is up to date. */
        UP_TO_DATE,
        /** A batch was exported; more may wait. */
        EXPORTED,
        /** Another exporter holds the destination now: nothing was recorded. */
        LEASE_LOST
    }

    private final EventFeed feed;
    private final ExportProgressStore progress;
    private final Destination destination;
    private final ParquetEventWriter writer;
    private final ExportMetrics metrics;
    private final Clock clock;
    private final String holder;
    private final int batchEvents;
    private boolean marked;

    BatchExport(
            EventFeed feed,
            ExportProgressStore progress,
            Destination destination,
            ParquetEventWriter writer,
            ExportMetrics metrics,
            Clock clock,
            String holder,
            int batchEvents) {
        this.feed = feed;
        this.progress = progress;
        this.destination = destination;
        this.writer = writer;
        this.metrics = metrics;
        this.clock = clock;
        this.holder = holder;
        this.batchEvents = batchEvents;
    }

    /** The row of the destination in {@code export_progress}. */
    String key() {
        return key(destination);
    }

    static String key(Destination destination) {
        String url = destination.url().toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The position every event up to which is exported, as recorded. */
    EventPosition exported() {
        return progress.find(key()).position();
    }

    /** Exports the pending batch if there is one, else the next; the caller holds the lease. */
    Outcome next() throws IOException {
        if (!marked) {
            // Tells a backfill, even one on another installation's database, that this prefix is taken.
            ContinuousExportMarker.ensure(destination);
            marked = true;
        }
        Progress now = progress.find(key());
        if (now.pending()) {
            log.info(
                    "Finishing batch {} ({} to {}), which the last exporter began",
                    now.batch(),
                    now.position(),
                    now.pendingEnd());
            write(now.batch(), range(now.position(), now.pendingEnd()), true);
            return finish(now.batch(), now.pendingEnd());
        }
        EventFeed.Page page = feed.after(now.position(), batchEvents);
        if (page.events().isEmpty()) {
            return Outcome.UP_TO_DATE;
        }
        if (!progress.begin(key(), holder, now.batch(), page.last(), clock.instant())) {
            return Outcome.LEASE_LOST;
        }
        // No file of this batch can be visible yet: it was not pending until now.
        write(now.batch(), page.events(), false);
        return finish(now.batch(), page.last());
    }

    private Outcome finish(long batch, EventPosition end) {
        return progress.finish(key(), holder, batch, end, clock.instant()) ? Outcome.EXPORTED : Outcome.LEASE_LOST;
    }

    /** The events after {@code from} up to {@code to} included, read in pages of the batch size. */
    private List<Event> range(EventPosition from, EventPosition to) {
        List<Event> events = new ArrayList<>();
        EventPosition cursor = from;
        while (cursor.compareTo(to) < 0) {
            EventFeed.Page page = feed.between(cursor, to, batchEvents);
            events.addAll(page.events());
            cursor = page.last();
        }
        return events;
    }

    private void write(long batch, List<Event> events, boolean skipVisible) throws IOException {
        String name = fileName(batch);
        Map<ExportPartition, List<ExportedEvent>> partitions =
                ExportPartition.split(events.stream().map(ExportedEvent::of).toList());
        for (Map.Entry<ExportPartition, List<ExportedEvent>> partition : partitions.entrySet()) {
            String key = partition.getKey().key(name);
            if (skipVisible && destination.exists(key)) {
                continue;
            }
            long[] size = {0};
            destination.publish(key, file -> {
                writer.write(partition.getValue(), file);
                size[0] = Files.size(file);
            });
            metrics.published(partition.getValue().size(), size[0]);
        }
    }

    /** {@code part-<batch, 12 digits>}: files sort in the order they were exported. */
    static String fileName(long batch) {
        return "part-%012d".formatted(batch);
    }
}
