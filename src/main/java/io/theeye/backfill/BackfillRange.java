package io.theeye.backfill;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The events a backfill writes: those of a client (every client's when null) <em>received</em> from {@code from}
 * (inclusive; null: the first) to {@code to} (exclusive; null: the last). Received, as the layout's partitions are:
 * a range of whole hours writes whole partitions, and the events received in a past range no longer change.
 *
 * <p>The range names its files, the same in every partition: {@code backfill-<from>-<to>}, each end in UTC
 * ({@code 20260101T000000Z}, a fraction when it has one) or {@code start} and {@code end}. So a backfill run again
 * replaces its own files, and a file tells which range it holds.
 */
public record BackfillRange(UUID clientId, Instant from, Instant to) {

    private static final String PREFIX = "backfill-";
    private static final String NO_START = "start";
    private static final String NO_END = "end";
    private static final DateTimeFormatter END = new DateTimeFormatterBuilder()
            .appendPattern("uuuuMMdd'T'HHmmss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
            .toFormatter();
    private static final String ONE_END = "\\d{8}T\\d{6}(?:\\.\\d{1,9})?Z";
    private static final Pattern FILE =
            Pattern.compile("backfill-(" + NO_START + "|" + ONE_END + ")-(" + NO_END + "|" + ONE_END + ")\\.parquet");

    public BackfillRange {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("a range starts before it ends, not from " + from + " to " + to);
        }
    }

    /** The name, without {@code .parquet}, of this range's file in each partition. */
    public String fileName() {
        return PREFIX + (from == null ? NO_START : text(from)) + "-" + (to == null ? NO_END : text(to));
    }

    /**
     * The times of the range whose file this is ({@code client_id} null: a name does not tell it), or null when it is
     * not a backfill's file.
     */
    static BackfillRange ofFile(String fileName) {
        Matcher file = FILE.matcher(fileName);
        if (!file.matches()) {
            return null;
        }
        Instant from = file.group(1).equals(NO_START) ? null : instant(file.group(1));
        Instant to = file.group(2).equals(NO_END) ? null : instant(file.group(2));
        return from != null && to != null && !from.isBefore(to) ? null : new BackfillRange(null, from, to);
    }

    /** Whether some instant is in both ranges' times. */
    boolean overlapsInTime(BackfillRange other) {
        return (from == null || other.to == null || from.isBefore(other.to))
                && (other.from == null || to == null || other.from.isBefore(to));
    }

    /** Whether both ranges have the same times: the files of one are the other's. */
    boolean sameTimes(BackfillRange other) {
        return fileName().equals(other.fileName());
    }

    /** As a person reads it: the client and the times. */
    public String describe() {
        return (clientId == null ? "every client's events" : "client " + clientId + "'s events") + " received "
                + (from == null ? "" : "from " + from + " ") + (to == null ? "up to now" : "before " + to);
    }

    private static String text(Instant instant) {
        return END.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC)) + "Z";
    }

    private static Instant instant(String text) {
        return LocalDateTime.parse(text.substring(0, text.length() - 1), END).toInstant(ZoneOffset.UTC);
    }
}
