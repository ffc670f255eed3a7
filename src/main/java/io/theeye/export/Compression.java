package io.theeye.export;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the pages of an exported file are compressed; every engine that reads Parquet reads both. Free of Parquet's
 * classes, so that settings can name it without loading the writer.
 */
public enum Compression {
    /** Smaller files, a little slower to write. */
    ZSTD,
    /** Faster to write, larger files. */
    SNAPPY;

    /** The compression by its name in any case ({@code zstd}, {@code snappy}). */
    public static Compression parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "compression is one of "
                            + Arrays.stream(values())
                                    .map(value -> value.name().toLowerCase(Locale.ROOT))
                                    .collect(Collectors.joining(", "))
                            + ", not " + name,
                    e);
        }
    }
}
