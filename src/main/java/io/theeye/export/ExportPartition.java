package io.theeye.export;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The folder of an exported file: {@code client_id=<id>/date=YYYY-MM-DD/hour=HH}, Hive's layout, so that engines
 * skip the folders a query's filter on client, date or hour rules out. An event belongs to the hour (UTC) it was
 * received in, not the hour its timestamp names: the export follows the store in the order events were stored, so
 * the hours it writes advance with it and a late event (an old timestamp, sent now) adds no file to an hour long
 * written. A query by event time filters on {@code timestamp} as well as on the folders of the hours around it.
 *
 * @param hour the start of the hour, UTC
 */
public record ExportPartition(UUID clientId, Instant hour) {

    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR =
            DateTimeFormatter.ofPattern("HH").withZone(ZoneOffset.UTC);
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final String SUFFIX = ".parquet";

    public ExportPartition {
        if (!hour.truncatedTo(ChronoUnit.HOURS).equals(hour)) {
            throw new IllegalArgumentException("a partition's hour starts on the hour, not at " + hour);
        }
    }

    /** The partition an event's file goes to. */
    public static ExportPartition of(ExportedEvent event) {
        return new ExportPartition(event.clientId(), event.receivedAt().truncatedTo(ChronoUnit.HOURS));
    }

    /** The events by partition, each partition's in the order given, partitions in the order first met. */
    public static Map<ExportPartition, List<ExportedEvent>> split(List<ExportedEvent> events) {
        Map<ExportPartition, List<ExportedEvent>> byPartition = new LinkedHashMap<>();
        for (ExportedEvent event : events) {
            byPartition
                    .computeIfAbsent(of(event), partition -> new ArrayList<>())
                    .add(event);
        }
        return byPartition;
    }

    /** {@code client_id=<id>/date=YYYY-MM-DD/hour=HH}, without a slash at either end. */
    public String folder() {
        return "client_id=" + clientId + "/date=" + DATE.format(hour) + "/hour=" + HOUR.format(hour);
    }

    /**
     * The key of a file of this partition, relative to the destination: the folder, then the name and
     * {@code .parquet}. A name is letters, digits, dots, dashes and underscores, and starts with a letter or digit
     * (a leading dot marks files in progress).
     */
    public String key(String fileName) {
        if (!FILE_NAME.matcher(fileName).matches()) {
            throw new IllegalArgumentException(
                    "an exported file's name is letters, digits, '.', '-' and '_', starting with a letter or digit,"
                            + " not " + fileName);
        }
        return folder() + "/" + fileName + SUFFIX;
    }
}
