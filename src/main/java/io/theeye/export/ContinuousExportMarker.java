package io.theeye.export;

import java.io.IOException;
import java.nio.file.Files;

/**
 * The object a continuous exporter leaves at the root of its destination, {@code _the-eye-continuous-export}: it
 * tells a backfill that the prefix holds a continuous export even when the exporter's progress is in another
 * installation's database. The leading underscore keeps it out of what Spark, Hive and Trino read as data; it is not
 * a {@code .parquet} file, so no engine reading those takes it either.
 */
public final class ContinuousExportMarker {

    /** Its key, at the root of the destination. */
    public static final String KEY = "_the-eye-continuous-export";

    private ContinuousExportMarker() {}

    /** Leaves the marker in the destination if it is not there yet. */
    public static void ensure(Destination destination) throws IOException {
        if (!destination.exists(KEY)) {
            String text = "This prefix holds the continuous Parquet export of The Eye (bin/the-eye exporter) to "
                    + destination.url() + ". A backfill (bin/the-eye export) refuses to write here: give it a prefix"
                    + " of its own.\n";
            destination.publish(KEY, file -> Files.writeString(file, text));
        }
    }

    /** Whether a key (relative to some prefix) is a marker, at that prefix's root or in a folder below it. */
    public static boolean isMarker(String key) {
        return key.equals(KEY) || key.endsWith("/" + KEY);
    }
}
