package io.theeye.export;

import java.net.URI;
import java.nio.file.Path;

/** Opens a destination by its URL: {@code file:///path} or {@code s3://bucket/prefix}. */
public final class Destinations {

    private Destinations() {}

    /**
     * The destination the URL names; S3's are reached with those settings. The S3 client's classes are loaded only
     * for an {@code s3://} URL.
     */
    public static Destination open(URI url, S3Settings s3) {
        String scheme = url.getScheme() == null ? "" : url.getScheme();
        return switch (scheme) {
            case "file" -> new FileDestination(url, Path.of(url));
            case "s3" -> S3Destination.open(url, s3);
            default ->
                throw new IllegalArgumentException(
                        "an export destination is file:///path/to/folder or s3://bucket/prefix, not " + url);
        };
    }
}
