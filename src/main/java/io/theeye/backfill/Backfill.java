package io.theeye.backfill;

import io.theeye.event.Event;
import io.theeye.export.Compression;
import io.theeye.export.ContinuousExportMarker;
import io.theeye.export.Destination;
import io.theeye.export.Destinations;
import io.theeye.export.ExportPartition;
import io.theeye.export.ExportedEvent;
import io.theeye.export.ParquetEventWriter;
import io.theeye.export.S3Settings;
import io.theeye.exporter.ExporterProperties;
import io.theeye.store.ExportProgressStore;
import io.theeye.store.ReceivedEvents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * Writes the events of a range to a destination in the continuous export's layout and columns, then stops: one file
 * per partition (client and hour received), named after the range ({@link BackfillRange#fileName}), each written as
 * its events stream from the store and made visible whole by the destination. Before anything is written it refuses a
 * destination that is, or contains, a continuous export (known to this database, or marked by its exporter), or that
 * holds a backfill of another range overlapping this one: either way some events would be in two files.
 */
public final class Backfill {

    /** How often, in events, progress is told. */
    private static final int PROGRESS_EVERY = 1000;

    private static final String OWN_PREFIX = "Give the backfill a prefix of its own, neither that destination nor one"
            + " that contains it: a folder beside it, or below it.";

    private final ReceivedEvents events;
    private final ExportProgressStore continuous;
    private final ExporterProperties settings;

    /** @param settings the continuous export's, whose compression and S3 settings a backfill shares */
    public Backfill(ReceivedEvents events, ExportProgressStore continuous, ExporterProperties settings) {
        this.events = events;
        this.continuous = continuous;
        this.settings = settings;
    }

    /** Told the number of events written so far, as the backfill goes. */
    @FunctionalInterface
    public interface Progress {

        /**
         * Once the destination is accepted, before the first event: how many the range holds, counted (a scan of
         * the range) only if asked.
         */
        default void starting(LongSupplier total) {}

        void exported(long events);
    }

    /** What a backfill wrote. */
    public record Summary(long events, long files, long bytes) {}

    /**
     * Writes the range's events to the destination.
     *
     * @throws BackfillRefused before anything is written, when the destination is not one a backfill may write to
     * @throws IOException when a file could not be written; the files written before it stay, each complete, and a
     *     run of the same range again replaces them
     */
    public Summary run(URI url, BackfillRange range, Progress progress) throws IOException {
        DestinationPrefix prefix = prefix(url);
        refuseContinuousExportsOfThisDatabase(url, prefix);
        Destination destination = open(url);
        try (destination) {
            refuseWhatTheDestinationHolds(url, destination.list(""), range);
            progress.starting(() -> events.count(range.clientId(), range.from(), range.to()));
            return write(destination, range, progress);
        }
    }

    private static DestinationPrefix prefix(URI url) {
        DestinationPrefix prefix;
        try {
            prefix = DestinationPrefix.of(url);
        } catch (IllegalArgumentException e) {
            throw new BackfillRefused(e.getMessage(), e);
        }
        if (prefix.folders().stream().anyMatch(folder -> folder.startsWith("client_id="))) {
            throw new BackfillRefused(url + " is inside a partition folder (client_id=...) of an export: engines"
                    + " reading that export would read the backfill's events as its own. Give the backfill a prefix"
                    + " of its own.");
        }
        return prefix;
    }

    private void refuseContinuousExportsOfThisDatabase(URI url, DestinationPrefix prefix) {
        for (String exported : continuous.destinations()) {
            DestinationPrefix other;
            try {
                other = DestinationPrefix.of(URI.create(exported));
            } catch (IllegalArgumentException e) {
                continue; // not a URL an exporter could have written to
            }
            if (other.within(prefix)) {
                throw new BackfillRefused(url + (other.equals(prefix) ? " is" : " contains") + " the destination of"
                        + " the continuous export to " + exported + " (its progress is in this database): a backfill"
                        + " there would put events in files twice. " + OWN_PREFIX);
            }
        }
    }

    private static void refuseWhatTheDestinationHolds(URI url, List<String> keys, BackfillRange range) {
        String ofClient = range.clientId() == null ? "" : "client_id=" + range.clientId() + "/";
        for (String key : keys) {
            if (ContinuousExportMarker.isMarker(key)) {
                throw new BackfillRefused(url + (key.equals(ContinuousExportMarker.KEY) ? " is" : " contains")
                        + " the destination of a continuous export (its exporter left " + key + "): a backfill there"
                        + " would put events in files twice. " + OWN_PREFIX);
            }
            BackfillRange other = BackfillRange.ofFile(key.substring(key.lastIndexOf('/') + 1));
            if (other != null && key.startsWith(ofClient) && other.overlapsInTime(range) && !other.sameTimes(range)) {
                throw new BackfillRefused(url + " holds a backfill of another range that overlaps this one (" + key
                        + "): the events of both would be in two files. Give the same --from and --to to write that"
                        + " backfill again, or a prefix of its own.");
            }
        }
    }

    private Destination open(URI url) {
        try {
            return Destinations.open(
                    url,
                    S3Settings.of(
                            settings.s3().endpoint(),
                            settings.s3().region(),
                            settings.s3().pathStyle()));
        } catch (IllegalArgumentException e) {
            throw new BackfillRefused(e.getMessage(), e);
        }
    }

    private Summary write(Destination destination, BackfillRange range, Progress progress) throws IOException {
        ParquetEventWriter writer = new ParquetEventWriter(Compression.parse(settings.compression()));
        String name = range.fileName();
        try {
            return events.read(range.clientId(), range.from(), range.to(), stream -> {
                PartitionRuns runs = new PartitionRuns(stream, progress);
                long files = 0;
                long bytes = 0;
                while (runs.hasNext()) {
                    ExportPartition partition = runs.next();
                    long[] size = {0};
                    try {
                        destination.publish(partition.key(name), file -> {
                            writer.write(runs.events(), file);
                            size[0] = Files.size(file);
                        });
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    files++;
                    bytes += size[0];
                }
                progress.exported(runs.exported);
                return new Summary(runs.exported, files, bytes);
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * The events of a stream in partition order, a partition at a time: {@link #next} moves to the next partition,
     * {@link #events} gives its events, read one ahead at most.
     */
    private static final class PartitionRuns {

        private final Iterator<Event> source;
        private final Progress progress;
        private ExportedEvent ahead;
        private ExportPartition current;
        private long exported;

        PartitionRuns(Stream<Event> events, Progress progress) {
            this.source = events.iterator();
            this.progress = progress;
        }

        boolean hasNext() {
            return ahead != null || source.hasNext();
        }

        /** The partition of the next event not taken: a writer takes its partition's events whole. */
        ExportPartition next() {
            if (ahead == null) {
                ahead = ExportedEvent.of(source.next());
            }
            current = ExportPartition.of(ahead);
            return current;
        }

        /** The current partition's events, read from the store as they are taken. */
        Iterator<ExportedEvent> events() {
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    if (ahead == null && source.hasNext()) {
                        ahead = ExportedEvent.of(source.next());
                    }
                    return ahead != null && ExportPartition.of(ahead).equals(current);
                }

                @Override
                public ExportedEvent next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    ExportedEvent event = ahead;
                    ahead = null;
                    if (++exported % PROGRESS_EVERY == 0) {
                        progress.exported(exported);
                    }
                    return event;
                }
            };
        }
    }
}
